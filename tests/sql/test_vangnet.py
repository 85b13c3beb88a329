"""The vangnet rule (domain.md) on hand-worked cases, through the macros the build creates."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import drilldown
from pipelines.build import build, create_schemas_and_macros
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"




@pytest.fixture(scope="module")
def con(maak_modellen):
    con = duckdb.connect()
    create_schemas_and_macros(con)
    # DuckDB checks a macro's tables when it is made and reads them when called: each test writes its own
    _budget_inputs(con, netto_2023=950000.0)
    maak_modellen(con, "intermediate.budget_berekening")  # with the vangnet macros and the seeds it reads
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
        # 2025's rules are assumed equal to 2024's (domain.md: Stb. 2025, 222 without figures): 15% gives 5%
        (2025, 0.15, 0.20, 0.05),
        # 20%: 2.5 + (20 - 12.5) x 100% = 10%
        (2023, 0.20, 0.25, 0.10),
    ],
)
def test_compensation_on_hand_worked_cases(con, year, deficit, deficit_3y, expected) -> None:
    assert _compensation(con, year, deficit, deficit_3y) == pytest.approx(expected, abs=1e-12)


def test_rule_year_says_which_rules_a_year_assumes(con) -> None:
    years = con.execute("SELECT j, intermediate.vangnet_regeljaar(j), intermediate.vangnet_regels_aangenomen(j) "
                        "FROM (VALUES (2016), (2023), (2024), (2025), (2030)) t(j) ORDER BY j").fetchall()
    # 2024 as the toetsingscommissie published it; 2025 configured but assumed; 2030 borrows 2025's;
    # 2016's bands above its 5% threshold are assumed too (the toelichting says so)
    assert years == [(2016, 2016, True), (2023, 2023, False), (2024, 2024, False), (2025, 2025, True),
                     (2030, 2025, True)]


# --- the budget mart applies the rule: a municipality worked by hand ----------------------------

DELIVERED = [("L1", "GM0001", 2023, "definitief", 1000000.0), ("L1", "GM0001", 2024, "definitief", 1000000.0),
             ("L1", "GM0001", 2025, "voorlopig", 900000.0), ("L1", "GM0001", 2025, "definitief", 1000000.0),
             ("L9", "GM0001", 2025, "definitief", 1.0)]  # an older delivery, replaced


def _budget_inputs(con: duckdb.DuckDBPyConnection, netto_2023: float, budgets=DELIVERED,
                   uitkeringslasten_2024: float = 1100000.0, netto_2024: float = 1050000.0,
                   lasten_lks: tuple = (), normen: dict | None = None) -> None:
    """2023 and 2024 complete; 2025 forecast at 100 benefits a month; 2026 has no delivered budget.

    normen: the couple norm per year (both half years), 1,000 every year unless given; the forecast
    months' norm index is that year's norm / the 2024 norm, as forecast_lasten_maand makes it.
    """
    for schema in ("staging", "marts"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute("CREATE OR REPLACE TABLE intermediate.gemeente_leveringen AS "
                "SELECT 'GM0001' AS gemeente_code, 'L1' AS levering_id")
    con.execute("CREATE OR REPLACE TABLE staging.extract__budget (levering_id VARCHAR, gemeente_code VARCHAR, "
                "jaar INTEGER, fase VARCHAR, bedrag DECIMAL(16, 2))")
    con.executemany("INSERT INTO staging.extract__budget VALUES (?, ?, ?, ?, ?)", budgets)
    con.execute("CREATE OR REPLACE TABLE staging.extract__lasten_lks (levering_id VARCHAR, gemeente_code VARCHAR, "
                "jaar INTEGER, bedrag DECIMAL(16, 2))")
    if lasten_lks:
        con.executemany("INSERT INTO staging.extract__lasten_lks VALUES ('L1', 'GM0001', ?, ?)", lasten_lks)
    con.execute(f"""CREATE OR REPLACE TABLE intermediate.kpi_extract AS SELECT * FROM (VALUES
        ('GM0001', '2023', 'uitkeringslasten', '', 'jaar', true, 1000000.0),
        ('GM0001', '2023', 'netto_lasten', '', 'jaar', true, {netto_2023}),
        ('GM0001', '2024', 'uitkeringslasten', '', 'jaar', true, {uitkeringslasten_2024}),
        ('GM0001', '2024', 'netto_lasten', '', 'jaar', true, {netto_2024})
        ) AS k(gemeente_code, periode, indicator, uitsplitsing, periode_soort, volledig, waarde)""")
    normen = {jaar: 1000.0 for jaar in range(2022, 2028)} | (normen or {})
    con.execute("CREATE OR REPLACE TABLE intermediate.forecast_normindex AS SELECT * FROM (VALUES "
                + ", ".join(f"(DATE '{jaar}-{maand:02d}-01', {norm}, true)"
                            for jaar, norm in normen.items() for maand in (1, 7))
                + ") AS n(halfjaar_start, norm_gehuwden, gepubliceerd)")
    con.execute("""CREATE OR REPLACE TABLE intermediate.forecast_lasten_maand AS
        SELECT 'GM0001' AS gemeente_code, year(m) AS jaar, CAST(m AS DATE) AS maand, 'prognose' AS volume_bron,
               100.0 AS volume, 90.0 AS volume_p10, 110.0 AS volume_p90,
               CAST(NULL AS DOUBLE) AS bruto_lasten_realisatie, norm.norm_gehuwden / basis.norm_gehuwden AS normindex,
               true AS norm_gepubliceerd, 2024 AS basisjaar,
               12000.0 AS kosten_per_uitkering_basisjaar
        FROM generate_series(DATE '2025-01-01', DATE '2026-12-01', INTERVAL 1 MONTH) AS g(m)
        JOIN intermediate.forecast_normindex AS norm ON norm.halfjaar_start = date_trunc('year', m)
        JOIN intermediate.forecast_normindex AS basis ON basis.halfjaar_start = DATE '2024-01-01'""")


def _budget(con: duckdb.DuckDBPyConnection, kosten_per_uitkering: float | None = None,
            budget_aanname: float | None = None, volume_verschil: list | None = None) -> pd.DataFrame:
    """The budget macro over the inputs as they are now, with the page's assumptions (None: the data decide)."""
    return con.execute("SELECT * FROM intermediate.budget_berekening(NULL, ?, ?, ?)",
                       [kosten_per_uitkering, budget_aanname, volume_verschil]).df().set_index(["jaar", "fase"])


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
    # 15% deficit: 5% of the budget back = 50,000 (2025's rules: assumed)
    assert row["vangnet_bedrag"] == pytest.approx(50000)
    assert row["regeljaar"] == 2025 and row["regels_aangenomen"]
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


