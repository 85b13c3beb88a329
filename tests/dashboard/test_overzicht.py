"""The Overzicht page in AppTest on a hand-made warehouse: the figures shown, the URL, the masking."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import duckdb
import numpy as np
import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

APP = "../../dashboard/app.py"
KWARTALEN = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"]
# Teststad (GM1234) delivered an extract with peildatum in 2024Q4: that quarter is incomplete.
VOLUME = [1200, 1210, 1190, 1185, 1180, 1175, 1234, 1100]
NAAR_WERK = [30, 28, 35, 40, 33, 31, 37, 12]


def _rows(kpi_row) -> list[dict]:
    rows = []
    for i, kwartaal in enumerate(KWARTALEN):
        volledig = kwartaal != "2024Q4"
        rows.append(kpi_row("GM1234", kwartaal, "bijstandsvolume", VOLUME[i], volledig=volledig))
        rows.append(kpi_row("GM1234", kwartaal, "uitstroom_naar_werk", NAAR_WERK[i], volledig=volledig))
        if i:
            noemer = (VOLUME[i - 1] + VOLUME[i]) / 2
            rows.append(kpi_row("GM1234", kwartaal, "uitstroomkans_werk", NAAR_WERK[i] / noemer,
                                teller=NAAR_WERK[i], noemer=noemer, volledig=volledig))
    # Kleindorp (GM5678) has no extract: only synthetic feed rows, with small numbers
    for kwartaal, volume, naar_werk in (("2024Q2", 9, 2), ("2024Q3", 8, 3)):
        rows.append(kpi_row("GM5678", kwartaal, "bijstandsvolume", volume, bron="synthetic"))
        rows.append(kpi_row("GM5678", kwartaal, "uitstroom_naar_werk", naar_werk, bron="synthetic"))
    rows.append(kpi_row("GM5678", "2024Q3", "uitstroomkans_werk", 3 / 8.5, teller=3, noemer=8.5, bron="synthetic"))
    # the same municipality also from the extract of another source must not leak into the synthetic view
    rows.append(kpi_row("GM1234", "2024Q3", "bijstandsvolume", 999, bron="synthetic"))
    return rows


@pytest.fixture
def app(warehouse, als) -> AppTest:
    warehouse.write(_rows(warehouse.row), gemeenten={"GM1234": "Teststad", "GM5678": "Kleindorp"})
    return als(AppTest.from_file(APP, default_timeout=30), "wethouder")  # the page's own reader: masked


def _metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"geen kaart {label!r}; wel: {[m.label for m in at.metric]}"
    return found[0]


def _values(array) -> list:
    """Plotly 7 sends numeric arrays as typed base64 ({dtype, bdata}); lists stay lists."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_default_view_shows_latest_complete_quarter_of_first_extract_municipality(app):
    at = app.run()
    assert not at.exception
    # Kleindorp sorts before Teststad by name, but Teststad is the one with an extract
    assert at.selectbox(key="overzicht_gemeente").value == "GM1234"
    # 2024Q4 is incomplete, so the newest complete quarter is the default
    assert at.selectbox(key="overzicht_periode").value == "2024Q3"
    volume = _metric(at, "Bijstandsvolume")
    assert volume.value == "1.234"
    assert volume.delta == "+59"  # 1234 - 1175 (2024Q2)
    # year on year: 1234 - 1190 (2023Q3) = +44
    assert "+44 t.o.v. 3e kwartaal 2023" in _captions(at)
    kans = _metric(at, "Uitstroomkans naar werk")
    # 37 / ((1175 + 1234) / 2) = 37 / 1204.5 = 0.030718 -> 3,1%
    assert kans.value == "3,1%"
    # previous: 31 / ((1180 + 1175) / 2) = 31 / 1177.5 = 0.026327; difference 0.004391 -> +0,4 point
    assert kans.delta == "+0,4 procentpunt"
    assert "3e kwartaal 2024 · bron: eigen extract · volledig" in _captions(at)
    # under the trend charts: the quarters they show, 2023Q1 up to the chosen 2024Q3
    assert "1e kwartaal 2023 t/m 3e kwartaal 2024 · bron: eigen extract · volledig" in _captions(at)
    assert at.query_params["gemeente"] == "GM1234" and at.query_params["periode"] == "2024Q3"


