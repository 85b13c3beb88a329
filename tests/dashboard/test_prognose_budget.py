"""The Prognose & budget page in AppTest on a warehouse the test writes: the fan chart's text, the
backtest accuracy, a scenario slider and the budget table with the vangnet, all worked by hand."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from pipelines.build import create_schemas_and_macros
from pipelines.settings import SQL_DIR

PAGE = "../../dashboard/paginas/prognose_budget.py"
MAANDEN = [f"{jaar}-{maand:02d}" for jaar in (2023, 2024, 2025) for maand in range(1, 13)]
PROGNOSE = [f"{jaar}-{maand:02d}" for jaar in (2026, 2027) for maand in range(1, 13)]


def _kpi_rows(row) -> list[dict]:
    rows = [row("GM1234", m, "bijstandsvolume", 100) for m in MAANDEN]
    for m in PROGNOSE:
        for suffix, value in (("", 100), ("_p2_5", 85), ("_p10", 90), ("_p90", 110), ("_p97_5", 115)):
            rows.append(row("GM1234", m, "bijstandsvolume_prognose" + suffix, value, bron="forecast", volledig=False))
    return rows


def _forecast_and_scenario_marts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE TABLE marts.forecast_modellen AS SELECT 'GM1234' AS gemeente_code, 'maand' AS periode_soort,
                   'AutoETS' AS model, 'backtest' AS reden, 120 AS waarnemingen, 'extract' AS basis_bron,
                   '2025-12' AS laatste_waarneming, 'conformal' AS interval, '2023-01' AS toets_van,
                   '2025-12' AS toets_tot""")
    con.execute("""CREATE TABLE marts.forecast_backtest AS
                   SELECT 'GM1234' AS gemeente_code, 'maand' AS periode_soort, model, CAST(stap AS INTEGER) AS stap,
                          mase * 10 AS mae, mase, 3 AS vensters, dekking_80, 1.0 AS dekking_95,
                          model = 'AutoETS' AS gekozen
                   FROM (VALUES ('AutoETS', 0.5, 2 / 3), ('Theta', 0.8, 1.0), ('SeasonalNaive', 1.0, 1.0))
                       AS m(model, mase, dekking_80),
                        range(1, 25) AS r(stap)""")
    con.execute("CREATE TABLE marts.forecast_dekking AS "
                + (SQL_DIR / "marts" / "forecast_dekking.sql").read_text(encoding="utf-8"))
    # 100 benefits of duration 0 at the end of 2025, 10% leave for work each month, 10 new ones a month
    con.execute("""CREATE TABLE marts.scenario_voorraad AS SELECT 'GM1234' AS gemeente_code,
                   DATE '2025-12-31' AS stand_datum, 0 AS duur_maanden, 100 AS voorraad, true AS startpunt""")
    con.execute("""CREATE TABLE marts.scenario_instroom AS SELECT 'GM1234' AS gemeente_code, m AS kalendermaand,
                   10.0 AS niveau, 1.0 AS seizoensfactor, 10.0 AS instroom FROM range(1, 13) AS r(m)""")
    con.execute("""CREATE TABLE marts.scenario_uitstroomkans AS SELECT 'GM1234' AS gemeente_code, * FROM (VALUES
                   ('<1jr', 0, 11), ('1-2jr', 12, 23), ('2-5jr', 24, 59), ('5jr+', 60, 60))
                       AS b(duurband, duur_van, duur_tot),
                   (SELECT 0.1 AS kans_werk, 0.0 AS kans_overig)""")


