"""Every page in a real browser (WIMI_AUTH=uit, so as beheerder) on the warehouse of the hand-made delivery:
no exception, no error element, no console error, no request to another host, every chart drawn, and one
interaction per page. One server, one browser, one tab reused. Screenshots of every page land in
$WIMI_SCREENSHOTS (default tests/e2e/screenshots/, git-ignored), for CI to keep and a person to look at.
"""
from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.e2e

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (pip install -e '.[dev]')")

WACHT_MS = 20_000
BREED, SMAL = {"width": 1400, "height": 1000}, {"width": 1024, "height": 900}
SCHERM_1280 = {"width": 1280, "height": 900}
SCREENSHOTS = Path(os.environ.get("WIMI_SCREENSHOTS", Path(__file__).parent / "screenshots"))


# Opened at /overzicht, Streamlit's frontend first looks for its server under that path, then at the root:
# those two 404s are its way of finding the base URL, not a fault of the page
BASIS_ZOEKEN = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


class Toezicht:
    """What the browser reports behind the page: console errors, uncaught exceptions, other hosts."""

    def __init__(self, page, basis: str) -> None:
        self.fouten: list[str] = []
        self.elders: list[str] = []
        eigen = urlparse(basis).hostname
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.fouten.append(f"pageerror: {e}"))
        page.on("response", lambda r: self.fouten.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 and not BASIS_ZOEKEN.search(urlparse(r.url).path) else None)
        page.on("request", lambda r: None if urlparse(r.url).hostname in (eigen, None) or r.url.startswith(
            ("data:", "blob:")) else self.elders.append(r.url))

    def _console(self, bericht) -> None:
        if bericht.type == "error" and not BASIS_ZOEKEN.search(urlparse(bericht.location.get("url", "")).path):
            self.fouten.append(f"console: {bericht.text}")

    def schoon(self) -> None:
        assert not self.fouten, "\n".join(self.fouten)
        assert not self.elders, "\n".join(self.elders)


def _klaar(page) -> None:
    """The page has finished its run: no 'running' status and no element left over from the run before."""
    page.wait_for_timeout(250)
    page.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-stale="true"]')""", timeout=WACHT_MS)


def _controleer(page, toezicht: Toezicht, naam: str) -> None:
    """No exception or error message on the page, every chart drawn, a full-page screenshot."""
    _klaar(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".modebar-btn").count() == 0  # no English mode bar, no eight tab stops per chart
    fouten = page.locator('[data-testid="stAlertContentError"]')
    assert fouten.count() == 0, fouten.all_inner_texts()
    grafieken = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(grafieken.count()):
        grafieken.nth(i).locator(".main-svg .trace").first.wait_for(state="attached", timeout=WACHT_MS)
    _schermafdruk(page, naam)
    toezicht.schoon()