def test_the_bands_behind_the_compensation_for_the_page_to_explain(con) -> None:
    """2025 definitief (the case above): a 15% deficit, three years 15%, threshold 7.5% (2025's rules).
    The bands take (12.5 - 7.5) = 5 points at 50% and (15 - 12.5) = 2.5 points at 100%: 2.5 + 2.5 = 5%."""
    _budget_inputs(con, netto_2023=950000.0)
    row = _budget(con).loc[(2025, "definitief")]
    assert (row["tekort_aandeel"], row["tekort_3jr_aandeel"]) == pytest.approx((0.15, 0.15))
    assert row["vangnet_drempel_pct"] == 7.5
    banden = [(b["ondergrens_pct"], b["bovengrens_pct"], b["vergoeding_pct"], b["tekort_in_band_pct"])
              for b in row["vangnet_banden"]]
    assert banden == [(7.5, 12.5, 50.0, pytest.approx(5.0)), (12.5, None, 100.0, pytest.approx(2.5))]
    assert row["vangnet_aandeel"] == pytest.approx((5.0 * 50 + 2.5 * 100) / 10000)
    # each version with its rank and Dutch label from the seed
    assert sorted(map(tuple, _budget(con).loc[2025][["fase_rang", "fase_label"]].values.tolist())) == [
        (1, "voorlopig"), (3, "definitief")]


