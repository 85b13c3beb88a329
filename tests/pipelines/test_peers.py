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
        "pct_rond_sociaal_minimum": [5.0, 6.0, 7.0, 11.0],
        "netto_arbeidsparticipatie": [70.0, 71.0, 69.0, 66.0],
        "pct_studenten": [0.0, 1.0, 3.0, 7.0],
    })
    features = peers.peer_features(kenmerken)
    row = features.set_index("gemeente_code").loc["GM0002"]
    assert row["gem_inkomen_huishouden"] == 53.0  # median of class 1: (50 + 56) / 2
    assert bool(row["gem_inkomen_huishouden_geschat"]) is True
    assert not features["woz_geschat"].any()
    # robust scale: inhabitants logged, minus the median (ln 4000 + ln 4500) / 2, divided by the 10-90
    # percentile spread of four values: P90 at 2.7 of 0..3 (ln 4500 + .7 (ln 80000 - ln 4500)), P10 at .3
    ln = math.log
    p90 = ln(4500) + 0.7 * (ln(80000) - ln(4500))
    p10 = ln(3000) + 0.3 * (ln(4000) - ln(3000))
    assert row["inwoners_schaal"] == pytest.approx((ln(4000) - (ln(4000) + ln(4500)) / 2) / (p90 - p10))
    # a share on a ratio scale: ln(1 + 1%) for 1% of students, median ln(1 + 1) and ln(1 + 3) averaged
    studenten = [ln(1 + x) for x in (0.0, 1.0, 3.0, 7.0)]
    spread = (studenten[2] + 0.7 * (studenten[3] - studenten[2])) - (0.3 * studenten[1])
    assert row["pct_studenten_schaal"] == pytest.approx((studenten[1] - (studenten[1] + studenten[2]) / 2) / spread)
    # a share compared as a difference (social minimum): 6 against median 6.5, P90 9.8 and P10 5.3
    assert row["pct_sociaal_minimum_schaal"] == pytest.approx((6 - 6.5) / (9.8 - 5.3))


def test_a_figure_the_cbs_folder_lacks_counts_for_nobody():
    kenmerken = pd.DataFrame({
        "gemeente_code": ["GM0001", "GM0002", "GM0003"], "gemeentenaam": list("ABC"),
        "provincienaam": ["Utrecht"] * 3, "grootteklasse_volgorde": [1] * 3, "grootteklasse": ["klein"] * 3,
        **{kenmerk.kolom: [1.0, 2.0, 4.0] for kenmerk in peers.KENMERKEN},
    }).assign(netto_arbeidsparticipatie=np.nan)
    features = peers.peer_features(kenmerken)
    assert features["arbeidsparticipatie_schaal"].tolist() == [0.0, 0.0, 0.0]
    assert features["arbeidsparticipatie_geschat"].all()
    assert peers.peer_sets(features, EQUAL, k=1, gemeente_codes=["GM0002"])["afstand"].notna().all()


def test_robust_scale_keeps_the_tail_apart():
    # nine municipalities at 1..9% and two in the tail at 30% and 44%: the tail pair stays further
    # apart than two neighbours in the bulk (min-max after a normalising transform squeezed it)
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 30, 44])
    kenmerken = pd.DataFrame({
        "gemeente_code": [f"GM{i:04d}" for i in range(11)], "gemeentenaam": list("ABCDEFGHIJK"),
        "provincienaam": ["Utrecht"] * 11, "grootteklasse_volgorde": [1] * 11, "grootteklasse": ["klein"] * 11,
        **{kenmerk.kolom: values for kenmerk in peers.KENMERKEN},
    })
    schaal = peers.peer_features(kenmerken)["pct_herkomst_buiten_europa_schaal"]
    # ln(45/31) = .373 against ln(9/8) = .118 between 7% and 8%, both over the same spread
    assert (schaal[10] - schaal[9]) / (schaal[7] - schaal[6]) == pytest.approx(math.log(45 / 31) / math.log(9 / 8))


def test_group_without_a_code_gets_no_peers():
    frame = FIVE.assign(arbeidsmarktregio_code=["AM01", "AM01", None, "AM02", "AM01"])
    result = peers.peer_sets(frame, EQUAL, "arbeidsmarktregio")
    # sorted by code: GM0001 AM01, GM0002 AM01, GM0003 none, GM0004 AM02, GM0005 AM01
    assert result.groupby("gemeente_code")["peer_code"].apply(sorted).to_dict() == {
        "GM0001": ["GM0002", "GM0005"], "GM0002": ["GM0001", "GM0005"], "GM0005": ["GM0001", "GM0002"]}
    # the snapshot has no region codes at all: the method yields nothing rather than one big group
    assert peers.peer_sets(FIVE, EQUAL, "corop").empty


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
