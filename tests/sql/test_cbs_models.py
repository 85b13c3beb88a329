"""CBS models on the real snapshot: figures reproduced from the raw StatLine files, suppressed cells,
the crosswalk, inhabitants, the per-1,000 level of the extract, peers and the map."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from pipelines.build import build_models
from pipelines.cbs.fictief import write_fictional_cbs
from pipelines.settings import SHARED_CBS_DIR, get_settings

FEED = """gemeente_code,periode,indicator,uitsplitsing,teller,noemer,waarde,bron,volledig
GM0599,2024Q4,bijstandsvolume,,,,30000,synthetic,true
GM0599,2030,bijstandsvolume,,,,25000,synthetic,true
"""
CBS_MODELS = ("intermediate.kpi_cbs", "intermediate.kpi_per_1000", "marts.peers", "marts.kaart_gemeenten",
              "marts.gemeente_herindeling", "marts.gemeenten")


def build_cbs_models(settings, names: tuple[str, ...] = CBS_MODELS) -> duckdb.DuckDBPyConnection:
    """Only the CBS models `names` and what they depend on, so these tests do not hinge on models other parts
    are still writing. Returns a read-only connection."""
    path = settings.data_dir / "cbs_models.duckdb"
    build_models(settings, names, path)
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    """CBS models built on the snapshot (no WIMI_CBS_DIR and no download: the lookup order lands on
    the snapshot), with a two-row benchmark feed so kpi_per_1000 has volumes to divide."""
    if not SHARED_CBS_DIR.exists():
        pytest.skip(f"CBS-snapshot niet gevonden in {SHARED_CBS_DIR}")
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        settings = get_settings()
        (folder / "feed").mkdir()
        (folder / "feed" / "test_feed.csv").write_text(FEED, encoding="utf-8")
        con = build_cbs_models(settings)
    yield con
    con.close()


def raw_row(snapshot: Path, file: str, leeftijd: str, regio: str) -> dict[str, str]:
    """One row of a published StatLine CSV, read with nothing but the csv module."""
    with (snapshot / "raw" / file).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Leeftijd"] == leeftijd and row["Regiokenmerken"].strip() == regio:
                return {key: value.strip() for key, value in row.items()}
    raise AssertionError(f"{regio} {leeftijd} niet in {file}")


def kpi_value(con, gemeente: str, periode: str, indicator: str) -> tuple:
    rows = con.execute("SELECT teller, noemer, waarde FROM intermediate.kpi_cbs "
                       "WHERE bron = 'cbs' AND gemeente_code = ? AND periode = ? AND indicator = ? "
                       "AND uitsplitsing = ''",
                       [gemeente, periode, indicator]).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(("regio", "gemeente"), [("GM0599", "GM0599"), ("NL01", "NL")])
@pytest.mark.snapshot
def test_2017_bijstand_and_outflow_to_work_reproduced_from_raw_statline(cbs_snapshot, warehouse, regio, gemeente):
    # Rotterdam maps one-to-one onto 2025 (crosswalk soort gelijk), NL is CBS's own national row
    raw = raw_row(cbs_snapshot, "cbs_84066NED_gemeenten_2017_origineel.csv", "90100", regio)
    assert kpi_value(warehouse, gemeente, "2017", "cbs_bijstandsontvangers")[2] == float(raw["Bijstandsontvangers_2"])
    assert kpi_value(warehouse, gemeente, "2017", "cbs_uitstroom_naar_werk")[2] == float(raw["UitstroomNaarWerk_8"])
    assert kpi_value(warehouse, gemeente, "2017", "cbs_instroom")[2] == float(raw["Instroom_4"])
    # the published percentage comes back exactly: teller / implied base = pct / 100
    teller, _noemer, waarde = kpi_value(warehouse, gemeente, "2017", "cbs_uitstroom_naar_werk_pct")
    assert teller == float(raw["UitstroomNaarWerk_8"])
    assert waarde == pytest.approx(float(raw["UitstroomNaarWerk_9"]) / 100, abs=1e-12)
    # the flows as rates: CBS's own percentages come back, and per 1,000 of the table's inhabitants
    assert kpi_value(warehouse, gemeente, "2017", "cbs_instroom_pct")[2] == pytest.approx(
        float(raw["Instroom_5"]) / 100, abs=0.006)  # CBS publishes whole percentages: within half a point
    assert kpi_value(warehouse, gemeente, "2017", "cbs_uitstroom_pct")[2] == pytest.approx(
        float(raw["Uitstroom_7"]) / 100, abs=0.006)
    teller, noemer, waarde = kpi_value(warehouse, gemeente, "2017", "cbs_instroom_per_1000_inwoners")
    assert (teller, noemer) == (float(raw["Instroom_4"]), pytest.approx(float(raw["Inwoners_1"]) / 1000))


@pytest.mark.snapshot
def test_known_values_by_hand(warehouse):
    # SOURCES.md / raw 84066NED: Rotterdam 2017, 15 to AOW age: 39,720 persons, 4,860 to work;
    # NL01: 456,830 persons, 60,890 to work
    assert kpi_value(warehouse, "GM0599", "2017", "cbs_bijstandsontvangers")[2] == 39720
    assert kpi_value(warehouse, "GM0599", "2017", "cbs_uitstroom_naar_werk")[2] == 4860
    assert kpi_value(warehouse, "NL", "2017", "cbs_bijstandsontvangers")[2] == 456830
    assert kpi_value(warehouse, "NL", "2017", "cbs_uitstroom_naar_werk")[2] == 60890
    # per 1,000: 39,720 / (442,720 inhabitants 15 to AOW age / 1,000) = 89.718...
    teller, noemer, waarde = kpi_value(warehouse, "GM0599", "2017", "cbs_bijstand_per_1000_inwoners")
    assert (teller, noemer) == (39720, pytest.approx(442.72))
    assert waarde == pytest.approx(89.7181, abs=1e-4)


@pytest.mark.snapshot
def test_suppressed_cell_stays_null_never_zero(cbs_snapshot, warehouse):
    # Schiermonnikoog 2017: outflow to work published as 0, its percentage suppressed (".")
    raw = raw_row(cbs_snapshot, "cbs_84066NED_gemeenten_2017_origineel.csv", "90100", "GM0088")
    assert raw["UitstroomNaarWerk_9"] == "." and raw["UitstroomNaarWerk_8"] == "0"
    assert kpi_value(warehouse, "GM0088", "2017", "cbs_uitstroom_naar_werk_pct")[2] is None
    assert kpi_value(warehouse, "GM0088", "2017", "cbs_uitstroom_naar_werk")[2] == 0
    staged = warehouse.execute("SELECT uitstroom_naar_werk_pct FROM staging.cbs__bijstand_gemeenten "
                               "WHERE jaar = 2017 AND leeftijd_code = '90100' AND regio_code = 'GM0088'").fetchone()
    assert staged == (None,)


@pytest.mark.parametrize(("jaar", "totaal"), [(2015, 448370), (2016, 464300), (2017, 456760), (2019, 431460),
                                              (2024, 405770)])
@pytest.mark.snapshot
def test_crosswalk_conserves_national_totals(warehouse, jaar, totaal):
    # totals of the municipalities per year in SOURCES.md (file 8); shares sum to 1 per old code
    on_2025 = warehouse.execute("SELECT sum(waarde) FROM intermediate.kpi_cbs "
                                "WHERE bron = 'cbs' AND gemeente_code <> 'NL' "
                                "AND indicator = 'cbs_bijstandsontvangers' AND periode = ?", [str(jaar)]).fetchone()[0]
    assert on_2025 == pytest.approx(totaal, abs=0.5)
    municipalities = warehouse.execute("SELECT count(DISTINCT gemeente_code) FROM intermediate.kpi_cbs "
                                       "WHERE bron = 'cbs' AND gemeente_code <> 'NL' AND periode = ?",
                                       [str(jaar)]).fetchone()[0]
    assert municipalities == 342


@pytest.mark.snapshot
def test_split_municipality_marks_its_successors_approximate(warehouse):
    # Slochteren (2016) went 0.894 to Midden-Groningen and 0.106 to Groningen; Rotterdam stayed whole
    flags = dict(warehouse.execute("SELECT gemeente_code, benaderd FROM marts.gemeente_herindeling "
                                   "WHERE periode = '2016' AND gemeente_code IN ('GM1952', 'GM0014', 'GM0599')"
                                   ).fetchall())
    assert flags == {"GM1952": True, "GM0014": True, "GM0599": False}


@pytest.mark.snapshot
def test_inhabitants_on_1_january_nearest_year(cbs_snapshot, warehouse):
    with (cbs_snapshot / "cbs_kwb_gemeenten_wonen_2020_2025.csv").open(encoding="utf-8") as handle:
        published = {(r["jaar"], r["gwb_code"]): float(r["a_inw"]) for r in csv.DictReader(handle)}
    rows = {(jaar, code): (inwoners, bron_jaar) for code, jaar, inwoners, bron_jaar in warehouse.execute(
        "SELECT gemeente_code, jaar, inwoners, inwoners_jaar FROM intermediate.cbs_inwoners "
        "WHERE gemeente_code IN ('GM0599', 'NL')").fetchall()}
    assert rows[(2024, "GM0599")] == (published[("2024", "GM0599")], 2024)
    # 2021 has counts but no crosswalk: 2020 and 2022 are equally near, the later one is taken
    assert rows[(2021, "GM0599")] == (published[("2022", "GM0599")], 2022)
    assert rows[(2030, "GM0599")] == (published[("2025", "GM0599")], 2025)  # after the last: 2025
    assert rows[(1996, "GM0599")][1] == 2018  # before the first count on today's map: 2018
    assert rows[(2019, "NL")][0] == 17_282_163  # NL on 1 January 2019 (SOURCES.md, file 9)


@pytest.mark.snapshot
def test_feed_volume_per_1000_inhabitants(cbs_snapshot, warehouse):
    with (cbs_snapshot / "cbs_kwb_gemeenten_wonen_2020_2025.csv").open(encoding="utf-8") as handle:
        inwoners = {(r["jaar"], r["gwb_code"]): float(r["a_inw"]) for r in csv.DictReader(handle)}
    rows = warehouse.execute("SELECT periode, teller, noemer, waarde, bron FROM intermediate.kpi_per_1000 "
                             "WHERE gemeente_code = 'GM0599' ORDER BY periode").fetchall()
    noemer_2024 = inwoners[("2024", "GM0599")] / 1000  # Rotterdam, 1 January 2024
    noemer_2025 = inwoners[("2025", "GM0599")] / 1000  # 2030 has no count: the nearest year, 2025
    assert rows == [
        ("2024Q4", 30000, pytest.approx(noemer_2024), pytest.approx(30000 / noemer_2024), "synthetic"),
        ("2030", 25000, pytest.approx(noemer_2025), pytest.approx(25000 / noemer_2025), "synthetic"),
    ]


@pytest.mark.snapshot
def test_peer_sets_stored_for_every_municipality(warehouse):
    counts = warehouse.execute("SELECT count(DISTINCT gemeente_code), min(n), max(n), bool_or(zelf) FROM ("
                               "SELECT gemeente_code, count(*) AS n, bool_or(peer_code = gemeente_code) AS zelf "
                               "FROM marts.peers WHERE methode = 'kenmerken' GROUP BY gemeente_code)").fetchone()
    assert counts == (342, 15, 15, False)


@pytest.mark.snapshot
def test_map_has_every_municipality_as_geojson(warehouse):
    count, polygons = warehouse.execute("SELECT count(*), count(*) FILTER (WHERE geometrie LIKE '{\"type\"%Polygon%') "
                                        "FROM marts.kaart_gemeenten").fetchone()
    assert (count, polygons) == (342, 342)


@pytest.fixture(scope="module")
def fictional_warehouse(tmp_path_factory: pytest.TempPathFactory):
    """The CBS models on the fictional frame (GM9001..GM9030) that stands in when no CBS data exists."""
    folder = tmp_path_factory.mktemp("data")
    cbs_dir = write_fictional_cbs(folder / "cbs_fictief", seed=11)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.setenv("WIMI_CBS_DIR", str(cbs_dir))
        con = build_cbs_models(get_settings())
    yield con, cbs_dir
    con.close()


def test_fictional_frame_builds_through_the_same_staging(fictional_warehouse):
    con, cbs_dir = fictional_warehouse
    with (cbs_dir / "cbs_bijstand_personen_gemeenten_2015_2024.csv").open(encoding="utf-8") as handle:
        written = {(r["jaar"], r["gemeente_code"]): r["bijstand_personen"] for r in csv.DictReader(handle)}
    codes = sorted({code for _, code in written})
    assert codes[0] == "GM9001" and len(codes) == 30
    with (cbs_dir / "cbs_bijstand_kwartaal_gemeenten.csv").open(encoding="utf-8") as handle:
        kwartalen = {(r["periode"], r["gemeente_code"]): r["bijstand_personen"] for r in csv.DictReader(handle)}
    stored = {(p, g): w for g, p, w in con.execute(
        "SELECT gemeente_code, periode, waarde FROM intermediate.kpi_cbs "
        "WHERE indicator = 'cbs_bijstandsontvangers' AND gemeente_code <> 'NL'").fetchall()}
    # the fictional crosswalk is one-to-one, so every written count comes through unchanged: the years of
    # the bijstand tables from them, every quarter, and the other years as their 4th quarter (the key
    # figures' years 2019 and 2024 are covered by the quarterly series)
    expected = {key: value for key, value in written.items() if key[0] in ("2015", "2016", "2017")}
    expected |= kwartalen
    expected |= {(p[:4], g): value for (p, g), value in kwartalen.items() if p.endswith("Q4") and p[:4] > "2017"}
    assert stored == {key: (float(value) if value else None) for key, value in expected.items()}
    peers = con.execute("SELECT count(DISTINCT gemeente_code), count(*) FROM marts.peers "
                        "WHERE methode = 'kenmerken'").fetchone()
    assert peers == (30, 30 * 15)


def test_snapshot_has_no_quarterly_file_and_builds_an_empty_quarterly_series(warehouse):
    # the snapshot predates the quarterly download: its staging table is the empty stand-in's
    assert warehouse.execute("SELECT count(*) FROM staging.cbs__bijstand_kwartaal").fetchone() == (0,)
    soorten = warehouse.execute("SELECT DISTINCT periode_soort FROM intermediate.kpi_cbs").fetchall()
    assert soorten == [("jaar",)]
