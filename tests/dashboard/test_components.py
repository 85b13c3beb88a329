"""The pure helpers behind the shared widgets: period arithmetic, source lines, chart texts."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd

from dashboard import components
from pipelines.export import XLSX_PERCENT


def test_zelfde_periode_vorig_jaar():
    assert components.zelfde_periode_vorig_jaar("2024Q3") == "2023Q3"
    assert components.zelfde_periode_vorig_jaar("2024-01") == "2023-01"
    assert components.zelfde_periode_vorig_jaar("2024") == "2023"


def test_bron_tekst_names_period_source_and_completeness():
    assert components.bron_tekst("2024Q3", "extract", True) == "3e kwartaal 2024 · bron: eigen extract · volledig"
    # a chart's line names its first and last period
    assert components.bron_tekst("2024Q3", "extract", True, vanaf="2022Q4") == (
        "4e kwartaal 2022 t/m 3e kwartaal 2024 · bron: eigen extract · volledig")
    assert components.bron_tekst("2024Q3", "extract", True, vanaf="2024Q3").startswith("3e kwartaal 2024 ·")
    assert components.bron_tekst("2024-11", "synthetic", False).startswith(
        "november 2024 · bron: synthetische demo-cijfers · onvolledig")


def test_trend_samenvatting_describes_complete_unmasked_points():
    rows = pd.DataFrame({
        "periode": ["2024Q1", "2024Q2", "2024Q3", "2024Q4"],
        "waarde": [1180.0, float("nan"), 1234.0, 1100.0],
        "volledig": [True, True, True, False],
        "afgeschermd": [False, True, False, False],
        "reeks": "eigen gemeente",
    })
    text = components.trend_samenvatting(rows, "Bijstandsvolume", "aantal")
    assert text == (
        "Bijstandsvolume (eigen gemeente): van 1.180 in 1e kwartaal 2024 naar 1.234 in 3e kwartaal 2024; "
        "hoogste 1.234 (3e kwartaal 2024), laagste 1.180 (1e kwartaal 2024). "
        "Onvolledig en apart getekend: 4e kwartaal 2024. 1 periode(n) afgeschermd wegens kleine aantallen."
    )


def test_kolommen_nl_writes_dates_and_numbers_the_dutch_way_and_keeps_them_values():
    tabel = pd.DataFrame({
        "ontstaan": pd.to_datetime(["2025-12-17", "2025-12-27"]),
        "geladen_op": pd.to_datetime(["2025-12-17 09:30", "2025-12-27 00:00"]),
        "bedrag": [25.0, 1082.18],
        "aantal": [1, 2],
        "aandeel": [0.123, 0.5],
        "kosten": [12.5, 7.0],
        "prognose": [1_150_000.4, -150_000.0],
        "client_id": ["C1", "C2"],
        "verwijtbaar": [True, False],
    })
    config = components.kolommen_nl(tabel, geld=("kosten",), procenten=("aandeel",), hele_euros=("prognose",))
    assert config["ontstaan"]["type_config"]["type"] == "date"
    assert config["ontstaan"]["type_config"]["format"] == "DD-MM-YYYY"
    # one row with a time of day: the time is shown for the column
    assert config["geladen_op"]["type_config"]["format"] == "DD-MM-YYYY HH:mm"
    # numbers stay numbers (they sort as numbers), with one number of decimals per column: 25,00 beside 1.082,18
    assert {k: config[k]["type_config"] for k in ("bedrag", "aantal", "aandeel", "kosten", "prognose")} == {
        "bedrag": {"type": "number", "min_value": None, "max_value": None, "format": "localized", "step": 0.01},
        "aantal": {"type": "number", "min_value": None, "max_value": None, "format": "localized", "step": 1.0},
        "aandeel": {"type": "number", "min_value": None, "max_value": None, "format": "percent", "step": 0.001},
        "kosten": {"type": "number", "min_value": None, "max_value": None, "format": "euro", "step": 0.01},
        # a forecast's amount in whole euros: € 1.150.000, its cents noise
        "prognose": {"type": "number", "min_value": None, "max_value": None, "format": "euro", "step": 1.0},
    }
    assert "client_id" not in config and "verwijtbaar" not in config  # text and a checkbox as Streamlit shows them
    assert tabel["bedrag"].tolist() == [25.0, 1082.18]


def test_tabel_keeps_a_pages_label_and_help_but_a_number_column_stays_a_number(monkeypatch):
    getoond = {}
    monkeypatch.setattr(components.st, "dataframe", lambda rijen, **opties: getoond.update(opties))
    tabel = pd.DataFrame({"afstand": [0.0, 1.25], "code": ["GM0289", "GM0503"], "rang": [0, 1]})
    components.tabel(tabel, key="t", kolommen={
        "afstand": components.st.column_config.TextColumn("Afstand", help="Euclidische afstand"),
        "code": components.st.column_config.TextColumn("Code"), "rang": "Rang"})
    config = getoond["column_config"]
    assert (config["afstand"]["label"], config["afstand"]["help"]) == ("Afstand", "Euclidische afstand")
    assert config["afstand"]["type_config"]["type"] == "number" and config["afstand"]["type_config"]["step"] == 0.01
    assert config["rang"]["label"] == "Rang" and config["rang"]["type_config"]["step"] == 1.0
    assert config["code"]["type_config"]["type"] == "text"
    assert getoond["key"] == "t" and getoond["hide_index"] is True
    assert getoond["placeholder"] == "–"  # a missing number, not Streamlit's English "None"


def test_tabel_rounds_to_the_columns_step_as_a_sentence_does_where_streamlit_would_cut_off(monkeypatch):
    getoond = {}
    monkeypatch.setattr(components.st, "dataframe", lambda rijen, **opties: getoond.update(rijen=rijen))
    # € 3.145.061,51 is € 3.145.062 in whole euros (Streamlit alone showed € 3.145.061); -503.500,5 is -503.501;
    # 0,0125 as a percentage with one decimal is 1,3%; 1,0436 with three decimals 1,044
    tabel = pd.DataFrame({"Loonkostensubsidie": [3145061.51, -503500.5], "aandeel": [0.0125, 0.5],
                          "afstand": [1.0436, 0.25], "rang": [1, 2]})
    components.tabel(tabel, key="t", procenten=("aandeel",), hele_euros=("Loonkostensubsidie",))
    rijen = getoond["rijen"]
    assert rijen["Loonkostensubsidie"].tolist() == [3145062.0, -503501.0]
    assert rijen["aandeel"].tolist() == [0.013, 0.5]
    assert rijen["afstand"].tolist() == [1.044, 0.25]
    assert rijen["rang"].tolist() == [1, 2] and tabel["Loonkostensubsidie"].iloc[0] == 3145061.51  # input kept


def test_demo_melding_names_the_municipalities_and_says_the_figures_are_invented():
    assert components.demo_melding(["Utrecht", "Assen"]) == (
        "Demo: de cijfers uit het extract van Utrecht en Assen zijn verzonnen door `wimi demo`. Het zijn geen "
        "gegevens van die gemeente(n); alleen de namen en de CBS-cijfers zijn echt. Bronregels en downloads "
        "zeggen het ook.")


def test_markeer_demo_puts_the_warning_in_the_first_column_of_every_row():
    tabel = pd.DataFrame({"gemeente_code": ["GM0344", "GM0344"], "waarde": [1.5, 2.0]})
    gemarkeerd = components.markeer_demo(tabel)
    assert list(gemarkeerd.columns) == ["let_op", "gemeente_code", "waarde"]
    assert gemarkeerd["let_op"].tolist() == ["demo: verzonnen cijfers, geen gegevens van de gemeente"] * 2
    assert gemarkeerd["waarde"].tolist() == [1.5, 2.0]


def test_toelichting_names_periods_sources_and_the_cbs_attribution():
    tabel = pd.DataFrame({"periode": ["2024Q3", "2023Q1", "2024Q1"], "bron": ["extract", "cbs", "cbs"]})
    assert components.toelichting_regels(tabel, ["Vergelijkingsgroep: 15 gemeenten"]) == [
        "Periode: 1e kwartaal 2023 t/m 3e kwartaal 2024",
        "Bron: CBS en eigen extract",
        "Vergelijkingsgroep: 15 gemeenten",
        components.CBS_ATTRIBUTIE,
        "Gemaakt met WIMI (management-informatie Participatiewet).",
    ]
    # no CBS figure, no attribution; one period said once
    assert components.toelichting_regels(pd.DataFrame({"periode": ["2024Q3"], "bron": ["eigen extract"]}))[:3] == [
        "Periode: 3e kwartaal 2024", "Bron: eigen extract", "Gemaakt met WIMI (management-informatie Participatiewet)."]
    # a column periode of free text (the audit log's) names no period
    assert components.toelichting_regels(pd.DataFrame({"periode": ["2023Q1 t/m 2024Q3"]})) == [
        "Gemaakt met WIMI (management-informatie Participatiewet)."]


def test_laadhistorie_weergave_shows_a_dash_for_the_peildatum_of_a_failed_load():
    historie = pd.DataFrame({
        "geladen_op": pd.to_datetime(["2026-01-05 09:30", "2026-01-06 10:15"]),
        "levering_id": ["abc", "onbekend"],
        "peildatum": ["2025-12-31", None],  # a failed load never read its peildatum
        "gemeenten": [["0363"], ["0363"]],
        "status": ["geladen", "mislukt"],
        "bestanden": [3, 0],
        "rijen_gelezen": [1234, 0],
        "rijen_geladen": [1234, 0],
        "rijen_quarantaine": [0, 0],
        "melding": [None, "bestand ontbreekt"],
        "map": ["/data/a", "/data/b"],
    })
    weergave = components.laadhistorie_weergave(historie)
    assert weergave["Peildatum"].tolist() == ["31-12-2025", "–"]
    assert weergave["Gelezen"].tolist() == [1234, 0]  # a number, written 1.234 by kolommen_nl, sorted as a number
    assert weergave["Geladen op"].tolist() == list(historie["geladen_op"])


def test_koppen_nl_gives_a_file_headers_for_its_reader():
    tabel = pd.DataFrame({"gemeente_code": ["GM0001"], "ingangsdatum_uitkering": ["2024-01-01"], "Post": ["x"]})
    assert components.koppen_nl(tabel).columns.tolist() == ["Gemeentecode", "Ingangsdatum uitkering", "Post"]


def test_download_tabel_with_koppen_writes_dutch_headers_after_the_demo_marking(monkeypatch):
    knoppen = {}

    class Kolom:
        def download_button(self, label, data, **kwargs):
            knoppen[label] = data

    monkeypatch.setattr(components.st, "columns", lambda n: [Kolom() for _ in range(n)])
    monkeypatch.setattr(components.auth, "download_vastlegger", lambda tabel, naam: lambda: None)
    monkeypatch.setattr(components, "is_demo", lambda gemeente=None: True)
    tabel = pd.DataFrame({"gemeente_code": ["GM0001"], "periode": ["2024Q3"], "rijen_model": ["uitkeringen"],
                          "waarde": [0.25]})
    components.download_tabel(tabel, "bestand", key="k", procenten=("waarde",), koppen=True)
    csv = knoppen["Download CSV"]().decode("utf-8-sig")
    # the demo marking (its let_op column) came first and was renamed with the others
    assert csv.splitlines()[0] == "Let op;Gemeentecode;Periode;Model;Waarde"
    # the percentage column is found under its new header
    blad = openpyxl.load_workbook(io.BytesIO(knoppen["Download Excel"]())).worksheets[0]
    assert blad["E1"].value == "Waarde" and blad["E2"].number_format == XLSX_PERCENT


def test_a_log_that_names_demo_municipalities_is_no_demo_download(monkeypatch):
    knoppen = {}

    class Kolom:
        def download_button(self, label, data, file_name, **kwargs):
            knoppen[label] = (data, file_name)

    monkeypatch.setattr(components.st, "columns", lambda n: [Kolom() for _ in range(n)])
    monkeypatch.setattr(components.auth, "download_vastlegger", lambda tabel, naam: lambda: None)
    monkeypatch.setattr(components, "is_demo", lambda gemeente=None: True)
    log = pd.DataFrame({"gemeente_code": ["GM0001"], "handeling": ["download"]})
    components.download_tabel(log, "wimi_auditlog", key="log", cijfers=False)
    data, naam = knoppen["Download CSV"]
    assert naam == "wimi_auditlog.csv" and data().decode("utf-8-sig").splitlines()[0] == "gemeente_code;handeling"
    components.download_tabel(log, "wimi_tabel", key="tabel")  # the same rows as figures: a demo
    data, naam = knoppen["Download CSV"]
    assert naam == "DEMO_wimi_tabel.csv" and data().decode("utf-8-sig").startswith("let_op;")