def _budget_marts(con: duckdb.DuckDBPyConnection, maak_modellen) -> None:
    """2024 and 2025 exactly on budget; 2026 and 2027 at 100 benefits a month of 12,000 a year."""
    create_schemas_and_macros(con)
    con.execute("CREATE TABLE intermediate.gemeente_leveringen AS "
                "SELECT 'GM1234' AS gemeente_code, 'L1' AS levering_id")
    con.execute("""CREATE TABLE staging.extract__budget AS SELECT * FROM (VALUES
        ('L1', 'GM1234', 2024, 'definitief', 1250000.0), ('L1', 'GM1234', 2025, 'definitief', 1250000.0),
        ('L1', 'GM1234', 2026, 'voorlopig', 1000000.0)) AS b(levering_id, gemeente_code, jaar, fase, bedrag)""")
    # wage-cost subsidies delivered for 2025 only: 0, so the sums stay round and 2024 shows the gap
    con.execute("""CREATE TABLE staging.extract__lasten_lks AS SELECT * FROM (VALUES
        ('L1', 'GM1234', 2025, 0.0)) AS l(levering_id, gemeente_code, jaar, bedrag)""")
    # flat norms: the assumed 2027 budget is the 2026 one x 1
    con.execute("""CREATE TABLE intermediate.forecast_normindex AS
        SELECT CAST(d AS DATE) AS halfjaar_start, 1000.0 AS norm_gehuwden, true AS gepubliceerd
        FROM generate_series(DATE '2023-01-01', DATE '2027-07-01', INTERVAL 6 MONTH) AS g(d)""")
    con.execute("""CREATE TABLE intermediate.kpi_extract AS SELECT * FROM (VALUES
        ('GM1234', '2024', 'uitkeringslasten', '', 'jaar', true, 1300000.0),
        ('GM1234', '2024', 'netto_lasten', '', 'jaar', true, 1250000.0),
        ('GM1234', '2025', 'uitkeringslasten', '', 'jaar', true, 1300000.0),
        ('GM1234', '2025', 'netto_lasten', '', 'jaar', true, 1250000.0)
        ) AS k(gemeente_code, periode, indicator, uitsplitsing, periode_soort, volledig, waarde)""")
    con.execute("""CREATE TABLE intermediate.forecast_lasten_maand AS
        SELECT 'GM1234' AS gemeente_code, year(m) AS jaar, CAST(m AS DATE) AS maand, 'prognose' AS volume_bron,
               100.0 AS volume, 90.0 AS volume_p10, 110.0 AS volume_p90,
               CAST(NULL AS DOUBLE) AS bruto_lasten_realisatie,
               1.0 AS normindex, true AS norm_gepubliceerd, 2025 AS basisjaar,
               12000.0 AS kosten_per_uitkering_basisjaar
        FROM generate_series(DATE '2026-01-01', DATE '2027-12-01', INTERVAL 1 MONTH) AS g(m)""")
    # the build's budget macro (with the seeds and vangnet macros it reads), its call and the mart
    maak_modellen(con, "intermediate.budget_berekening", "intermediate.budget_prognose", "marts.budget_prognose")


