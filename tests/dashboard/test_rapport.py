"""The quarterly report as PDF, read back with pypdf from a hand-made warehouse: figures, masking, sentences,
metadata, determinism. One render per municipality for the whole module (kaleido's Chromium is the cost)."""
from __future__ import annotations

import io
import os
import re
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from dashboard import format as fmt
from pipelines.settings import CONFIG_DIR, get_settings
from tests.dashboard.conftest import kpi_row, write

KWARTALEN = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"]
# Teststad (GM1234) delivered an extract with peildatum in 2024Q4; the report is for 2024Q3
VOLUME = [1200, 1210, 1190, 1185, 1180, 1175, 1234, 1100]
INSTROOM = [100, 110, 105, 98, 102, 100, 101, 50]
UITSTROOM = [90, 95, 99, 97, 96, 120, 150, 40]
NAAR_WERK = [30, 28, 35, 40, 33, 31, 37, 12]
INWONERS_DUIZEND = 50.0
GEMAAKT = date(2024, 11, 21)


def _rows() -> list[dict]:
    rows = []
    for i, kwartaal in enumerate(KWARTALEN):
        volledig = kwartaal != "2024Q4"
        for indicator, reeks in (("bijstandsvolume", VOLUME), ("instroom", INSTROOM), ("uitstroom", UITSTROOM),
                                 ("uitstroom_naar_werk", NAAR_WERK)):
            rows.append(kpi_row("GM1234", kwartaal, indicator, reeks[i], volledig=volledig))
        rows.append(kpi_row("GM1234", kwartaal, "bijstand_per_1000_inwoners", VOLUME[i] / INWONERS_DUIZEND,
                            teller=VOLUME[i], noemer=INWONERS_DUIZEND, volledig=volledig))
        noemer = (VOLUME[i - 1] + VOLUME[i]) / 2 if i else VOLUME[0]
        rows.append(kpi_row("GM1234", kwartaal, "uitstroomkans_werk", NAAR_WERK[i] / noemer, teller=NAAR_WERK[i],
                            noemer=noemer, volledig=volledig))
        # the comparable municipalities (feed) and the Netherlands
        for code, teller, noemer in (("GM2001", 3000, 100), ("GM2002", 1000, 50), ("NL", 400000, 18000)):
            rows.append(kpi_row(code, kwartaal, "bijstand_per_1000_inwoners", teller / noemer, bron="synthetic",
                                teller=teller, noemer=noemer))
        for code, teller, noemer in (("GM2001", 60, 2000), ("GM2002", 20, 1000)):
            rows.append(kpi_row(code, kwartaal, "uitstroomkans_werk", teller / noemer, bron="synthetic",
                                teller=teller, noemer=noemer))
    # Kleindorp (GM5678): no extract, small numbers in the feed
    for kwartaal, volume, instroom in (("2024Q2", 9, 3), ("2024Q3", 8, 2)):
        rows.append(kpi_row("GM5678", kwartaal, "bijstandsvolume", volume, bron="synthetic"))
        rows.append(kpi_row("GM5678", kwartaal, "instroom", instroom, bron="synthetic"))
        rows.append(kpi_row("GM5678", kwartaal, "bijstand_per_1000_inwoners", volume / 2, bron="synthetic",
                            teller=volume, noemer=2))
    return rows


