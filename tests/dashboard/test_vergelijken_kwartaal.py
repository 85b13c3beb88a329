"""Vergelijken on CBS quarters (AppTest, hand-made warehouse in the style of test_vergelijken): the latest CBS
quarter for the municipality and its peers, the own extract figure beside it with what differs, the series
break stated and drawn on a time axis, and the synthetic feed labelled as the demo's fallback."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_vergelijken import APP, INDICATOREN, features_frame, metrics, write_benchmark_marts

from pipelines.settings import get_settings

# (teller, noemer) per municipality: CBS persons and inhabitants 15 to AOW age / 1,000
CBS_2025Q1 = {"GM0001": (270, 10.0), "GM0002": (200, 10.0), "GM0003": (470, 20.0), "GM0004": (110, 20.0),
              "GM0005": (900, 30.0), "NL": (392_000, 18_000.0)}
CBS_2025Q2 = {"GM0001": (280, 10.0), "GM0002": (210, 10.0), "GM0003": (480, 20.0), "GM0004": (120, 20.0),
              "GM0005": (910, 30.0), "NL": (390_000, 18_000.0)}
NIEUWE_EDITIE = ("CBS-tabel personen met een uitkering per kwartaal (86400NED): personen met algemene bijstand, "
                 "stand op 30-06-2025; per 1.000 inwoners van 15 jaar en ouder")


@pytest.fixture
def app(warehouse) -> AppTest:
    rows = [warehouse.row(code, periode, "cbs_bijstand_per_1000_inwoners", t / n, bron="cbs", teller=t, noemer=n)
            for periode, cijfers in (("2025Q1", CBS_2025Q1), ("2025Q2", CBS_2025Q2))
            for code, (t, n) in cijfers.items()]
    rows.append(warehouse.row("GM0001", "2024", "cbs_bijstand_per_1000_inwoners", 30.0, bron="cbs", teller=300,
                              noemer=10.0))
    # Eenstad's own extract: 250 benefits per 12.000 inhabitants of all ages
    rows.append(warehouse.row("GM0001", "2025Q2", "bijstand_per_1000_inwoners", 250 / 12, teller=250, noemer=12.0))
    rows.append(warehouse.row("GM0001", "2025Q2", "bijstandsvolume", 250.0))
    for code, volume in (("GM0002", 150), ("GM0003", 420)):
        rows.append(warehouse.row(code, "2025Q2", "bijstand_per_1000_inwoners", volume / 10, bron="synthetic",
                                  teller=volume, noemer=10.0))
    indicatoren = pd.concat([INDICATOREN, pd.DataFrame([("bijstandsvolume", "Bijstandsvolume", "aantal",
                                                         "lopende uitkeringen", False)], columns=INDICATOREN.columns)])
    warehouse.write(rows, indicatoren=indicatoren)
    stored = pd.DataFrame({"gemeente_code": "GM0001", "peer_code": ["GM0002", "GM0003", "GM0004"], "rang": [1, 2, 3],
                           "afstand": [0.1, 0.5, 0.7], "methode": "kenmerken", "toelichting": "Lijkt erop."})
    write_benchmark_marts(features_frame(), stored)
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("""CREATE TABLE marts.cbs_reeksen AS SELECT * FROM (VALUES
        ('kwartaal', '2025Q1', DATE '2025-03-31', 'kwartaal', '15_tot_AOW', '31-03-2025', '86003NED', false,
         'CBS-tabel personen met een uitkering per kwartaal (86003NED): personen met algemene bijstand, stand op '
         || '31-03-2025; per 1.000 inwoners van 15 jaar tot de AOW-leeftijd'),
        ('kwartaal', '2025Q2', DATE '2025-06-30', 'kwartaal', '15_plus', '30-06-2025', '86400NED', true, ?))
        AS t(periode_soort, periode, periode_einde, reeks, populatie, peildatum_tekst, cbs_tabel, breuk,
             toelichting)""", [NIEUWE_EDITIE])
    con.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["gemeente"] = "GM0001"
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_latest_cbs_quarter_is_compared_with_the_peers_and_the_own_extract_beside_it(app):
    app.run()
    assert not app.exception
    assert app.radio(key="vergelijken_soort").value == "cbs_kwartaal"  # CBS has quarters: they come first
    assert app.selectbox(key="vergelijken_periode").value == "2025Q2"  # the latest quarter CBS has
    shown = metrics(app)
    # Eenstad 280 / 10 = 28,0; peers (210 + 480 + 120) / (10 + 20 + 20) = 810 / 50 = 16,2; median of
    # 21, 24 and 6 = 21,0; NL 390.000 / 18.000 = 21,67 -> 21,7
    assert shown["Eenstad"] == "28,0"
    assert shown["Vergelijkingsgroep (3)"] == "16,2"
    assert shown["Mediaan groep"] == "21,0"
    assert shown["Nederland"] == "21,7"
    # the own extract beside it: 250 benefits, 250 / 12 = 20,8 per 1.000 inhabitants
    assert shown["Extract: Bijstand per 1.000 inwoners"] == "20,8"
    assert shown["Extract: Bijstandsvolume"] == "250"
    tekst = captions(app)
    assert "Wat verschilt: CBS telt personen met algemene bijstand (een paar telt als twee personen), stand op " \
           "30-06-2025" in tekst
    assert "het extract telt lopende uitkeringen" in tekst and "inwoners van alle leeftijden" in tekst
    assert f"CBS-reeks van 2e kwartaal 2025: {NIEUWE_EDITIE}." in tekst


def test_the_break_in_the_quarterly_series_is_stated_and_breaks_the_line(app):
    app.run()
    tekst = captions(app)
    assert f"Let op, breuk in de CBS-reeks vanaf 2e kwartaal 2025: {NIEUWE_EDITIE}." in tekst
    trend = json.loads(next(c for c in app.get("plotly_chart") if "ontwikkeling" in c.proto.spec).proto.spec)
    eigen = next(t for t in trend["data"] if t["name"] == "eigen gemeente")
    assert eigen["x"] == ["2025-03-31", None, "2025-06-30"]  # dates, and no line across the break
    assert eigen["hovertext"] == ["1e kwartaal 2025", None, "2e kwartaal 2025"]
    assert trend["layout"]["xaxis"]["type"] == "date"


def test_synthetic_feed_is_labelled_as_the_demos_fallback(app):
    app.run()
    app.radio(key="vergelijken_soort").set_value("eigen").run()
    assert not app.exception
    # the peers' feed figures: (150 + 420) / (10 + 10) = 28,5
    assert metrics(app)["Vergelijkingsgroep (3)"] == "28,5"
    (waarschuwing,) = app.warning
    assert waarschuwing.value.startswith("Terugval voor de demo: de vergelijkingsgroep bestaat uit synthetische "
                                         "demo-cijfers")


def test_without_cbs_quarters_the_extract_quarters_come_first(app):
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("DELETE FROM marts.kpi WHERE bron = 'cbs' AND periode_soort = 'kwartaal'")
    con.close()
    app.run()
    assert not app.exception
    # without CBS quarters the extract's quarters come first: the page opens on a quarter, not a year
    assert app.radio(key="vergelijken_soort").options == ["Extract en benchmarkfeed (uitkeringen, per kwartaal)",
                                                          "CBS-cijfers (personen, per jaar)",
                                                          "Extract en benchmarkfeed (uitkeringen, per jaar)"]
    assert app.selectbox(key="vergelijken_periode").value == "2025Q2"
    app.radio(key="vergelijken_soort").set_value("cbs").run()
    assert metrics(app)["Eenstad"] == "30,0"  # 2024: 300 / 10