def test_query_params_select_the_view_and_small_numbers_are_masked(app):
    app.query_params["gemeente"] = "GM5678"
    app.query_params["periode"] = "2024Q3"
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="overzicht_gemeente").value == "GM5678"
    assert "synthetische demo-cijfers" in _captions(at)
    assert _metric(at, "Bijstandsvolume").value == "<10"  # 8 benefits
    assert _metric(at, "Bijstandsvolume").delta == ""  # 8 vs 9: both masked, no change shown
    assert _metric(at, "Uitstroomkans naar werk").value == "–"  # teller 3, noemer 8.5
    assert "Afgeschermd: teller of noemer is kleiner dan 10." in _captions(at)
    # every quarter of Kleindorp's caseload (9, 8) is below 10: the chart says so in words
    assert "Bijstandsvolume (eigen gemeente): alle perioden afgeschermd wegens kleine aantallen." in _captions(at)
    assert "999" not in str([m.value for m in at.metric])
    # the downloadable table of a public page is masked too: no exact small count leaves the page
    tabel = at.dataframe[0].value
    volume = tabel[tabel["indicator"] == "Bijstandsvolume"]
    assert volume["periode"].tolist() == ["2024Q2", "2024Q3"]
    assert volume["waarde"].isna().all() and volume["afgeschermd"].all()
    # on the page the table has the download's Dutch headers, not its code names
    koppen = {naam: kolom.get("label") for naam, kolom in json.loads(at.dataframe[0].proto.columns).items()}
    assert (koppen["gemeente_code"], koppen["afgeschermd"], koppen["waarde"]) == (
        "Gemeentecode", "Afgeschermd", "Waarde")
    assert [b.key for b in at.get("download_button") if b.key.startswith("overzicht_download")] == [
        "overzicht_download_csv", "overzicht_download_xlsx"]


def test_incomplete_quarter_is_labelled_and_shows_no_fall(app):
    app.query_params["periode"] = "2024Q4"
    at = app.run()
    assert not at.exception
    volume = _metric(at, "Bijstandsvolume")
    assert volume.value == "1.100"
    assert volume.delta == "onvolledig"  # not -134 against 1234: a partial count is no fall
    assert "onvolledig" in _captions(at)


def test_trend_chart_is_dutch_and_draws_the_incomplete_quarter_apart(app):
    app.query_params["periode"] = "2024Q4"
    at = app.run()
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    volume = next(f for f in figures if f["layout"]["title"]["text"] == "Bijstandsvolume")
    assert volume["layout"]["separators"] == ",."
    lijn, apart = volume["data"]
    assert _values(lijn["y"]) == VOLUME[:-1] and "4e kwartaal 2024" not in lijn["x"]
    assert apart["x"] == ["4e kwartaal 2024"] and apart["text"] == ["onvolledig"]
    assert apart["customdata"] == ["1.100"]
    assert "Onvolledig en apart getekend: 4e kwartaal 2024" in _captions(at)


def test_ratio_trend_stands_beside_the_netherlands_and_the_report_is_offered(app):
    at = app.run()
    assert not at.exception
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    kans = next(f for f in figures if f["layout"]["title"]["text"] == "Uitstroomkans naar werk")
    eigen, nederland = kans["data"]  # no stored peer set in this warehouse: no group line
    assert (eigen["name"], nederland["name"]) == ("eigen gemeente", "Nederland")
    # no national row: every municipality pooled in 2024Q3, (37 + 3) / (1204,5 + 8,5)
    assert _values(nederland["y"])[-1] == pytest.approx(40 / 1213)
    assert nederland["line"]["dash"] == "dot"
    assert at.button(key="overzicht_rapport_maken").label == "Kwartaalrapportage maken"