@pytest.fixture
def app(warehouse, maak_modellen) -> AppTest:
    path = warehouse.write(_kpi_rows(warehouse.row), gemeenten={"GM1234": "Teststad"})
    con = duckdb.connect(str(path))
    try:
        _forecast_and_scenario_marts(con)
        _budget_marts(con, maak_modellen)
    finally:
        con.close()
    return AppTest.from_file(PAGE, default_timeout=30)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _figure(at: AppTest, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def _budget_tabel(at: AppTest):
    return next(d for d in at.dataframe if "Netto lasten" in d.value.columns)


def _budget_row(at: AppTest, jaar: str, versie: str) -> pd.Series:
    """A row of the budget table, its amounts rounded to whole euros as the table shows them."""
    tabel = _budget_tabel(at).value
    rij = tabel[(tabel["Jaar"] == jaar) & (tabel["Budgetversie"] == versie)].iloc[0]
    return rij.map(lambda v: v if isinstance(v, str) or pd.isna(v) else round(v, 3 if abs(v) < 1 else 0))


def test_forecast_fan_and_accuracy_are_described(app) -> None:
    at = app.run()
    assert not at.exception
    captions = _captions(at)
    assert ("Verwacht bijstandsvolume december 2027: 100 uitkeringen; 80%-interval 90 tot 110, "
            "95%-interval 85 tot 115.") in captions
    assert "exponentiële afvlakking (AutoETS), geschat op 120 maanden t/m december 2025 (eigen extract)" in captions
    # mean MASE over steps 1-24: 0.5 for the chosen model, 1.0 for the seasonal naive
    assert "vooruit: 0,50; van 'zelfde periode vorig jaar': 1,00" in captions
    # beside the band, from marts.forecast_dekking: two of the three cuts inside the 80% interval at each of
    # the 24 steps, 48 of 72 values = 67%; all inside the 95% interval; held out January 2023 to December 2025
    assert ("80%-band; in de backtest viel 67% van de waarnemingen erbinnen, 95%-band: 100% · 72 waarnemingen "
            "januari 2023 t/m december 2025, 3 afkappunten, 1 tot 24 maanden vooruit · bron: eigen extract · "
            "intervallen gekalibreerd op de eigen fouten van het model over de laatste twee horizonnen "
            "(conformal).") in captions
    banden = {t["name"] for t in _figure(at, "prognose_waaier")["data"] if t.get("fill") == "tonexty"}
    assert banden == {"80%-interval (backtest: 67% erbinnen)", "95%-interval (backtest: 100% erbinnen)"}
    # 67% in an 80% band: too narrow to be read as 80%, and the page says so
    assert any("Let op: deze band is te smal. In de backtest viel maar 67%" in w.value for w in at.warning)
    # where the figures come from and until when they are counted
    assert ("januari 2023 t/m december 2027 · bron: eigen extract t/m december 2025, daarna prognose · "
            "na december 2025 een verwachting, geen telling") in captions


def test_fan_chart_months_read_horizontally_and_thinned(app) -> None:
    at = app.run()
    as_x = _figure(at, "prognose_waaier")["layout"]["xaxis"]
    # 36 observed + 24 forecast months = 60; every 6th (60 / 6 = 10 labels fit, 60 / 3 = 20 do not),
    # on January and July, the year under January only
    assert as_x["tickangle"] == 0
    assert as_x["ticktext"][:3] == ["jan<br>2023", "jul", "jan<br>2024"] and len(as_x["ticktext"]) == 10
    assert as_x["tickvals"][:2] == ["januari 2023", "juli 2023"]  # hover texts keep the full Dutch month


def test_scenario_slider_moves_the_path_as_worked_by_hand(app) -> None:
    at = app.run()
    scenario = next(m for m in at.metric if m.label == "Scenario december 2027")
    assert scenario.value == "100" and scenario.delta == "0"  # steady: 100 x 0.9 + 10 = 100
    assert scenario.proto.color == Metric.MetricColor.GRAY  # no change is no green rise
    begroting = next(m for m in at.metric if m.label == "Volume december 2027 in de budgetprognose")
    assert (begroting.value, begroting.delta) == ("100", "0")  # the statistical forecast, unchanged
    assert "Zonder verandering in instroom en uitstroom naar werk komt het volume in december 2027 op 100." \
        in _captions(at)
    assert ("december 2027 · bron: eigen extract t/m december 2025, daarna instroom-uitstroommodel met uw scenario"
            " · na december 2025 een verwachting, geen telling") in _captions(at)
    at.slider(key="scenario_instroom").set_value(10).run()
    assert not at.exception
    # 11 new a month: x(n) = 110 - 10 x 0.9^n; after 24 months 110 - 0.80 = 109.2
    scenario = next(m for m in at.metric if m.label == "Scenario december 2027")
    assert scenario.value == "109" and scenario.delta == "+9"
    assert scenario.proto.color == Metric.MetricColor.RED  # more benefits: the inverse colour
    # the budget takes the statistical forecast (100 in December 2027) plus the scenario's 9.2: 109
    begroting = next(m for m in at.metric if m.label == "Volume december 2027 in de budgetprognose")
    assert (begroting.value, begroting.delta) == ("109", "+9")
    lijn = next(t for t in _figure(at, "scenario_grafiek")["data"] if t["name"] == "scenario")
    # the scenario opens from the last observed stock (100 at the end of 2025), then 100 x 0.9 + 11 = 101
    assert lijn["x"][:2] == ["december 2025", "januari 2026"]
    assert lijn["customdata"][:2] == ["100", "101"]
    assert scenario.proto.delta_description == "t.o.v. zonder verandering"  # +9 against what, in words
    # 109.2 - 100 = 9.2 more than the unchanged model
    assert ("Met +10% instroom en +0% uitstroom naar werk vanaf januari 2026 komt het volume in december 2027 "
            "op 109, 9 meer dan zonder verandering.") in _captions(at)


def test_budget_table_and_vangnet_worked_by_hand(app) -> None:
    at = app.run()
    assert not at.exception
    # 2026: 100 x 12 x 1,000 = 1,200,000 minus 50,000 repayments = 1,150,000 against 1,000,000 voorlopig:
    # -150,000 = -15%; with 2024 and 2025 on budget the three years are -15% too: vangnet 5% = 50,000
    row = _budget_row(at, "2026 (prognose)", "voorlopig")
    assert row["Netto lasten"] == 1_150_000
    assert row["Resultaat"] == -150_000 and row["% budget"] == -0.15
    assert row["Vangnet"] == 50_000
    # 80% band: 90 and 110 benefits a month: -30,000 to -270,000
    assert (row["80%-band laag"], row["80%-band hoog"]) == (-270_000, -30_000)
    realisatie = _budget_row(at, "2025", "definitief")
    assert realisatie["Resultaat"] == 0  # 1,250,000 - 1,250,000
    assert pd.isna(realisatie["80%-band laag"]) and pd.isna(realisatie["80%-band hoog"])  # no band for a count
    # numbers, so a header click sorts them as numbers, written € 1.150.000 and -15,0% (checked in a browser:
    # tests/e2e/screenshots/budget_tabel.png); a missing value is a dash, not Streamlit's "None"
    kolommen = json.loads(_budget_tabel(at).proto.columns)
    assert {k: (kolommen[k]["type_config"]["format"], kolommen[k]["type_config"]["step"])
            for k in ("Netto lasten", "% budget", "80%-band laag")} == {
        "Netto lasten": ("euro", 1), "% budget": ("percent", 0.001), "80%-band laag": ("euro", 1)}
    assert kolommen["Netto lasten"]["help"].startswith("Uitkeringslasten plus loonkostensubsidies")
    assert kolommen["Jaar"]["width"] == 110
    assert _budget_tabel(at).proto.placeholder == "–"
    # the vangnet bands of the rules of 2025 as fractions, written 7,5% by the column's format
    banden = next(d.value for d in at.dataframe if "Tekort vanaf" in d.value.columns)
    banden = banden[banden["Regels van"] == "2025"]
    assert banden["Tekort vanaf"].tolist() == [0.075, 0.125] and banden["Vergoed"].tolist() == [0.5, 1.0]
    assert banden["tot"].iloc[0] == 0.125 and pd.isna(banden["tot"].iloc[1])  # the top band has no upper bound
    # 2027 has no delivered budget: the newest delivered one (2026 voorlopig: 1,000,000, not the older 2025
    # definitief) indexed like the cost per benefit: flat norms, x 1
    assumed = _budget_row(at, "2027 (prognose)", "aangenomen")
    assert assumed["BUIG-budget"] == 1_000_000
    captions = _captions(at)
    # the rules each year assumes, named: 2024 as published, 2025 onward assumed
    assert ("Vangnetregels per jaar: 2024: regels van 2024 (gepubliceerd; Toetsingscommissie vangnet: regels "
            "tekortjaar 2024") in captions
    assert "2025, 2026 en 2027: regels van 2025 (aangenomen; Besluit van september 2025 (Stb. 2025, 222)" in captions
    # what the manager typed, in the Dutch notation the input box cannot show
    assert "€ 12.000 per uitkering per jaar: uit de gegevens" in captions
    assert ("€ 1.000.000 voor 2027: het nieuwste geleverde budget (2026 voorlopig) x 1,000, de index van de "
            "lasten per uitkering (normen)") in captions
    assert ("2024 t/m 2027 · bron: eigen extract t/m december 2025, daarna prognose · na december 2025 een "
            "verwachting, geen telling · budgetversie per rij") in captions
    # the budget table and the vangnet rules, each as CSV and Excel
    assert {b.key for b in at.get("download_button")} >= {"budget_download_csv", "budget_download_xlsx",
                                                          "vangnet_download_csv", "vangnet_download_xlsx"}
    # the worked computation of 2026 voorlopig (the first choice): no month paid yet, 15% deficit in the year
    # and over 2024-2026 (-150,000 + 0 + 0), so (12.5 - 7.5) x 50% + (15 - 12.5) x 100% = 5% of 1,000,000
    stappen = _markdown(at)
    assert "2. Nog geen maand van 2026 is betaald; voor alle 12 maanden" in stappen
    assert "= € 1.000.000 - € 1.150.000 = -€ 150.000, -15,0% van het budget (tekort)." in stappen
    assert ("8. Resultaat 2024 t/m 2026 samen (eerdere jaren definitief, anders de nieuwste versie: 2024 "
            "definitief € 0, 2025 definitief € 0): -€ 150.000, -15,0% van het budget 2026 (tekort).") in stappen
    assert "9. Vangnet (regels van 2025, aangenomen, drempel 7,5%)" in stappen
    assert ("tekort in 2026 15,0% (boven de drempel), over 2024 t/m 2026 15,0% (boven de drempel); vergoed wordt "
            "(12,5% - 7,5%) x 50% + (15,0% - 12,5%) x 100% = 5,0% van het budget = € 50.000.") in stappen
    # 2027 on the assumed 1,000,000 (the newest delivered budget): 1,200,000 - 50,000 = 1,150,000 net, a
    # deficit of 150,000 = 15%; over 2025-2027: 0 (2025) - 150,000 (2026) - 150,000 (2027) = -300,000,
    # 30% of the 2027 budget: both above 7.5%, so again 5% of 1,000,000 = 50,000 back
    at.selectbox(key="budget_berekening").set_value(1).run()
    assert not at.exception
    stappen = _markdown(at)
    assert "= € 1.000.000 - € 1.150.000 = -€ 150.000, -15,0% van het budget (tekort)." in stappen
    # 2026 counts in its newest version, voorlopig: no definitief exists yet
    assert ("8. Resultaat 2025 t/m 2027 samen (eerdere jaren definitief, anders de nieuwste versie: 2025 definitief "
            "€ 0, 2026 voorlopig -€ 150.000): -€ 300.000, -30,0% van het budget 2027 (tekort).") in stappen
    assert ("tekort in 2027 15,0% (boven de drempel), over 2025 t/m 2027 30,0% (boven de drempel); vergoed wordt "
            "(12,5% - 7,5%) x 50% + (15,0% - 12,5%) x 100% = 5,0% van het budget = € 50.000.") in stappen
    at.selectbox(key="budget_berekening").set_value(0).run()
    # the manager's own cost per benefit: 11,000 gives 1,050,000 net, -5%: under the threshold, no vangnet
    assert at.text_input(key="budget_kosten_GM1234").value == "12.000"  # Dutch, not 12000
    at.text_input(key="budget_kosten_GM1234").set_value("11.000").run()
    assert not at.exception
    row = _budget_row(at, "2026 (prognose)", "voorlopig")
    assert row["Resultaat"] == -50_000 and row["Vangnet"] == 0
    assert "€ 11.000 per uitkering per jaar: uw eigen bedrag (uit de gegevens: € 12.000)" in _captions(at)
    assert "tekort in 2026 5,0% (niet boven de drempel)" in _markdown(at)
    assert "dus geen vergoeding (€ 0)." in _markdown(at)
    # a point groups thousands in Dutch: 11000.50 is no amount, said in Dutch, and the data's 12,000 counts again
    at.text_input(key="budget_kosten_GM1234").set_value("11000.50").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["'11000.50' is geen bedrag: schrijf bijvoorbeeld 16.734 of 16.734,50. "
                                           "Gerekend wordt met het bedrag uit de gegevens."]
    assert _budget_row(at, "2026 (prognose)", "voorlopig")["Resultaat"] == -150_000


def test_wage_cost_subsidies_in_and_missing(app) -> None:
    """lasten_lks.csv has a row for 2025 (0) and none for 2024: the table says which, and the page warns
    that 2024's net spending lacks that part of what the whole budget pays for."""
    at = app.run()
    assert not at.exception
    assert pd.isna(_budget_row(at, "2024", "definitief")["Loonkostensubsidie"])  # shown as a dash, help says why
    assert _budget_row(at, "2025", "definitief")["Loonkostensubsidie"] == 0
    assert [w.value for w in at.warning if not w.value.startswith("Let op: deze band")] == [
        "Loonkostensubsidies ontbreken voor 2024 (geen lasten_lks.csv of geen rij voor dat jaar). Het BUIG-budget "
        "omvat ze wel: de netto lasten missen dat deel en het resultaat is er te gunstig door."]
    assert "4. Loonkostensubsidies: € 0 (zoals in 2025)" in _markdown(at)


def _scenario_budget_row(at: AppTest, jaar: str) -> pd.Series:
    tabel = next(d.value for d in at.dataframe if "Resultaat scenario" in d.value.columns)
    return tabel[tabel["Jaar"] == jaar].iloc[0].map(lambda v: v if isinstance(v, str) else round(v))


def test_scenario_moves_the_buig_result_and_vangnet(app) -> None:
    """+10% inflow from January 2026. The stock-flow model: x(n) = 110 - 10 x 0.9^n against 100 unchanged,
    so the budget's statistical baseline (100 a month) gets 10 x (1 - 0.9^n) more benefits in month n.

    2026 (n = 1..12): sum 0.9^n = 9 x (1 - 0.9^12) = 6.4581; 10 x (12 - 6.4581) = 55.419 benefit-months
    x 12,000 / 12 = 55,419 more: result -150,000 - 55,419 = -205,419 (20.54% of 1,000,000); with 2024 and
    2025 at 0 the three years are -205,419 too; vangnet 2.5% + (20.54% - 12.5%) = 10.54% = 105,419.
    2027 (n = 13..24): sum 0.9^n = 0.9^12 x 6.4581 = 1.8240; 10 x (12 - 1.8240) = 101.760: -251,760
    (25.18%); three years 0 - 205,419 - 251,760 = -457,179; vangnet 2.5% + 12.68% = 15.18% = 151,760.
    """
    at = app.run()
    assert _scenario_budget_row(at, "2027")["Resultaat scenario"] == -150_000  # no change: the baseline
    assert "Eén basis: de budgetprognose hieronder rekent met de statistische prognose van het volume (" \
           "exponentiële afvlakking (AutoETS))." in _captions(at)
    assert "kan al bij de start van de statistische prognose afwijken" in _captions(at)
    at.slider(key="scenario_instroom").set_value(10).run()
    assert not at.exception
    rij_2026, rij_2027 = _scenario_budget_row(at, "2026"), _scenario_budget_row(at, "2027")
    assert (rij_2026["Resultaat basis"], rij_2026["Resultaat scenario"]) == (-150_000, -205_419)
    assert (rij_2026["Vangnet basis"], rij_2026["Vangnet scenario"]) == (50_000, 105_419)
    assert (rij_2027["Budgetversie"], rij_2027["Resultaat scenario"]) == ("aangenomen", -251_760)
    assert (rij_2027["Drie jaar basis"], rij_2027["Drie jaar scenario"]) == (-300_000, -457_179)
    assert rij_2027["Vangnet scenario"] == 151_760
    resultaat = next(m for m in at.metric if m.label == "BUIG-resultaat 2027 (aangenomen) met scenario")
    assert (resultaat.value, resultaat.delta) == ("-€ 251.760", "-€ 101.760")
    vangnet = next(m for m in at.metric if m.label == "Vangnet 2027 (aangenomen) met scenario")
    assert (vangnet.value, vangnet.delta) == ("€ 151.760", "+€ 101.760")
    # the baseline table above stays on the statistical forecast
    assert _budget_row(at, "2027 (prognose)", "aangenomen")["Resultaat"] == -150_000