@pytest.fixture(scope="module")
def rapporten(tmp_path_factory):
    """The warehouse, and the PDFs of Teststad 2024Q3 (twice, for determinism) and Kleindorp 2024Q3."""
    from dashboard import rapport

    if not rapport.CHROMIUM.exists() and "BROWSER_PATH" not in os.environ:
        pytest.skip("de grafieken van de rapportage vragen Debian's chromium (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("rapport") / "data"
    folder.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIMI_DATA_DIR", str(folder))
        mp.setenv("WIMI_AUTH", "uit")
        indicatoren = pd.read_csv(CONFIG_DIR / "indicatoren.csv")
        write(_rows(), gemeenten={"GM1234": "Teststad", "GM5678": "Kleindorp", "GM2001": "Peerstad",
                                  "GM2002": "Peerdorp"}, indicatoren=indicatoren)
        con = duckdb.connect(str(get_settings().warehouse_path))
        con.execute("CREATE TABLE marts.peers AS SELECT * FROM (VALUES ('GM1234', 'GM2001', 1, 0.1, 'kenmerken', ''),"
                    " ('GM1234', 'GM2002', 2, 0.2, 'kenmerken', '')) AS p(gemeente_code, peer_code, rang, afstand, "
                    "methode, toelichting)")
        con.execute("CREATE TABLE marts.laadhistorie AS SELECT 'abcdef0123456789' AS levering_id, "
                    "DATE '2024-11-15' AS peildatum, 'GM1234' AS gemeenten, '/x' AS map, "
                    "TIMESTAMP '2024-11-16 10:00' AS geladen_op, 'geladen' AS status, NULL::VARCHAR AS melding, "
                    "6 AS bestanden, 100 AS rijen_gelezen, 100 AS rijen_geladen, 0 AS rijen_quarantaine")
        con.close()
        inhoud = rapport.verzamel("GM1234", "2024K3", GEMAAKT)
        yield {
            "inhoud": inhoud,
            "teststad": rapport.pdf(inhoud),
            "nogmaals": rapport.maak("GM1234", "2024Q3", GEMAAKT),
            "kleindorp": rapport.maak("GM5678", "2024K3", GEMAAKT),
            "map": folder,
        }


def _tekst(pdf: bytes) -> str:
    """The PDF's text with all whitespace as single spaces (table cells and wrapped lines alike)."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_kpi_table_in_the_pdf_equals_the_kpi_table(rapporten):
    tekst = _tekst(rapporten["teststad"])
    # this quarter, the previous one, the same quarter a year earlier, straight from the KPI rows
    for label, reeks in (("Bijstandsvolume", VOLUME), ("Instroom", INSTROOM), ("Uitstroom", UITSTROOM),
                         ("Uitstroom naar werk", NAAR_WERK)):
        assert f"{label} {fmt.getal(reeks[6])} {fmt.getal(reeks[5])} {fmt.getal(reeks[2])}" in tekst
    # per 1,000: 1234 / 50 = 24,68; 1175 / 50 = 23,5; 1190 / 50 = 23,8; peers (3000 + 1000) / (100 + 50) = 26,67;
    # NL 400000 / 18000 = 22,22
    assert "Bijstand per 1.000 inwoners 24,7 23,5 23,8 26,7 22,2" in tekst
    # 37 / 1204,5 = 3,07%; 31 / 1177,5 = 2,63%; 35 / 1200 = 2,92%; peers 80 / 3000 = 2,67%; no NL row: pooled
    # over every municipality, (37 + 60 + 20) / (1204,5 + 2000 + 1000) = 2,78%
    assert "Uitstroomkans naar werk 3,1% 2,6% 2,9% 2,7% 2,8%" in tekst
    assert "3e kwartaal 2024 2e kwartaal 2024 3e kwartaal 2023 Vergelijkbare gemeenten Nederland" in tekst


def test_sentences_match_their_figures(rapporten):
    tekst = _tekst(rapporten["teststad"])
    # 1234 / 1175 = +5,0% (between 2% and 10%: licht); 1234 / 1190 = +3,7%
    assert ("Bijstandsvolume, 3e kwartaal 2024: 1.234, licht gestegen ten opzichte van het 2e kwartaal 2024 "
            "(1.175; +5,0%) en licht gestegen ten opzichte van het 3e kwartaal 2023 (1.190; +3,7%).") in tekst
    # 101 / 100 = +1,0%: stabiel; 101 / 105 = -3,8%
    assert ("Instroom, 3e kwartaal 2024: 101, stabiel ten opzichte van het 2e kwartaal 2024 (100; +1,0%) en licht "
            "gedaald ten opzichte van het 3e kwartaal 2023 (105; -3,8%).") in tekst
    # 150 / 120 = +25,0%: sterk
    assert "Uitstroom, 3e kwartaal 2024: 150, sterk gestegen ten opzichte van het 2e kwartaal 2024 (120; +25,0%)" \
        in tekst
    # 3,07% - 2,63% = 0,44 point: below 0,5, stabiel
    assert ("Uitstroomkans naar werk, 3e kwartaal 2024: 3,1%, stabiel ten opzichte van het 2e kwartaal 2024 "
            "(2,6%; +0,4 procentpunt)") in tekst
    # 24,68 against 26,67 is 7% lower (more than 5%); against 22,22 11% higher
    assert ("Bijstand per 1.000 inwoners, 3e kwartaal 2024: Teststad 24,7, lager dan de vergelijkbare gemeenten "
            "(26,7) en hoger dan Nederland (22,2).") in tekst


def test_small_municipality_reads_below_ten(rapporten):
    tekst = _tekst(rapporten["kleindorp"])
    assert "Bijstandsvolume <10 <10" in tekst  # 8 and 9 benefits
    assert "Instroom <10 <10" in tekst  # 2 and 3
    assert "Bijstand per 1.000 inwoners afgeschermd afgeschermd" in tekst  # teller 8 and 9
    assert "Bijstandsvolume, 3e kwartaal 2024: minder dan 10; bij zulke kleine aantallen" in tekst
    assert not re.search(r"\b[89] (uitkeringen|<10)", tekst)


def test_pdf_is_tagged_dutch_titled_with_fonts_embedded(rapporten):
    reader = PdfReader(io.BytesIO(rapporten["teststad"]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"  # Dutch as spoken in the Netherlands (BCP 47)
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title == "Kwartaalrapportage Participatiewet Teststad, 3e kwartaal 2024"
    assert 3 <= len(reader.pages) <= 5
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    for font in fonts:  # Type0 fonts carry their file on the descendant
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]
    # the creation date is the warehouse's build, not the moment of rendering
    assert reader.metadata.creation_date.replace(tzinfo=None) == datetime(2024, 11, 20, 9, 0)


def test_same_inputs_give_the_same_bytes(rapporten):
    assert rapporten["teststad"] == rapporten["nogmaals"]


def test_colophon_has_definitions_attribution_and_checksum(rapporten):
    tekst = _tekst(rapporten["teststad"])
    formule = pd.read_csv(CONFIG_DIR / "indicatoren.csv").set_index("id").loc["uitstroomkans_werk", "formule"]
    assert re.sub(r"\s+", " ", formule) in tekst
    assert "CC BY 4.0" in tekst and "abcdef0123456789" in tekst
    assert "Peildatum levering 15 november 2024" in tekst and "Gemaakt op 21 november 2024" in tekst


def test_report_charts_are_the_page_chart_with_peers_and_nl(rapporten):
    figuren = dict(rapporten["inhoud"].figuren)
    per_1000 = figuren["bijstand_per_1000_inwoners.svg"]
    namen = [t.name for t in per_1000.data]
    assert namen == ["eigen gemeente", "vergelijkingsgroep", "Nederland"]
    assert per_1000.data[1].y[-1] == pytest.approx(4000 / 150)


def test_cli_names_an_unknown_municipality_and_quarter_in_dutch(rapporten, tmp_path, monkeypatch):
    from pipelines.cli import app

    monkeypatch.setenv("WIMI_DATA_DIR", str(rapporten["map"]))
    runner = CliRunner()
    onbekend = runner.invoke(app, ["rapport", "--gemeente", "GM9999", "--kwartaal", "2024K3",
                                   "--output", str(tmp_path / "r.pdf")])
    assert onbekend.exit_code == 1 and "Onbekende gemeente GM9999" in onbekend.output
    geen = runner.invoke(app, ["rapport", "--gemeente", "GM1234", "--kwartaal", "2022K1",
                               "--output", str(tmp_path / "r.pdf")])
    assert geen.exit_code == 1 and "geen cijfers over het 1e kwartaal 2022" in geen.output
    assert not (tmp_path / "r.pdf").exists()
