"""The CBS quarterly series on a hand-made CBS folder (tests/fixtures/cbs_kwartaal): three municipalities
of 2018 of which Bdorp (GM0002) and three quarters of Cveen (GM0003) merge into Bcveen (GM1999) in 2019
and the last quarter of Cveen goes to Astad (GM0001); a quarter suppressed; 2018Q4 published in two
editions. Expected figures are worked out by hand in the comments."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_cbs_models import build_cbs_models

from pipelines.settings import SQL_DIR, get_settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "cbs_kwartaal"
MODELS = ("intermediate.kpi_cbs", "marts.cbs_reeksen", "marts.gemeente_herindeling")


def _build(tmp_path_factory: pytest.TempPathFactory, cbs_dir: Path) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.setenv("WIMI_CBS_DIR", str(cbs_dir))
        return build_cbs_models(get_settings(), MODELS)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    con = _build(tmp_path_factory, FIXTURE)
    yield con
    con.close()


@pytest.fixture(scope="module")
def zonder_kwartaal(tmp_path_factory: pytest.TempPathFactory):
    """The same folder without the quarterly file, as the snapshot and older downloads are."""
    folder = tmp_path_factory.mktemp("cbs")
    for path in FIXTURE.glob("*.csv"):
        if path.name != "cbs_bijstand_kwartaal_gemeenten.csv":
            shutil.copy(path, folder / path.name)
    con = _build(tmp_path_factory, folder)
    yield con
    con.close()


def kpi(con, indicator: str, periode: str, gemeente: str) -> tuple:
    return con.execute("SELECT teller, noemer, waarde FROM intermediate.kpi_cbs WHERE indicator = ? AND "
                       "periode = ? AND gemeente_code = ?", [indicator, periode, gemeente]).fetchone()


def test_quarterly_persons_on_todays_boundaries_with_crosswalk_shares(warehouse):
    personen = "cbs_bijstandsontvangers"
    # 2018Q3 on the 2018 division: Astad 400 + a quarter of Cveen's 200 = 450
    assert kpi(warehouse, personen, "2018Q3", "GM0001") == (None, None, 450.0)
    # Bcveen = Bdorp (suppressed) + 3/4 Cveen: unknown, never the partial 150
    assert kpi(warehouse, personen, "2018Q3", "GM1999") == (None, None, None)
    # NL is the edition's own national row, which counts Bdorp's suppressed persons: 730, not 400 + 200 + ?
    assert kpi(warehouse, personen, "2018Q3", "NL") == (None, None, 730.0)
    assert warehouse.execute("SELECT benaderd FROM intermediate.cbs_bijstand_reeks WHERE periode = '2018Q3' "
                             "AND gemeente_code = 'NL'").fetchone() == (False,)
    # 2018Q4 is in both editions: the 2019 edition (on the 2019 division) wins, 470 and 320, not
    # 410 + 55 = 465 and 150 + 165 = 315 of the 2018 edition; the 2019 edition has no national row, so
    # NL = 470 + 320 = 790, the sum of the municipalities
    assert kpi(warehouse, personen, "2018Q4", "GM0001")[2] == 470.0
    assert kpi(warehouse, personen, "2018Q4", "GM1999")[2] == 320.0
    assert kpi(warehouse, personen, "2018Q4", "NL")[2] == 790.0
    assert kpi(warehouse, personen, "2019Q1", "NL")[2] == 810.0  # 480 + 330
    row = warehouse.execute("SELECT periode_soort, periode_einde, volledig, bron FROM intermediate.kpi_cbs "
                            "WHERE periode = '2018Q3' AND gemeente_code = 'GM0001' AND indicator = ?",
                            [personen]).fetchone()
    assert row == ("kwartaal", date(2018, 9, 30), True, "cbs")


def test_quarterly_rate_per_1000_of_the_tables_own_population(warehouse):
    rate = "cbs_bijstand_per_1000_inwoners"
    # Astad 2018Q3: 450 / ((20.000 + 12.000 / 4) / 1.000) = 450 / 23
    teller, noemer, waarde = kpi(warehouse, rate, "2018Q3", "GM0001")
    assert (teller, noemer) == (450.0, 23.0) and waarde == pytest.approx(19.565217, abs=1e-6)
    # Bcveen 2018Q3: inhabitants 8.000 + 9.000 known, persons not: no figure
    assert kpi(warehouse, rate, "2018Q3", "GM1999") == (None, 17.0, None)
    # NL 2018Q4: 790 / 40,1
    teller, noemer, waarde = kpi(warehouse, rate, "2018Q4", "NL")
    assert (teller, noemer) == (790.0, pytest.approx(40.1)) and waarde == pytest.approx(19.700748, abs=1e-6)


def test_year_is_the_year_end_stock_from_one_series_per_year(warehouse):
    personen, rate = "cbs_bijstandsontvangers", "cbs_bijstand_per_1000_inwoners"
    # 2017 from the bijstand table: Astad 380 + 200 / 4 = 430 per (19.800 + 11.900 / 4) / 1.000 = 22,775;
    # NL is the table's own national row, 720 per 39,6
    assert kpi(warehouse, rate, "2017", "GM0001")[:2] == (430.0, pytest.approx(22.775))
    assert kpi(warehouse, rate, "2017", "GM1999")[:2] == (290.0, pytest.approx(16.825))  # 140 + 150
    assert kpi(warehouse, rate, "2017", "NL")[:2] == (720.0, pytest.approx(39.6))
    # 2018 has no table and no key figures: the 4th quarter, 470 per 23,1
    assert kpi(warehouse, rate, "2018", "GM0001")[:2] == (470.0, pytest.approx(23.1))
    assert kpi(warehouse, personen, "2018", "NL")[2] == 790.0
    # 2019 has no 4th quarter: the key figures (all inhabitants), NL their sum 475 + 325 per 36 + 26
    assert kpi(warehouse, rate, "2019", "GM0001")[:2] == (475.0, 36.0)
    assert kpi(warehouse, rate, "2019", "NL")[:2] == (800.0, 62.0)


def test_series_breaks_are_marked_per_period(warehouse):
    rows = warehouse.execute("SELECT periode, reeks, populatie, breuk, toelichting FROM marts.cbs_reeksen "
                             "WHERE periode_soort = 'jaar' ORDER BY periode").fetchall()
    assert [r[:4] for r in rows] == [("2017", "bijstandstabel", "15_tot_AOW", False),
                                     ("2018", "kwartaal", "15_tot_AOW", True),
                                     ("2019", "kerncijfers", "alle_1_januari", True)]
    assert rows[1][4] == ("CBS-tabel personen met een uitkering per kwartaal (T2019NED): personen met algemene "
                          "bijstand, stand op 31-12-2018; per 1.000 inwoners van 15 jaar tot de AOW-leeftijd")
    assert "vermoedelijk eind 2018" in rows[2][4] and "alle leeftijden op 1 januari" in rows[2][4]
    kwartalen = warehouse.execute("SELECT periode, breuk FROM marts.cbs_reeksen WHERE periode_soort = 'kwartaal' "
                                  "ORDER BY periode").fetchall()
    assert kwartalen == [("2018Q3", False), ("2018Q4", False), ("2019Q1", False)]


def test_approximate_where_a_split_municipality_fed_the_quarter(warehouse):
    benaderd = dict(warehouse.execute("SELECT periode, benaderd FROM marts.gemeente_herindeling "
                                      "WHERE gemeente_code = 'GM0001'").fetchall())
    # a quarter of Cveen in 2018Q3 (2018 division); the 2019 edition's quarters are on today's map
    assert benaderd["2018Q3"] is True and benaderd["2019Q1"] is False


def test_the_ratio_rule_holds_on_the_cbs_rows(warehouse):
    # their key the build checks (the key line of intermediate.kpi_cbs)
    sql = (SQL_DIR / "checks" / "kpi__waarde_is_teller_door_noemer.sql").read_text(encoding="utf-8")
    assert warehouse.execute(sql.replace("marts.kpi", "intermediate.kpi_cbs")).fetchall() == []


def test_without_the_quarterly_file_the_staging_table_is_empty_and_typed(zonder_kwartaal):
    types = dict(zonder_kwartaal.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'staging' "
        "AND table_name = 'cbs__bijstand_kwartaal'").fetchall())
    assert zonder_kwartaal.execute("SELECT count(*) FROM staging.cbs__bijstand_kwartaal").fetchone() == (0,)
    assert (types["peildatum"], types["bijstand_personen"], types["gemeente_indeling"]) == ("DATE", "DOUBLE",
                                                                                          "INTEGER")
    perioden = zonder_kwartaal.execute("SELECT DISTINCT periode FROM intermediate.kpi_cbs "
                                       "WHERE indicator = 'cbs_bijstandsontvangers' ORDER BY 1").fetchall()
    assert perioden == [("2017",), ("2019",)]  # no quarters, and no 2018 without them