def test_the_mart_the_kpi_rows_and_the_what_if_are_one_macro(con, maak_modellen) -> None:
    """The build calls the macro with NULLs (intermediate.budget_prognose), the mart and the KPI rows read
    that; the page calls the same macro for one municipality with its own change in caseload."""
    _budget_inputs(con, netto_2023=950000.0)
    con.execute("CREATE OR REPLACE TABLE intermediate.forecast_volume (gemeente_code VARCHAR, periode VARCHAR, "
                "periode_soort VARCHAR, periode_start DATE, waarde DOUBLE, p2_5 DOUBLE, p10 DOUBLE, p90 DOUBLE, "
                "p97_5 DOUBLE)")
    maak_modellen(con, "intermediate.budget_prognose", "marts.budget_prognose", "intermediate.kpi_vangnet",
                  "intermediate.kpi_forecast")
    mart = con.execute("SELECT * FROM marts.budget_prognose ORDER BY jaar, fase_rang").df()
    macro = _budget(con).reset_index().sort_values(["jaar", "fase_rang"], ignore_index=True)
    pd.testing.assert_frame_equal(mart, macro[mart.columns])
    # kpi_vangnet: the delivered versions only (2026's assumed budget stays out); 50,000 and 160,000 as above
    vangnet = con.execute("SELECT periode, uitsplitsing, waarde, bron FROM intermediate.kpi_vangnet "
                          "WHERE periode = '2025' ORDER BY uitsplitsing").fetchall()
    assert vangnet == [("2025", "fase=definitief", pytest.approx(50000), "forecast"),
                       ("2025", "fase=voorlopig", pytest.approx(160000), "forecast")]
    assert con.execute("SELECT count(*) FROM intermediate.kpi_vangnet WHERE periode = '2026'").fetchone()[0] == 0
    # one net-spending row per forecast year, however many versions the year has: 1,150,000 for 2025
    netto = con.execute("SELECT periode, waarde FROM intermediate.kpi_forecast "
                        "WHERE indicator = 'netto_lasten_prognose' ORDER BY periode").fetchall()
    assert netto == [("2025", pytest.approx(1150000)), ("2026", pytest.approx(1150000))]
    # the what-if for GM0001: 20 benefits more in each month of 2026 = 240 benefit-months x 1,000 = 240,000 more
    # spending on the assumed 1,000,000: -150,000 - 240,000 = -390,000; another municipality has no rows
    verschil = [{"maand": f"2026-{m:02d}-01", "verschil": 20.0} for m in range(1, 13)]
    wat_als = con.execute("SELECT * FROM intermediate.budget_berekening('GM0001', NULL, NULL, ?)",
                          [verschil]).df().set_index(["jaar", "fase"])
    assert wat_als.loc[(2026, "aanname"), "resultaat"] == pytest.approx(-390000)
    assert wat_als.loc[(2025, "definitief"), "resultaat"] == pytest.approx(mart.set_index(["jaar", "fase"]).loc[
        (2025, "definitief"), "resultaat"])  # 2025's months are not moved
    assert con.execute("SELECT count(*) FROM intermediate.budget_berekening('GM0002', NULL, NULL, NULL)"
                       ).fetchone()[0] == 0


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
    budget = _budget(con, kosten_per_uitkering=11000.0, budget_aanname=1200000.0)
    assert budget.loc[(2025, "definitief"), "resultaat_pct"] == pytest.approx(-0.05)
    assert budget.loc[(2025, "definitief"), "vangnet_bedrag"] == pytest.approx(0)
    assert budget.loc[(2026, "aanname"), "budget"] == pytest.approx(1200000)


