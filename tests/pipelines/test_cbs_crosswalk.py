"""The crosswalk from boundaries: hand-made municipalities with hand-computed shares, the real snapshot's
boundaries against the snapshot's derived crosswalks, and the check of an official crosswalk file."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Transformer

from pipelines.cbs.crosswalk import KOLOMMEN, CrosswalkFout, crosswalk_naar, lees_officiele_crosswalk
from pipelines.cbs.grenzen import GrenzenFout

_NAAR_LON_LAT = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
# opening (buffer -750 m, +750 m) cuts every convex corner of a piece; shapely draws a quarter circle with
# 8 segments, so a corner loses r² - 8 · ½ r² sin(π/16) of area
R = 750.0
HOEK = R * R * (1 - 4 * math.sin(math.pi / 16))


def _gemeente(code: str, ring_km: list[tuple[float, float]]) -> dict:
    """A municipality drawn in km on RD New from (100 km, 400 km), handed over in lon/lat as a download is."""
    lon, lat = _NAAR_LON_LAT.transform([100_000 + x * 1000 for x, _ in ring_km],
                                       [400_000 + y * 1000 for _, y in ring_km])
    ring = [[a, b] for a, b in zip(lon, lat, strict=True)]
    return {"type": "Feature", "properties": {"statcode": code, "statnaam": f"Gemeente {code}"},
            "geometry": {"type": "Polygon", "coordinates": [ring + ring[:1]]}}


def _rechthoek(code: str, x0: float, x1: float, y0: float = 0, y1: float = 10) -> dict:
    return _gemeente(code, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def _collectie(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


OUD = _collectie(
    _rechthoek("GM0001", 0, 10), _rechthoek("GM0003", 10, 20),  # merge into GM0003
    _rechthoek("GM0004", 20, 30),  # split 7 km : 3 km
    _rechthoek("GM0006", 30, 40),  # loses a 400 m strip to its neighbour in the other file: a sliver
    _rechthoek("GM0007", 40, 60),  # a real 3 x 3 km corner goes elsewhere: 4.5% of its area
    _rechthoek("GM0009", 60, 80),  # a 1.6 x 1.6 km corner goes elsewhere: 1.3%, under the 2% threshold
)
DOEL = _collectie(
    _rechthoek("GM0003", 0, 20),
    _rechthoek("GM0004", 20, 27), _rechthoek("GM0005", 27, 30.4), _rechthoek("GM0006", 30.4, 40),
    _gemeente("GM0007", [(40, 0), (57, 0), (57, 3), (60, 3), (60, 10), (40, 10)]), _rechthoek("GM0008", 57, 60, 0, 3),
    _gemeente("GM0009", [(60, 0), (80, 0), (80, 8.4), (78.4, 8.4), (78.4, 10), (60, 10)]),
    _rechthoek("GM0010", 78.4, 80, 8.4, 10),
)


def _afgerond(klein: float) -> tuple[float, float]:
    """The larger share takes the rounding remainder, so the pair sums to exactly 1."""
    return 1 - round(klein, 4), round(klein, 4)


def test_hand_made_merge_split_sliver_and_threshold():
    rijen = crosswalk_naar({2020: OUD, 2025: DOEL}, 2025)
    assert list(rijen.columns) == KOLOMMEN
    gevonden = {(r.gemeente_code_oud, r.gemeente_code_2025): (round(r.aandeel, 10), r.soort)
                for r in rijen.itertuples()}
    # a 10 x 10 km piece keeps 100 km² minus 4 corners; the 7 and 3 km wide pieces lose 4 corners each
    groot, klein = _afgerond((30e6 - 4 * HOEK) / (100e6 - 8 * HOEK))
    # the L-shaped rest of GM0007 has 5 convex corners (the inner corner survives an opening), the corner 4
    rest, hoek = _afgerond((9e6 - 4 * HOEK) / (200e6 - 9 * HOEK))
    assert (groot, klein, rest, hoek) == (pytest.approx(0.7020), pytest.approx(0.2980),
                                          pytest.approx(0.9572), pytest.approx(0.0428))
    assert gevonden == {
        ("GM0001", "GM0003"): (1.0, "samengevoegd"),
        # keeps its code but receives GM0001: not a plain copy
        ("GM0003", "GM0003"): (1.0, "samengevoegd"),
        ("GM0004", "GM0004"): (round(groot, 10), "gesplitst"),
        ("GM0004", "GM0005"): (round(klein, 10), "gesplitst"),
        ("GM0006", "GM0006"): (1.0, "gelijk"),
        ("GM0007", "GM0007"): (round(rest, 10), "samengevoegd"),
        ("GM0007", "GM0008"): (round(hoek, 10), "samengevoegd"),
        ("GM0009", "GM0009"): (1.0, "gelijk"),
    }
    assert rijen.groupby("gemeente_code_oud")["aandeel"].sum().round(10).eq(1.0).all()
    assert rijen.loc[rijen["gemeente_code_oud"] == "GM0004", "gemeentenaam_2025"].tolist() == [
        "Gemeente GM0004", "Gemeente GM0005"]
    assert set(rijen["jaar"]) == {2020}


def test_a_year_onto_itself_is_the_identity_and_the_target_year_gives_no_rows():
    rijen = crosswalk_naar({2024: DOEL, 2025: DOEL}, 2025)
    assert rijen[["gemeente_code_oud", "gemeente_code_2025", "aandeel", "soort"]].values.tolist() == [
        [code, code, 1.0, "gelijk"] for code in (f"GM00{n:02d}" for n in range(3, 11))]
    assert crosswalk_naar({2025: DOEL}, 2025).empty


def test_a_municipality_outside_every_target_or_a_missing_target_year_is_an_error():
    buiten = _collectie(_rechthoek("GM0099", 100, 110))
    with pytest.raises(GrenzenFout, match=r"crosswalk: gemeente GM0099 \(2020\) ligt in geen enkele gemeente"):
        crosswalk_naar({2020: buiten, 2025: DOEL}, 2025)
    with pytest.raises(GrenzenFout, match="crosswalk: de gemeentegrenzen van het doeljaar 2025 ontbreken"):
        crosswalk_naar({2020: OUD}, 2025)


# --- the real snapshot: its boundary files per division year (SOURCES.md, file 14) ---

GEO_BESTANDEN = {jaar: f"cbs_gemeenten_{jaar}.geojson" for jaar in (2015, 2016, 2017, 2025)} | {
    jaar: f"cbs_gemeenten_{jaar}_pdok_wijkbuurtkaart_land.geojson" for jaar in (2018, 2019, 2022, 2023, 2024)} | {
    2020: "cbs_gemeenten_2019_pdok_wijkbuurtkaart_land.geojson"}  # 1 January 2020 had no redivision


@pytest.fixture(scope="module")
def snapshot_crosswalk() -> tuple[Path, pd.DataFrame]:
    from pipelines.settings import SHARED_CBS_DIR

    if not (SHARED_CBS_DIR / "geo").exists():
        pytest.skip(f"CBS-snapshot met grenzen niet gevonden in {SHARED_CBS_DIR / 'geo'}")
    grenzen = {jaar: json.loads((SHARED_CBS_DIR / "geo" / naam).read_text(encoding="utf-8"))
               for jaar, naam in GEO_BESTANDEN.items()}
    return SHARED_CBS_DIR, crosswalk_naar(grenzen, 2025)


def _hoofdopvolger(frame: pd.DataFrame, jaar: str, oud: str, nieuw: str, aandeel: str) -> pd.Series:
    grootste = frame.sort_values(aandeel, ascending=False).drop_duplicates([jaar, oud])
    return grootste.set_index([jaar, oud])[nieuw].rename_axis(["jaar", "oud"]).sort_index()


@pytest.mark.snapshot
def test_main_successor_2015_2017_agrees_with_the_first_derived_crosswalk(snapshot_crosswalk):
    map_, rijen = snapshot_crosswalk
    eerste = pd.read_csv(map_ / "gemeente_crosswalk_2015_2017_naar_2025_afgeleid.csv")
    verwacht = eerste[eerste["grootste_overlap"]].set_index(["jaar_oud", "gemeentecode_oud"])["gemeentecode_2025"]
    ons = _hoofdopvolger(rijen[rijen["jaar"] <= 2017], "jaar", "gemeente_code_oud", "gemeente_code_2025", "aandeel")
    assert len(verwacht) == 393 + 390 + 388
    assert ons.to_dict() == verwacht.rename_axis(["jaar", "oud"]).to_dict()
    splitsingen = rijen[rijen["gemeente_code_oud"].isin(["GM0140", "GM0053", "GM0788"]) & (rijen["jaar"] <= 2017)]
    assert set(splitsingen["soort"]) == {"gesplitst"}
    assert splitsingen.groupby("gemeente_code_oud")["gemeentenaam_2025"].agg(lambda n: sorted(set(n))).to_dict() == {
        "GM0053": ["Het Hogeland", "Westerkwartier"],
        "GM0140": ["Leeuwarden", "Súdwest-Fryslân", "Waadhoeke"],
        "GM0788": ["Boxtel", "Oisterwijk", "Tilburg", "Vught"],
    }


@pytest.mark.snapshot
def test_reproduces_the_snapshot_crosswalk_to_2025(snapshot_crosswalk):
    map_, rijen = snapshot_crosswalk
    snapshot = pd.read_csv(map_ / "gemeente_crosswalk_naar_2025.csv")
    sleutel = ["jaar", "gemeente_code_oud", "gemeente_code_2025"]
    samen = snapshot.merge(rijen, on=sleutel, how="outer", suffixes=("_snapshot", "_ons"), indicator=True)
    assert len(snapshot) == 3324
    # the same rows (every successor of every old code in 2015-2020 and 2022-2024), the same soort,
    # shares within a few rounding steps (other pyproj/GEOS builds move areas by a few m²)
    assert samen["_merge"].eq("both").all()
    assert (samen["soort_snapshot"] == samen["soort_ons"]).all()
    assert (samen["aandeel_snapshot"] - samen["aandeel_ons"]).abs().max() <= 0.0005
    # the names come from the boundary files; the snapshot took the official lists (one spelling differs)
    namen = samen[samen["gemeentenaam_oud_snapshot"] != samen["gemeentenaam_oud_ons"]]
    assert set(namen["gemeentenaam_oud_ons"]) == {"Nuenen. Gerwen en Nederwetten"}


# --- an official crosswalk file ---

GOED = """jaar,gemeente_code_oud,gemeentenaam_oud,gemeente_code_2025,gemeentenaam_2025,aandeel,soort
2018,GM0053,Winsum,GM1966,Het Hogeland,0.7854,gesplitst
2018,GM0053,Winsum,GM1969,Westerkwartier,0.2146,gesplitst
2018,GM0014,Groningen,GM0014,Groningen,1.0000,gelijk
"""


def test_official_file_is_read_and_sorted(tmp_path: Path):
    pad = tmp_path / "officieel.csv"
    pad.write_text(GOED, encoding="utf-8")
    frame = lees_officiele_crosswalk(pad)
    assert list(frame.columns) == KOLOMMEN
    assert frame[["gemeente_code_oud", "gemeente_code_2025", "aandeel"]].values.tolist() == [
        ["GM0014", "GM0014", 1.0], ["GM0053", "GM1966", 0.7854], ["GM0053", "GM1969", 0.2146]]
    assert frame["jaar"].tolist() == [2018] * 3


def test_official_file_as_dutch_excel_saves_it(tmp_path: Path):
    pad = tmp_path / "officieel.csv"
    pad.write_text("\ufeff" + GOED.replace(",", ";").replace("0.", "0,").replace("1.0000", "1"), encoding="utf-8")
    assert lees_officiele_crosswalk(pad)["aandeel"].tolist() == [1.0, 0.7854, 0.2146]


@pytest.mark.parametrize(("inhoud", "melding"), [
    (GOED.replace(",soort", ",type"), "kolom(men) ontbreken: soort"),
    (GOED.splitlines()[0] + "\n", "bevat geen regels"),
    (GOED.replace("0.2146", "0.3146"),
     "de aandelen tellen niet op tot 1 voor 1 oude gemeente(n): GM0053 in 2018 (1.1000)"),
    (GOED.replace("1.0000,gelijk", "1.2,gelijk"), "1 regel(s) met een aandeel buiten (0, 1]: regel 4 ('1.2')"),
    (GOED.replace("0.7854", "veel"), "een aandeel dat geen getal is: regel 2 ('veel')"),
    (GOED.replace("2018,GM0014,Groningen,GM0014", "2018,GM0014,Groningen,0014"),
     "een gemeente_code_2025 die geen gemeentecode (GMxxxx) is: regel 4 ('0014')"),
    (GOED.replace("gelijk", "hetzelfde"),
     "een soort anders dan gelijk, samengevoegd, gesplitst: regel 4 ('hetzelfde')"),
    (GOED.replace("2018,GM0014", "'18,GM0014"), "een jaar dat geen jaartal is: regel 4 (''18')"),
    (GOED + "2018,GM0014,Groningen,GM0014,Groningen,1.0000,gelijk\n",
     "een dubbele combinatie van jaar, oude en nieuwe code: regel 5 ('GM0014')"),
])
def test_bad_official_file_is_rejected_naming_what_is_wrong(tmp_path: Path, inhoud: str, melding: str):
    pad = tmp_path / "officieel.csv"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(CrosswalkFout, match=f"crosswalkbestand {pad}") as fout:
        lees_officiele_crosswalk(pad)
    assert melding in str(fout.value)


def test_missing_or_unreadable_official_file(tmp_path: Path):
    with pytest.raises(CrosswalkFout, match="bestaat niet \\(instelling WIMI_CBS_CROSSWALK\\)"):
        lees_officiele_crosswalk(tmp_path / "weg.csv")
    pad = tmp_path / "latin1.csv"
    pad.write_bytes(GOED.replace("Súdwest", "x").replace("Winsum", "Winsüm").encode("latin-1"))
    with pytest.raises(CrosswalkFout, match="geen leesbaar CSV-bestand \\(UTF-8\\)"):
        lees_officiele_crosswalk(pad)