def _schermafdruk(page, naam: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as that block."""
    venster = page.viewport_size
    hoogte = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": venster["width"], "height": min(hoogte, 8000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{naam}.png"))
    page.set_viewport_size(venster)


def _download(page, knop: str) -> bytes:
    button = page.get_by_role("button", name=knop).first
    button.wait_for(state="visible", timeout=WACHT_MS)
    _klaar(page)
    with page.expect_download(timeout=WACHT_MS) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def _ga_naar(page, menu: str, titel: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=menu).click()
    sync_api.expect(page.locator("h1").first).to_have_text(titel, timeout=WACHT_MS)
    sync_api.expect(page).to_have_title(f"{titel} · WIMI", timeout=WACHT_MS)  # each page its browser title


def _kies(page, label: str, tekst: str) -> None:
    """Choose in a selectbox by typing, as a user does."""
    page.get_by_label(re.compile(f"^{label}")).first.click()
    page.keyboard.type(tekst)
    page.keyboard.press("Enter")
    _klaar(page)


def _kaarten_heel(page) -> None:
    """Every KPI card at least 15rem wide (no word broken in two) and its value not cut off with '…'."""
    for kaart in page.locator('[class*="st-key-kaart_"]').all():
        assert kaart.bounding_box()["width"] >= 240
        waarde = kaart.locator('[data-testid="stMetricValue"] div').first
        assert waarde.evaluate("e => e.scrollWidth <= e.clientWidth"), waarde.inner_text()


def _tabel_past(page, kolom: str) -> None:
    """The table with this column shows all its columns: no horizontal scrolling, nothing cut off at the right."""
    tabel = page.locator('[data-testid="stDataFrame"]', has=page.locator('[role="columnheader"]', has_text=kolom))
    tabel.scroll_into_view_if_needed(timeout=WACHT_MS)
    scroller = tabel.locator(".dvn-scroller").first
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth"), scroller.evaluate(
        "e => [e.scrollWidth, e.clientWidth]")


def _andere_gemeente(data_dir: Path) -> tuple[str, str]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("SELECT gemeente_code, gemeentenaam FROM marts.gemeenten WHERE gemeente_code <> 'GM0289' "
                           "ORDER BY gemeente_code = 'GM0503' DESC, gemeente_code LIMIT 1").fetchone()


def test_elke_pagina(warehouse_dir, browser, wimi_server, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path / "data"
    shutil.copytree(warehouse_dir, data_dir)
    with wimi_server(data_dir, "uit", {}) as basis, browser.new_context(
            viewport=BREED, accept_downloads=True, locale="nl-NL") as context:
        page = context.new_page()
        toezicht = Toezicht(page, basis)

        # Overzicht, under its own name as a bookmark has it: the cards and trends of the municipality with its
        # own extract, then its table downloaded; another quarter, which the other pages keep
        page.goto(basis + "/overzicht")
        sync_api.expect(page.locator("h1").first).to_have_text("Overzicht", timeout=WACHT_MS)
        sync_api.expect(page).to_have_title("Overzicht · WIMI", timeout=WACHT_MS)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WACHT_MS)
        _controleer(page, toezicht, "overzicht")
        page.get_by_text("Tabel en download").click()
        tabel = pd.read_csv(io.BytesIO(_download(page, "Download CSV")), sep=";", decimal=",", encoding="utf-8-sig")
        assert set(tabel["Gemeentecode"]) == {"GM0289"} and len(tabel) > 0
        page.set_viewport_size(SMAL)
        _klaar(page)
        _kaarten_heel(page)
        _controleer(page, toezicht, "overzicht_1024")
        page.set_viewport_size(BREED)
        _kies(page, "Kwartaal", "2e kwartaal 2024")
        page.wait_for_url(re.compile("periode=2024Q2"), timeout=WACHT_MS)

        # Vergelijken: another municipality, by typing in the selector as a user does
        _ga_naar(page, "Vergelijken", "Vergelijken")
        _controleer(page, toezicht, "vergelijken")
        page.set_viewport_size(SCHERM_1280)
        _klaar(page)
        _tabel_past(page, "Waarom vergelijkbaar")
        _controleer(page, toezicht, "vergelijken_1280")
        page.set_viewport_size(BREED)
        # a municipality the warehouse has: Delft with the snapshot, a fictional one on a clone without it
        ander_code, ander_naam = _andere_gemeente(data_dir)
        _kies(page, "Gemeente", ander_naam)
        page.wait_for_url(re.compile(f"gemeente={ander_code}"), timeout=WACHT_MS)
        _controleer(page, toezicht, "vergelijken_delft")

        # Prognose & budget: the scenario by its slider
        _ga_naar(page, "Prognose & budget", "Prognose & budget")
        _controleer(page, toezicht, "prognose")
        # its amounts are numbers written the Dutch way (€ 1.150.000, -1,6%) by the column formats: for a person to see
        page.locator('[data-testid="stDataFrame"]', has=page.locator('[role="columnheader"]', has_text="Netto lasten")
                     ).screenshot(path=str(SCREENSHOTS / "budget_tabel.png"))
        schuif = page.get_by_role("slider", name=re.compile("Verandering instroom"))
        schuif.focus()
        page.keyboard.press("ArrowRight")
        sync_api.expect(schuif).to_have_value("1", timeout=WACHT_MS)
        _controleer(page, toezicht, "prognose_scenario")

        # Kwaliteit & verantwoording: each tab
        _ga_naar(page, "Kwaliteit & verantwoording", "Kwaliteit & verantwoording")
        _controleer(page, toezicht, "kwaliteit")
        for tab in ("Verantwoording", "Laadhistorie en quarantaine"):
            page.get_by_role("tab", name=tab).click()
            _controleer(page, toezicht, "kwaliteit_" + tab.split()[0].lower())

        # Herleiden from an Overzicht card: the rows behind the figure
        _ga_naar(page, "Overzicht", "Overzicht")
        sync_api.expect(page.get_by_text("2e kwartaal 2024").first).to_be_visible(timeout=WACHT_MS)  # kept
        page.get_by_role("link", name=re.compile("Herleiden")).first.click()
        sync_api.expect(page.get_by_role("tab", name="Herleiden tot rijen")).to_have_attribute(
            "aria-selected", "true", timeout=WACHT_MS)
        _controleer(page, toezicht, "kwaliteit_herleiden")

        # Beheer: the audit log holds the download above (its table is drawn on a canvas: read its cell)
        _ga_naar(page, "Beheer", "Beheer")
        page.get_by_role("tab", name="Auditlog").click()
        sync_api.expect(page.locator('[role="gridcell"]', has_text="wimi_overzicht_GM0289").first).to_be_attached(
            timeout=WACHT_MS)
        _controleer(page, toezicht, "beheer_auditlog")