def test_the_earlier_years_count_in_their_definitive_version(con) -> None:
    """2025 (forecast, only a voorlopig budget yet) against the earlier years in their versions.

    2023: net 950,000; voorlopig 900,000 -> -50,000, definitief 1,000,000 -> +50,000
    2024: net 1,050,000; voorlopig 1,000,000 -> -50,000, definitief 1,100,000 -> +50,000
    2025: 100 benefits x 12,000 = 1,200,000 - 50,000 repayments (2024: 1,100,000 - 1,050,000) = 1,150,000
          net against voorlopig 1,000,000: -150,000 = 15% deficit, above 7.5%
    Three years, earlier years definitief: -150,000 + 50,000 + 50,000 = -50,000 = 5% of 1,000,000: not
    above 7.5%, so no vangnet. Had the earlier years counted in the row's own version (voorlopig):
    -150,000 - 50,000 - 50,000 = -250,000 = 25%, and (12.5 - 7.5) x 50% + (15 - 12.5) x 100% = 5% =
    50,000 would have been expected.
    """
    _budget_inputs(con, netto_2023=950000.0, budgets=[
        ("L1", "GM0001", 2023, "voorlopig", 900000.0), ("L1", "GM0001", 2023, "definitief", 1000000.0),
        ("L1", "GM0001", 2024, "voorlopig", 1000000.0), ("L1", "GM0001", 2024, "definitief", 1100000.0),
        ("L1", "GM0001", 2025, "voorlopig", 1000000.0)])
    budget = _budget(con)
    row = budget.loc[(2025, "voorlopig")]
    assert row["resultaat"] == pytest.approx(-150000)
    assert [(e["jaar"], e["fase"], e["resultaat"]) for e in row["eerdere_jaren"]] == [
        (2023, "definitief", pytest.approx(50000)), (2024, "definitief", pytest.approx(50000))]
    assert row["resultaat_3jr"] == pytest.approx(-50000)
    assert row["vangnet_bedrag"] == pytest.approx(0)
    # the realised voorlopig row of 2024 takes 2023 definitief too: -50,000 + 50,000 = 0
    assert budget.loc[(2024, "voorlopig"), "resultaat_3jr"] == pytest.approx(0)
    # 2026 (assumed budget: 2025 voorlopig 1,000,000, flat norms): 2025 has no definitief yet, so its newest
    # version counts, and says so: 2024 definitief +50,000, 2025 voorlopig -150,000
    assumed = budget.loc[(2026, "aanname")]
    assert [(e["jaar"], e["fase"]) for e in assumed["eerdere_jaren"]] == [(2024, "definitief"), (2025, "voorlopig")]
    assert assumed["resultaat_3jr"] == pytest.approx(50000 - 150000 + (1000000 - 1150000))


def test_indexing_the_assumed_budget_removes_a_false_deficit(con) -> None:
    """The newest delivered budget is 2024 definitief 1,200,000, spent exactly (no repayments, no LKS);
    the couple norm rises 3% a year (1,000 in 2024, 1,030 in 2025, 1,060.90 in 2026).

    Caseload stays at 100, so spending follows the norm: 2025 100 x 12,000 x 1.03 = 1,236,000, 2026
    100 x 12,000 x 1.0609 = 1,273,080. The nominal 1,200,000 would show deficits of 36,000 (2025) and
    73,080 (6.1%, 2026) that are only inflation. Indexed like the cost per benefit the assumed budgets
    are 1,200,000 x 1,030 / 1,000 = 1,236,000 and 1,200,000 x 1,060.9 / 1,000 = 1,273,080: result 0.
    """
    _budget_inputs(con, netto_2023=1000000.0, uitkeringslasten_2024=1200000.0, netto_2024=1200000.0,
                   budgets=[("L1", "GM0001", 2023, "definitief", 1000000.0),
                            ("L1", "GM0001", 2024, "definitief", 1200000.0)],
                   normen={2025: 1030.0, 2026: 1060.9})
    budget = _budget(con)
    for jaar, verwacht in ((2025, 1236000), (2026, 1273080)):
        row = budget.loc[(jaar, "aanname")]
        assert row["budget_aangenomen"]
        assert (row["aanname_bron_jaar"], row["aanname_bron_fase"]) == (2024, "definitief")
        assert row["budget"] == pytest.approx(verwacht)
        assert row["netto_lasten"] == pytest.approx(verwacht)
        assert row["resultaat"] == pytest.approx(0, abs=1e-6)
    assert budget.loc[(2026, "aanname"), "aanname_index"] == pytest.approx(1.0609)


def test_wage_cost_subsidies_count_as_spending_when_delivered(con) -> None:
    """LKS delivered for 2024 only: 80,000. kpi_extract's 2024 netto_lasten holds it (figuren_geld):
    1,100,000 benefits + 80,000 LKS - 50,000 repayments = 1,130,000.

    The mart splits it again: repayments = 1,100,000 + 80,000 - 1,130,000 = 50,000. 2025 expects the
    base year's LKS and repayments: 1,200,000 + 80,000 - 50,000 = 1,230,000 net, against definitief
    1,000,000: -230,000. 2023 has no LKS row: its result misses that part, and the mart says so.
    """
    _budget_inputs(con, netto_2023=950000.0, netto_2024=1130000.0, lasten_lks=[(2024, 80000.0)])
    budget = _budget(con)
    row = budget.loc[(2025, "definitief")]
    assert (row["lasten_lks"], row["aflossingen"], row["netto_lasten"]) == pytest.approx((80000, 50000, 1230000))
    assert row["resultaat"] == pytest.approx(-230000) and row["lks_geleverd"]
    assert budget.loc[(2024, "definitief"), "lasten_lks"] == pytest.approx(80000)
    assert not budget.loc[(2023, "definitief"), "lks_geleverd"]


