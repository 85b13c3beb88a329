"""The Vergelijken page in AppTest on a hand-made warehouse: the peer figure, median, NL and rank
shown, small numbers masked, the map drawn from the warehouse, the CBS attribution, weights that move
the peer group."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import peers as peer_model
from pipelines.settings import get_settings

APP = "../../dashboard/paginas/vergelijken.py"
NAMEN = {"GM0001": "Eenstad", "GM0002": "Tweedorp", "GM0003": "Driehuizen", "GM0004": "Vierwoude",
         "GM0005": "Vijfhaven"}
INDICATOREN = pd.DataFrame([
    ("cbs_bijstand_per_1000_inwoners", "Personen met bijstand per 1.000 inwoners (CBS)", "per_1000",
     "personen met bijstand / inwoners x 1.000", False),
    ("bijstand_per_1000_inwoners", "Bijstand per 1.000 inwoners", "per_1000", "bijstandsvolume / inwoners x 1.000",
     False),
], columns=["id", "label", "eenheid", "formule", "hoger_is_beter"])
# (teller, noemer) per municipality, CBS 2024: persons and inhabitants / 1,000
CBS_2024 = {"GM0001": (300, 10.0), "GM0002": (200, 10.0), "GM0003": (500, 20.0), "GM0004": (100, 20.0),
            "GM0005": (900, 30.0), "NL": (400_000, 18_000.0)}


def square(x: float) -> str:
    ring = [[x, 52], [x + 0.1, 52], [x + 0.1, 52.1], [x, 52.1], [x, 52]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def write_benchmark_marts(features: pd.DataFrame, stored_peers: pd.DataFrame) -> None:
    con = duckdb.connect(str(get_settings().warehouse_path))
    try:
        gemeenten = pd.DataFrame({"gemeente_code": list(NAMEN), "gemeentenaam": list(NAMEN.values()),
                                  "provinciecode": "PV26", "provincienaam": "Utrecht", "grootteklasse_volgorde": 4,
                                  "grootteklasse": "20.000 tot 50.000 inwoners", "inwoners": 30000.0})
        kaart = pd.DataFrame({"gemeente_code": list(NAMEN), "gemeentenaam": list(NAMEN.values()),
                              "geometrie": [square(4 + 0.2 * i) for i in range(len(NAMEN))]})
        con.execute("DROP TABLE IF EXISTS marts.gemeenten")
        for name, frame in (("gemeenten", gemeenten), ("kaart_gemeenten", kaart), ("peer_features", features),
                            ("peers", stored_peers)):
            con.register("frame", frame)
            con.execute(f"CREATE TABLE marts.{name} AS SELECT * FROM frame")
            con.unregister("frame")
    finally:
        con.close()


def features_frame() -> pd.DataFrame:
    kenmerken = pd.DataFrame({
        "gemeente_code": list(NAMEN), "gemeentenaam": list(NAMEN.values()), "provincienaam": "Utrecht",
        "grootteklasse_volgorde": 4, "grootteklasse": "20.000 tot 50.000 inwoners",
        "inwoners": [30000.0, 31000, 45000, 22000, 49000], "adressendichtheid": [900.0, 950, 2000, 400, 1800],
        "huishoudsgrootte": [2.2, 2.3, 2.0, 2.5, 2.1], "pct_65_plus": [20.0, 21, 17, 25, 18],
        "pct_herkomst_buiten_europa": [8.0, 9, 20, 3, 18], "gem_inkomen_huishouden_x1000_euro": [55.0, 56, 50, 60, 51],
        "pct_corporatiewoningen": [25.0, 24, 35, 15, 33], "woz_x1000_euro": [380.0, 390, 330, 450, 340],
        "pct_rond_sociaal_minimum": [6.0, 6, 9, 4, 8], "netto_arbeidsparticipatie": [68.0, 69, 64, 71, 65],
        "pct_studenten": [2.0, 2, 5, 1, 4],
    })
    return peer_model.peer_features(kenmerken)


@pytest.fixture
def app(warehouse, als) -> AppTest:
    rows = [warehouse.row(code, "2024", "cbs_bijstand_per_1000_inwoners", t / n, bron="cbs", teller=t, noemer=n)
            for code, (t, n) in CBS_2024.items()]
    rows.append(warehouse.row("GM0001", "2019", "cbs_bijstand_per_1000_inwoners", 33.0, bron="cbs",
                              teller=330, noemer=10.0))
    # the feed kind: Eenstad's own extract with a small count, peers from the feed
    rows.append(warehouse.row("GM0001", "2024Q4", "bijstand_per_1000_inwoners", 0.5, teller=5, noemer=10.0))
    for code, volume in (("GM0002", 150), ("GM0003", 420)):
        rows.append(warehouse.row(code, "2024Q4", "bijstand_per_1000_inwoners", volume / 10, bron="synthetic",
                                  teller=volume, noemer=10.0))
    warehouse.write(rows, indicatoren=INDICATOREN)
    stored = pd.DataFrame({"gemeente_code": "GM0001", "peer_code": ["GM0002", "GM0003", "GM0004"], "rang": [1, 2, 3],
                           "afstand": [0.1, 0.5, 0.7], "methode": "kenmerken",
                           "toelichting": [("Lijkt het meest op inwoners en woz-waarde; verschilt het meest in "
                                           "adressendichtheid.")] * 3})
    write_benchmark_marts(features_frame(), stored)
    at = als(AppTest.from_file(APP, default_timeout=60), "wethouder")  # the page's own reader: masked
    at.query_params["gemeente"] = "GM0001"
    at.session_state["vergelijken_soort"] = "cbs"  # these tests compare the yearly CBS figures
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_cbs_peer_figure_median_nl_and_rank(app):
    app.run()
    assert not app.exception
    shown = metrics(app)
    # Eenstad 300 / 10 = 30,0; peers GM0002-4: (200 + 500 + 100) / (10 + 20 + 20) = 800 / 50 = 16,0
    # (not the mean of 20, 25 and 5); median of 20, 25, 5 = 20,0; NL 400.000 / 18.000 = 22,2
    assert shown["Eenstad"] == "30,0"
    assert shown["Vergelijkingsgroep (3)"] == "16,0"
    assert shown["Mediaan groep"] == "20,0"
    assert shown["Nederland"] == "22,2"
    # lower is better: all three peers are below 30, so Eenstad ranks 4th of 4
    assert shown["Rang in de groep"] == "4 van 4"
    captions = "\n".join(c.value for c in app.caption)
    assert "Kwartielen: 12,5 tot 22,5" in captions  # quartiles of 5, 20, 25 (linear): 12,5 and 22,5
    assert "Bron: CBS" in captions and "CC BY 4.0" in captions
    assert "U ziet CBS-cijfers" in captions
    assert "Formule: personen met bijstand / inwoners x 1.000." in captions  # on screen, not only on hover


def test_why_each_peer_table_and_map_from_the_warehouse(app):
    app.run()
    tabel = app.dataframe[0].value
    assert tabel["gemeente"].tolist() == ["Eenstad", "Tweedorp", "Driehuizen", "Vierwoude"]
    # numbers stay numbers, so a click on a header sorts them as numbers; written 30.000 in Dutch (app.py sets
    # the browser's language) with one number of decimals per column
    assert tabel["Inwoners"].tolist() == [30000, 31000, 45000, 22000]
    kolommen = json.loads(app.dataframe[0].proto.columns)
    assert kolommen["toelichting"]["label"] == "Waarom vergelijkbaar"
    assert (kolommen["Inwoners"]["type_config"]["format"], kolommen["Inwoners"]["type_config"]["step"]) == (
        "localized", 1)
    assert kolommen["afstand"]["label"] == "Afstand" and kolommen["afstand"]["type_config"]["type"] == "number"
    assert [round(x, 1) for x in tabel["afstand"]] == [0.0, 0.1, 0.5, 0.7]
    kaart = json.loads(next(c for c in app.get("plotly_chart") if "per gemeente" in c.proto.spec).proto.spec)
    omlijnd = {trace["name"]: trace for trace in kaart["data"] if trace.get("mode") == "lines" and "fill" not in trace}
    # Eenstad's square starts at lon 4.0; the peers' outline trace holds three squares (6 values each, None-separated)
    assert omlijnd["eigen gemeente"]["y"][:2] == [52, 52]
    assert len([v for v in omlijnd["vergelijkingsgroep"]["y"] if v is None]) == 3
    assert "mapbox" not in kaart["layout"] and "geo" not in kaart["layout"]  # nothing to download


def test_feed_kind_says_what_is_compared_and_masks_a_small_own_count(app):
    app.run()
    app.radio(key="vergelijken_soort").set_value("eigen").run()
    assert not app.exception
    shown = metrics(app)
    # Eenstad's own extract has 5 benefits: below 10, hidden on this public page
    assert shown["Eenstad"] == "afgeschermd"
    # 0,5 against the peers' 15 and 42 would rank 1st of 3 (lower is better): that gives it away
    assert shown["Rang in de groep"] == "afgeschermd"
    # peers with a feed figure: (150 + 420) / (10 + 10) = 28,5
    assert shown["Vergelijkingsgroep (3)"] == "28,5"
    captions = "\n".join(c.value for c in app.caption)
    assert "eigen extract van Eenstad tegen synthetische demo-cijfers" in captions
    # the peer and national figures carry their own source, not the extract's
    assert "Vergelijkingsgroep, mediaan en rang: synthetische demo-cijfers" in captions


def test_weights_recompute_the_peer_group(app):
    app.run()
    # in a form: the slider reruns nothing by itself, "Toepassen" applies it (more than the four others: all four)
    app.slider(key="vergelijken_k").set_value(5)
    app.button(key="vergelijken_toepassen").click().run()
    assert not app.exception
    assert "Vergelijkingsgroep (4)" in metrics(app)
    # all four others: (200 + 500 + 100 + 900) / (10 + 20 + 20 + 30) = 1.700 / 80 = 21,25 -> 21,3
    assert metrics(app)["Vergelijkingsgroep (4)"] == "21,3"


def test_labour_market_region_without_codes_says_it_is_unavailable(app):
    app.run()
    app.radio(key="vergelijken_methode").set_value("arbeidsmarktregio").run()
    assert not app.exception
    (melding,) = app.info
    assert melding.value.startswith("Zelfde arbeidsmarktregio: niet beschikbaar")


def test_fictional_frame_is_not_credited_to_cbs(app):
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("UPDATE marts.build_info SET cbs_bron = 'fictief'")
    con.close()
    app.run()
    assert not app.exception
    captions = "\n".join(c.value for c in app.caption)
    assert "Bron: fictieve gemeenten, geen echte CBS-cijfers" in captions
    assert "CC BY 4.0" not in captions
    assert "2024 · bron: fictieve gemeenten, geen CBS · volledig" in captions


def test_median_of_a_group_with_a_small_count_is_masked(app):
    # Tweedorp (GM0002) now 8 persons per 400 inhabitants: still 8 / 0,4 = 20,0, the group's median,
    # so the median would show a figure whose teller is below 10
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("UPDATE marts.kpi SET teller = 8, noemer = 0.4 WHERE gemeente_code = 'GM0002' AND periode = '2024' "
                "AND bron = 'cbs'")
    con.close()
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Mediaan groep"] == "afgeschermd"
    captions = "\n".join(c.value for c in app.caption)
    assert "Kwartielen" not in captions and "Mediaan en kwartielen afgeschermd" in captions
    # the pooled figure stays: (8 + 500 + 100) / (0,4 + 20 + 20) = 608 / 40,4 = 15,05 -> 15,0 (teller 608)
    assert shown["Vergelijkingsgroep (3)"] == "15,0"


def test_weight_sliders_say_a_weight_the_dutch_way(app):
    app.run()
    # a slider's printf format showed 3.00; config/peers.toml weighs inhabitants 3, the steps are 0 to 5 in halves
    gewicht = app.select_slider(key="vergelijken_gewicht_inwoners")
    assert gewicht.value == 3.0
    assert gewicht.options == ["0,0", "0,5", "1,0", "1,5", "2,0", "2,5", "3,0", "3,5", "4,0", "4,5", "5,0"]
