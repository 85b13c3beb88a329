"""The vangnet rule (domain.md) on hand-worked cases, through the macros the build creates."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.models import forecast_vangnet
from pipelines.settings import SQL_DIR, get_settings


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA intermediate")
    forecast_vangnet.run(con, get_settings())
    yield con
    con.close()


def _compensation(con, year: int, deficit: float, deficit_3y: float) -> float:
    return con.execute("SELECT intermediate.vangnet_vergoeding(?, ?, ?)", [year, deficit, deficit_3y]).fetchone()[0]


@pytest.mark.parametrize(
    ("year", "deficit", "deficit_3y", "expected"),
    [
        # 15% deficit: (12.5 - 7.5) x 50% + (15 - 12.5) x 100% = 2.5 + 2.5 = 5% of the budget
        (2022, 0.15, 0.20, 0.05),
        # 10%: (10 - 7.5) x 50% = 1.25%
        (2021, 0.10, 0.12, 0.0125),
        # under the threshold of 7.5%: nothing
        (2022, 0.07, 0.20, 0.0),
        # exactly at the threshold is not above it
        (2022, 0.075, 0.20, 0.0),
        # a 15% deficit, but surpluses in the two years before bring the three years to 6%: nothing
        (2022, 0.15, 0.06, 0.0),
        # a surplus never gets anything
        (2022, -0.05, -0.10, 0.0),
        # up to 2018 the threshold is 5%: (10 - 5) x 50% = 2.5%
        (2017, 0.10, 0.10, 0.025),
        # 6% in 2018 passes the 5% threshold: (6 - 5) x 50% = 0.5%; in 2019 it would give nothing
        (2018, 0.06, 0.06, 0.005),
        (2019, 0.06, 0.06, 0.0),
        # 2025 has no published rules: those of 2023 apply, so 15% gives 5% again
        (2025, 0.15, 0.20, 0.05),
        # 20%: 2.5 + (20 - 12.5) x 100% = 10%
        (2023, 0.20, 0.25, 0.10),
    ],
)
def test_compensation_on_hand_worked_cases(con, year, deficit, deficit_3y, expected) -> None:
    assert _compensation(con, year, deficit, deficit_3y) == pytest.approx(expected, abs=1e-12)


def test_rule_year_says_which_rules_a_year_assumes(con) -> None:
    years = con.execute("SELECT intermediate.vangnet_regeljaar(j) FROM (VALUES (2016), (2023), (2024), (2030)) t(j)").fetchall()
    assert [row[0] for row in years] == [2016, 2023, 2023, 2023]


# --- the budget mart applies the rule: a municipality worked by hand ----------------------------

def _budget_inputs(con: duckdb.DuckDBPyConnection, netto_2023: float) -> None:
    """2023 and 2024 complete; 2025 forecast at 100 benefits a month; 2026 has no delivered budget."""
    for schema in ("staging", "marts"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute("CREATE OR REPLACE TABLE intermediate.gemeente_leveringen AS SELECT 'GM0001' AS gemeente_code, 'L1' AS levering_id")
    con.execute("""CREATE OR REPLACE TABLE staging.extract__budget AS SELECT * FROM (VALUES
        ('L1', 'GM0001', 2023, 'definitief', 1000000.0), ('L1', 'GM0001', 2024, 'definitief', 1000000.0),
        ('L1', 'GM0001', 2025, 'voorlopig', 900000.0), ('L1', 'GM0001', 2025, 'definitief', 1000000.0),
        ('L9', 'GM0001', 2025, 'definitief', 1.0)  -- an older delivery, replaced
        ) AS b(levering_id, gemeente_code, jaar, fase, bedrag)""")
    con.execute(f"""CREATE OR REPLACE TABLE intermediate.kpi_extract AS SELECT * FROM (VALUES
        ('GM0001', '2023', 'uitkeringslasten', '', 'jaar', true, 1000000.0),
        ('GM0001', '2023', 'netto_lasten', '', 'jaar', true, {netto_2023}),
        ('GM0001', '2024', 'uitkeringslasten', '', 'jaar', true, 1100000.0),
        ('GM0001', '2024', 'netto_lasten', '', 'jaar', true, 1050000.0)
        ) AS k(gemeente_code, periode, indicator, uitsplitsing, periode_soort, volledig, waarde)""")
    con.execute("""CREATE OR REPLACE TABLE intermediate.forecast_lasten_maand AS
        SELECT 'GM0001' AS gemeente_code, year(m) AS jaar, CAST(m AS DATE) AS maand, 'prognose' AS volume_bron,
               100.0 AS volume, 90.0 AS volume_p10, 110.0 AS volume_p90, CAST(NULL AS DOUBLE) AS bruto_lasten_realisatie,
               1.0 AS normindex, true AS norm_gepubliceerd, 2024 AS basisjaar,
               12000.0 AS kosten_per_uitkering_basisjaar, 50000.0 AS aflossingen_basisjaar
        FROM generate_series(DATE '2025-01-01', DATE '2026-12-01', INTERVAL 1 MONTH) AS g(m)""")


def _budget(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    sql = (SQL_DIR / "marts" / "budget_prognose.sql").read_text(encoding="utf-8")
    return con.execute(sql).df().set_index(["jaar", "fase"])


def test_budget_mart_applies_the_rule_with_the_three_year_condition(con) -> None:
    _budget_inputs(con, netto_2023=950000.0)
    budget = _budget(con)
    # 2025: 12 months x 100 benefits x 12,000 / 12 = 1,200,000 gross, minus 50,000 repayments = 1,150,000 net;
    # against the definitive 1,000,000 that is -150,000 = a 15% deficit.
    row = budget.loc[(2025, "definitief")]
    assert row["netto_lasten"] == pytest.approx(1150000)
    assert row["resultaat_pct"] == pytest.approx(-0.15)
    # three years: 2023 +50,000, 2024 -50,000 (1,000,000 - 1,050,000), 2025 -150,000 = -150,000 = 15%
    assert row["resultaat_3jr"] == pytest.approx(-150000) and row["jaren_in_3jr"] == 3
    # 15% deficit: 5% of the budget back = 50,000 (rules of 2023 assumed for 2025)
    assert row["vangnet_bedrag"] == pytest.approx(50000)
    assert row["regeljaar"] == 2023 and row["regels_aangenomen"]
    # the 80% band: 90 and 110 benefits a month give 1,030,000 and 1,270,000 net
    assert (row["netto_lasten_laag"], row["netto_lasten_hoog"]) == pytest.approx((1030000, 1270000))
    # voorlopig 900,000: -250,000 = 27.8%; three years with the definitive years before: 50 - 50 - 250 = -250,000
    # vangnet: 2.5% + (27.78% - 12.5%) x 100% = 17.78% of 900,000 = 160,000
    assert budget.loc[(2025, "voorlopig"), "vangnet_bedrag"] == pytest.approx(160000)
    # 2026 has no delivered budget: one row on the latest definitive budget, marked as assumed
    assumed = budget.loc[(2026, "aanname")]
    assert assumed["budget_aangenomen"] and assumed["budget"] == pytest.approx(1000000)
    # the complete years keep their realised figures
    assert budget.loc[(2024, "definitief"), "resultaat"] == pytest.approx(-50000)
    assert budget.loc[(2024, "definitief"), "soort"] == "realisatie"


def test_a_surplus_two_years_before_can_cancel_the_vangnet(con) -> None:
    # 2023 net 750,000 against 1,000,000: +250,000; three years +250 - 50 - 150 = +50,000: no deficit, nothing
    _budget_inputs(con, netto_2023=750000.0)
    row = _budget(con).loc[(2025, "definitief")]
    assert row["resultaat_pct"] == pytest.approx(-0.15)
    assert row["resultaat_3jr"] == pytest.approx(50000)
    assert row["vangnet_bedrag"] == pytest.approx(0)


def test_page_assumptions_rerun_the_same_model(con) -> None:
    _budget_inputs(con, netto_2023=950000.0)
    # the page's cost per benefit: 11,000 gives 1,100,000 gross, 1,050,000 net, a 5% deficit: under 7.5%
    con.execute("SET VARIABLE wimi_kosten_per_uitkering = 11000.0")
    con.execute("SET VARIABLE wimi_budget_aanname = 1200000.0")
    try:
        budget = _budget(con)
    finally:
        con.execute("RESET VARIABLE wimi_kosten_per_uitkering")
        con.execute("RESET VARIABLE wimi_budget_aanname")
    assert budget.loc[(2025, "definitief"), "resultaat_pct"] == pytest.approx(-0.05)
    assert budget.loc[(2025, "definitief"), "vangnet_bedrag"] == pytest.approx(0)
    assert budget.loc[(2026, "aanname"), "budget"] == pytest.approx(1200000)