def test_card_texts_wrap_and_no_change_has_no_coloured_arrow(warehouse):
    rows = [warehouse.row("GM1234", "2024Q2", "uitstroom_naar_werk", 31),
            warehouse.row("GM1234", "2024Q3", "uitstroom_naar_werk", 31),
            # 30 / 1000 = 3,00% and 31 / 1030 = 3,01%: a change of 0,01 point, shown as 0,0
            warehouse.row("GM1234", "2024Q2", "uitstroomkans_werk", 30 / 1000, teller=30, noemer=1000),
            warehouse.row("GM1234", "2024Q3", "uitstroomkans_werk", 31 / 1030, teller=31, noemer=1030),
            warehouse.row("GM1234", "2024Q2", "bijstandsvolume", 1175),
            warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)]
    warehouse.write(rows, gemeenten={"GM1234": "Teststad"})
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    # the label is text that wraps (st.metric cuts it off in a narrow card), the formula its help
    kop = next(m for m in at.markdown if m.value == "Uitstroom naar werk")
    assert kop.proto.help == "uitstroom met reden werk of eigen bedrijf"
    werk = _metric(at, "Uitstroom naar werk")
    assert werk.proto.label_visibility.value == werk.proto.label_visibility.COLLAPSED
    assert werk.delta == "0"  # 31 -> 31
    # a change that rounds to nothing has no green or red arrow (hoger_is_beter would colour it)
    kans = _metric(at, "Uitstroomkans naar werk")
    assert kans.delta == "0,0 procentpunt"
    assert kans.proto.color == Metric.MetricColor.GRAY
    assert _metric(at, "Bijstandsvolume").delta == "+59"  # 1234 - 1175
    # the comparison period is a caption, not st.metric's delta description that is cut off
    assert not _metric(at, "Bijstandsvolume").proto.delta_description
    assert "+59 t.o.v. 2e kwartaal 2024" in _captions(at)
    assert "0 t.o.v. 2e kwartaal 2024" in _captions(at)


def test_extract_figures_link_to_their_rows(warehouse):
    rows = [warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234),
            warehouse.row("GM1234", "2024Q3", "instroom", 80),
            warehouse.row("GM5678", "2024Q3", "bijstandsvolume", 999, bron="synthetic")]
    path = warehouse.write(rows, gemeenten={"GM1234": "Teststad", "GM5678": "Kleindorp"})
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE marts.drilldown_regels AS SELECT 'bijstandsvolume' AS indicator")
    con.close()
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    # only bijstandsvolume has drill-down rules: one link, to its own figure
    links = at.get("page_link")
    assert len(links) == 1
    assert links[0].proto.page.endswith("kwaliteit") and links[0].proto.label == "Herleiden"
    assert parse_qs(links[0].proto.query_string) == {
        "gemeente": ["GM1234"], "kwaliteit_onderdeel": ["Herleiden tot rijen"], "herleid_periode": ["2024Q3"],
        "herleid_indicator": ["bijstandsvolume"]}
    # synthetic feed figures have no rows to show
    at.selectbox(key="overzicht_gemeente").set_value("GM5678").run()
    assert not at.get("page_link")


@pytest.mark.parametrize(("gemeente", "periode", "melding"), [
    ("gm1234", "2024Q2", None),  # a lower-case code is the same municipality
    ("GM9999", "2024Q2", "Gemeente “GM9999” uit de link is niet gevonden; u ziet Teststad (GM1234) · eigen extract."),
    ("GM1234", "2031Q1", "Kwartaal “2031Q1” uit de link is niet gevonden; u ziet 3e kwartaal 2024."),
])
def test_a_bookmark_naming_what_is_not_there_says_what_is_shown_instead(app, gemeente, periode, melding):
    app.query_params.update({"gemeente": gemeente, "periode": periode})
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="overzicht_gemeente").value == "GM1234"
    assert [w.value for w in at.warning if "uit de link" in w.value] == ([melding] if melding else [])
    assert at.selectbox(key="overzicht_periode").value == ("2024Q3" if melding and "2031" in melding else "2024Q2")


def test_municipalities_with_their_own_extract_are_marked(app):
    at = app.run()
    assert at.selectbox(key="overzicht_gemeente").options == ["Kleindorp (GM5678)", "Teststad (GM1234) · eigen extract"]
