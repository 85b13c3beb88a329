"""Dutch in a browser set to English (en-US), on the warehouse of the hand-made delivery: a table's numbers
written 1.050 and sorted as numbers, Plotly's month names and separators, an unknown page URL, no app
menu, and Overzicht printed on at most three A4 pages.
"""
from __future__ import annotations

import re
import shutil

import pytest
from test_paginas_browser import SCREENSHOTS, WACHT_MS, Toezicht, _klaar

from dashboard.app import NIET_GEVONDEN_MELDING

pytestmark = pytest.mark.e2e

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (pip install -e '.[dev]')")

BREED = {"width": 1400, "height": 1000}
# the payments of 2024Q3 behind the KPI uitkeringslasten of GM0289 (tests/fixtures/extract_mini/betalingen.csv)
HERLEIDEN = "/kwaliteit?gemeente=GM0289&herleid_periode=2024Q3&herleid_indicator=uitkeringslasten"
BEDRAGEN_AFLOPEND = [1200, 1100, 1100, 1050, 1000, 800, 0]
MAX_PAGINAS = 3
STAP_PX = 30  # narrower than any column


def _kolom(tabel, naam: str) -> list[str]:
    """A column's cells in the order the table shows them (its accessible copy: the grid is a canvas)."""
    koppen = [k.removeprefix("↑ ").removeprefix("↓ ") for k in tabel.locator('[role="columnheader"]').all_inner_texts()]
    index = koppen.index(naam)
    return [rij.locator('[role="gridcell"]').nth(index).inner_text() for rij in tabel.locator("tbody tr").all()]


def _sorteer(page, tabel, naam: str) -> float:
    """Click a header as a user does, sorting its column ascending. The grid draws its headers on a canvas, so
    the header is found by clicking from left to right until the sort arrow is on it (a click near a header's
    right edge opens Streamlit's column menu instead: Escape closes it). Returns the x of that click."""
    vak = tabel.bounding_box()
    koppen = tabel.locator('[role="columnheader"]')
    for x in range(int(vak["x"]) + 10, int(vak["x"] + vak["width"]), STAP_PX):
        page.mouse.click(x, vak["y"] + 17)
        page.wait_for_timeout(400)
        if koppen.filter(has_text=naam).first.inner_text().startswith("↑"):
            return x
        page.keyboard.press("Escape")
    raise AssertionError(f"kolom {naam} niet gevonden in de koppen")


def test_nederlands_in_een_engelse_browser(warehouse_dir, browser, wimi_server, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path / "data"
    shutil.copytree(warehouse_dir, data_dir)
    with wimi_server(data_dir, "uit", {}) as basis, browser.new_context(viewport=BREED, locale="en-US") as context:
        page = context.new_page()
        toezicht = Toezicht(page, basis)

        # a URL naming no page: the start page with a Dutch message, not Streamlit's English dialog
        page.goto(basis + "/bestaat-niet?gemeente=GM0289")
        sync_api.expect(page.get_by_text(NIET_GEVONDEN_MELDING)).to_be_visible(timeout=WACHT_MS)
        sync_api.expect(page.locator("h1").first).to_have_text("Overzicht", timeout=WACHT_MS)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WACHT_MS)
        _klaar(page)
        assert page.get_by_role("dialog").count() == 0 and page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stMainMenu"]').count() == 0  # no English app menu
        # the page's language is Dutch, and so is every number Streamlit and Plotly write
        page.locator('[data-testid="stPlotlyChart"] .main-svg .trace').first.wait_for(state="attached",
                                                                                    timeout=WACHT_MS)
        assert page.evaluate("() => [document.documentElement.lang, navigator.languages[0]]") == ["nl", "nl-NL"]
        assert page.evaluate("""() => {
            const locale = document.querySelector('.js-plotly-plot')._fullLayout._d3locale;
            return [locale.numberFormat(',.1f')(1234.5), locale.timeFormat('%B %b')(new Date(2024, 2, 4))];
        }""") == ["1.234,5", "maart mrt"]

        # printed: at most three A4 pages (stijl.css @media print); Chromium's print to PDF counts them
        pdf = page.pdf(format="A4")
        paginas = len(re.findall(rb"/Type\s*/Page\b", pdf))
        (SCREENSHOTS / "overzicht_afdruk.pdf").write_bytes(pdf)
        assert 1 <= paginas <= MAX_PAGINAS

        # the rows behind a figure: amounts written the Dutch way, sorted as numbers by their header
        page.goto(basis + HERLEIDEN)
        tabel = page.locator('[data-testid="stDataFrame"]:visible').first
        tabel.wait_for(timeout=WACHT_MS)
        tabel.scroll_into_view_if_needed()
        _klaar(page)
        page.screenshot(path=str(SCREENSHOTS / "herleiden_tabel_en_us.png"), clip=tabel.bounding_box())
        x = _sorteer(page, tabel, "bijdrage")
        assert [float(x) for x in _kolom(tabel, "bijdrage")] == BEDRAGEN_AFLOPEND[::-1]
        page.mouse.click(x, tabel.bounding_box()["y"] + 17)  # a second click: descending
        sync_api.expect(tabel.locator('[role="columnheader"]', has_text="bijdrage")).to_have_text(
            "↓ bijdrage", timeout=WACHT_MS)
        # as text ("1.200" before "800") the regression sorted 800 first
        assert [float(x) for x in _kolom(tabel, "bijdrage")] == BEDRAGEN_AFLOPEND
        page.screenshot(path=str(SCREENSHOTS / "herleiden_tabel_gesorteerd.png"), clip=tabel.bounding_box())
        toezicht.schoon()