def test_a_scenario_moves_the_result_and_the_vangnet_through_the_same_model(con) -> None:
    """The what-if as the page passes it: 10 benefits fewer in every month of 2025.

    Baseline 2025 definitief: 1,150,000 net, -15%, three years -150,000 (15%): vangnet 50,000.
    Scenario: 90 x 12,000 = 1,080,000 - 50,000 = 1,030,000 net, -30,000 = 3%: under 7.5%, no vangnet.
    2026 (assumed 1,000,000, the 2025 definitief; its own months unchanged) still spends 1,150,000: -150,000,
    but its three years take 2025's scenario result: 2024 -50,000, 2025 -30,000, 2026 -150,000 = -230,000.
    """
    _budget_inputs(con, netto_2023=950000.0)
    verschil = [{"maand": f"2025-{m:02d}-01", "verschil": -10.0} for m in range(1, 13)]
    scenario = _budget(con, volume_verschil=verschil)
    row = scenario.loc[(2025, "definitief")]
    assert row["netto_lasten"] == pytest.approx(1030000)
    assert row["resultaat_3jr"] == pytest.approx(50000 - 50000 - 30000)
    assert row["vangnet_bedrag"] == pytest.approx(0)
    # 2026 has no change of its own, yet its three-year condition moves with 2025
    assert scenario.loc[(2026, "aanname"), "resultaat"] == pytest.approx(1000000 - 1150000)
    assert scenario.loc[(2026, "aanname"), "resultaat_3jr"] == pytest.approx(-50000 - 30000 - 150000)
    assert _budget(con).loc[(2025, "definitief"), "vangnet_bedrag"] == pytest.approx(50000)  # baseline untouched


def test_wage_cost_subsidies_from_the_delivery_to_the_figures_and_their_rows(tmp_path, data_dir) -> None:
    """extract_mini (GM0289) with lasten_lks.csv: 400 for 2023. tests/sql/test_kpi_extract.py works the
    rest by hand: 2023 benefits 6,300 - repayment 200 = 6,100 net without LKS, so now 6,500; the results
    against voorlopig 8,000 and definitief 6,000 become 1,500 and -500. The rows behind each figure still
    add up to it, the LKS row among them."""
    folder = tmp_path / "levering"
    shutil.copytree(EXTRACT_MINI, folder)
    (folder / "lasten_lks.csv").write_text("gemeente_code;jaar;bedrag\nGM0289;2023;400,00\n", encoding="utf-8")
    settings = get_settings()
    load_delivery(folder, settings)
    build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        figuren = (("netto_lasten", "", 6500), ("buig_resultaat", "fase=voorlopig", 1500),
                   ("buig_resultaat", "fase=definitief", -500))
        for indicator, uitsplitsing, verwacht in figuren:
            figuur = drilldown.drill(con, "GM0289", "2023", indicator, uitsplitsing)
            assert figuur.kpi["waarde"] == pytest.approx(verwacht)
            assert figuur.som("waarde") == pytest.approx(verwacht)
            lks = figuur.rijen[figuur.rijen["rijen_model"] == "staging.extract__lasten_lks"]
            assert lks["bijdrage"].tolist() == [400 if indicator == "netto_lasten" else -400]
        # the spending statement has the LKS line and still ties to the KPI table: 6,300 + 400 - 200
        staat = dict(con.execute("SELECT onderdeel, bedrag FROM marts.verantwoording WHERE gemeente_code = 'GM0289' "
                                 "AND jaar = '2023' AND onderdeel IN ('lks', 'netto')").fetchall())
        assert (float(staat["lks"]), float(staat["netto"])) == (400, 6500)
        assert con.execute("SELECT bool_and(sluitend) FROM marts.verantwoording_aansluiting").fetchone()[0]
        # 2024 has no LKS row: its net spending stays as it was (5,650)
        assert con.execute("SELECT waarde FROM marts.kpi WHERE gemeente_code = 'GM0289' AND periode = '2024' "
                           "AND indicator = 'netto_lasten' AND bron = 'extract'").fetchone()[0] == pytest.approx(5650)
    finally:
        con.close()
