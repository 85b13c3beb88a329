"""The peer model on small hand-made frames: distances worked out by hand, determinism, no self,
k peers, weights matter, ties by code, imputation from the size class."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipelines import peers
from pipelines.peers import NAMEN

EQUAL = {naam: 1.0 for naam in NAMEN}


def scaled(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    """A peer_features frame given its scaled columns; unnamed characteristics are 0 everywhere."""
    frame = pd.DataFrame({"gemeente_code": list(rows)})
    for naam in NAMEN:
        frame[f"{naam}_schaal"] = [values.get(naam, 0.0) for values in rows.values()]
    frame["grootteklasse"] = ["klein", "klein", "groot", "groot", "groot"][: len(rows)]
    frame["provincienaam"] = ["Utrecht"] * len(rows)
    return frame


FIVE = scaled({
    "GM0005": {"inwoners": 0.0, "woz": 0.0},
    "GM0001": {"inwoners": 0.3, "woz": 0.4},
    "GM0003": {"inwoners": 1.0, "woz": 0.0},
    "GM0004": {"inwoners": 0.0, "woz": 0.5},
    "GM0002": {"inwoners": 0.6, "woz": 0.8},
})


def test_distances_by_hand_and_no_self():
    result = peers.peer_sets(FIVE, EQUAL, k=4, gemeente_codes=["GM0005"])
    # from (0, 0): GM0001 sqrt(.09 + .16) = .5, GM0004 .5, GM0002 sqrt(.36 + .64) = 1, GM0003 1;
    # equal distances go to the lower code
    assert list(result["peer_code"]) == ["GM0001", "GM0004", "GM0002", "GM0003"]
    assert list(result["afstand"]) == pytest.approx([0.5, 0.5, 1.0, 1.0])
    assert list(result["rang"]) == [1, 2, 3, 4]
    assert set(result["methode"]) == {"kenmerken"}


def test_k_peers_for_everyone_never_itself_and_deterministic():
    first = peers.peer_sets(FIVE, EQUAL, k=2)
    again = peers.peer_sets(FIVE.sample(frac=1, random_state=3), EQUAL, k=2)
    pd.testing.assert_frame_equal(first, again)
    assert first.groupby("gemeente_code").size().to_dict() == {f"GM000{i}": 2 for i in range(1, 6)}
    assert not (first["gemeente_code"] == first["peer_code"]).any()


def test_weights_change_the_peers():
    # only woz counts: from GM0005 (woz 0) GM0003 (woz 0) is at distance 0
    woz_only = {naam: (1.0 if naam == "woz" else 0.0) for naam in NAMEN}
    assert peers.peer_sets(FIVE, woz_only, k=1, gemeente_codes=["GM0005"])["peer_code"].tolist() == ["GM0003"]
    # weight 2 on inhabitants: GM0001 sqrt(.6^2 + .4^2) = .721, GM0004 .5 -> GM0004 first
    heavy = dict(EQUAL, inwoners=2.0)
    result = peers.peer_sets(FIVE, heavy, k=2, gemeente_codes=["GM0005"])
    assert result["peer_code"].tolist() == ["GM0004", "GM0001"]
    assert result["afstand"].tolist() == pytest.approx([0.5, math.sqrt(0.36 + 0.16)])


def test_size_class_group_holds_the_others_of_the_class():
    result = peers.peer_sets(FIVE, EQUAL, "grootteklasse", gemeente_codes=["GM0003"])
    # classes in FIVE's order: GM0005, GM0001 klein; GM0003, GM0004, GM0002 groot. From GM0003 (1, 0):
    # GM0002 (.6, .8) sqrt(.16 + .64) = .894, GM0004 (0, .5) sqrt(1 + .25) = 1.118
    assert result["peer_code"].tolist() == ["GM0002", "GM0004"]
    assert result["afstand"].tolist() == pytest.approx([math.sqrt(0.8), math.sqrt(1.25)])


def test_missing_income_imputed_from_size_class_median_and_flagged():
    kenmerken = pd.DataFrame({
        "gemeente_code": ["GM0001", "GM0002", "GM0003", "GM0004"],
        "gemeentenaam": ["A", "B", "C", "D"],
        "provincienaam": ["Utrecht"] * 4,
        "grootteklasse_volgorde": [1, 1, 1, 5],
        "grootteklasse": ["klein", "klein", "klein", "groot"],
        "inwoners": [3000.0, 4000.0, 4500.0, 80000.0],
        "adressendichtheid": [300.0, 400.0, 500.0, 2000.0],
        "huishoudsgrootte": [2.1, 2.2, 2.3, 2.0],
        "pct_65_plus": [25.0, 22.0, 20.0, 18.0],
        "pct_herkomst_buiten_europa": [3.0, 4.0, 5.0, 15.0],
        "gem_inkomen_huishouden_x1000_euro": [50.0, np.nan, 56.0, 45.0],
        "pct_corporatiewoningen": [10.0, 12.0, 14.0, 30.0],
        "woz_x1000_euro": [400.0, 420.0, 440.0, 300.0],
    })
    features = peers.peer_features(kenmerken)
    row = features.set_index("gemeente_code").loc["GM0002"]
    assert row["gem_inkomen_huishouden"] == 53.0  # median of class 1: (50 + 56) / 2
    assert bool(row["gem_inkomen_huishouden_geschat"]) is True
    assert not features["woz_geschat"].any()
    # every scaled column spans exactly 0..1
    for naam in NAMEN:
        assert features[f"{naam}_schaal"].min() == 0 and features[f"{naam}_schaal"].max() == pytest.approx(1)
    # inhabitants are logged: (ln 4000 - ln 3000) / (ln 80000 - ln 3000)
    expected = (math.log(4000) - math.log(3000)) / (math.log(80000) - math.log(3000))
    assert row["inwoners_schaal"] == pytest.approx(expected)


def test_config_file_gives_k_15_and_a_weight_per_characteristic():
    config = peers.load_config()
    assert config.k == 15
    assert set(config.gewichten) == set(NAMEN)


def test_explanation_names_closest_and_farthest_characteristic():
    [text] = peers.toelichtingen(FIVE.sort_values("gemeente_code").reset_index(drop=True),
                                 {naam: (1.0 if naam in ("inwoners", "woz") else 0.0) for naam in NAMEN},
                                 pd.Series(["GM0005"]), pd.Series(["GM0003"]))
    # GM0005 (0, 0) vs GM0003 (1, 0): same WOZ, inhabitants differ most
    assert text == "Lijkt het meest op gemiddelde woz-waarde; verschilt het meest in inwoners."
