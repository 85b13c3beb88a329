"""The peer model on the real snapshot, against what a policy analyst believes (bench/peers_plausibility.py
has the criteria and prints them all). Before issue 12 98 of 342 municipalities had a peer outside one third
to three times their size, Tynaarlo's twin Noordenveld ranked 31st and Wageningen got Nijmegen and Groningen."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines import peers
from pipelines.settings import SHARED_CBS_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from peers_plausibility import criteria, snapshot_kenmerken  # noqa: E402


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory):
    if not SHARED_CBS_DIR.exists():
        pytest.skip(f"CBS-snapshot niet gevonden in {SHARED_CBS_DIR}")
    folder = tmp_path_factory.mktemp("plausibel")
    with pytest.MonkeyPatch.context() as patch:  # snapshot_kenmerken sets them; restored afterwards
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        kenmerken = snapshot_kenmerken(folder)
    config = peers.load_config()
    features = peers.peer_features(kenmerken)
    sets = peers.peer_sets(features, config.gewichten, "kenmerken", config.k)
    code = dict(zip(features["gemeentenaam"], features["gemeente_code"], strict=True))
    return features, sets, code


def peers_of(model, naam: str) -> set[str]:
    _, sets, code = model
    return set(sets.loc[sets["gemeente_code"] == code[naam], "peer_code"])


def test_hardly_any_municipality_gets_a_peer_outside_a_third_to_three_times_its_size(model):
    features, sets, _ = model
    uitkomst = criteria(features, sets)
    assert uitkomst["gemeenten met een peer buiten 1/3-3x inwoners"] < len(features) / 20


def test_neighbouring_twins_find_each_other(model):
    _, _, code = model
    assert code["Noordenveld"] in peers_of(model, "Tynaarlo")
    assert code["Tynaarlo"] in peers_of(model, "Noordenveld")
    assert code["Ameland"] in peers_of(model, "Schiermonnikoog")


def test_a_student_town_of_40000_gets_towns_of_its_size_not_the_big_student_cities(model):
    features, _, code = model
    inwoners = features.set_index("gemeente_code")["inwoners"]
    ratio = inwoners[list(peers_of(model, "Wageningen"))] / inwoners[code["Wageningen"]]
    assert ((ratio >= 1 / 3) & (ratio <= 3)).mean() >= 0.8
    assert not peers_of(model, "Wageningen") & {code["Nijmegen"], code["Groningen"], code["Eindhoven"]}
