"""Vergelijken in a headless browser: how long each interaction takes, from the click to the end of the rerun.

Usage: python bench/vergelijken_browser.py [--herhaal 3] [--server]. Builds the hand-made delivery of GM0289
(Wageningen, tests/fixtures/extract_mini) on the real CBS snapshot into bench/out/vergelijken, serves the
dashboard with WIMI_AUTH=uit through the browser tests' own server helper and drives Debian's chromium
with Playwright. A rerun is over when Streamlit's status widget ("Running...") and every stale element are
gone; the time includes drawing in the browser, so it is an upper bound of the server time. Prints a
Markdown table for bench/RESULTS.md, with the machine's load. With --server the same interactions run as
Streamlit's AppTest in this process: the server's script time alone, without browser or drawing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH.parent / "tests" / "e2e"))
from playwright.sync_api import sync_playwright  # noqa: E402
from test_login_browser import ARGS, CHROMIUM, EXTRACT_MINI, wimi_server  # noqa: E402  (the browser tests' helpers)

BEZIG = '[data-testid="stStatusWidget"], [data-stale="true"]'
SLIDER = '[data-testid="stSlider"]'


def warehouse(folder: Path) -> Path:
    from pipelines.build import build
    from pipelines.load.delivery import load_delivery
    from pipelines.settings import get_settings

    if (folder / "warehouse.duckdb").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(WIMI_DATA_DIR=str(folder), WIMI_FORECAST_SCOPE="none")
    os.environ.pop("WIMI_CBS_DIR", None)
    load_delivery(EXTRACT_MINI, get_settings())
    build(get_settings())
    return folder


def rerun_duur(page, actie) -> float:
    """Seconds from the action until the rerun it starts is over (or 0,25 s of quiet when none starts)."""
    begin = time.perf_counter()
    actie()
    try:
        page.wait_for_selector(BEZIG, state="attached", timeout=250)
    except Exception:  # no rerun started (a slider in a form) or it was over before the first look
        return time.perf_counter() - begin
    page.wait_for_function(f"() => document.querySelectorAll('{BEZIG}').length === 0", timeout=60_000)
    return time.perf_counter() - begin


def meet(adres: str, herhaal: int) -> dict[str, list[float]]:
    tijden: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for ronde in range(herhaal):
            begin = time.perf_counter()
            page.goto(f"{adres}/vergelijken?gemeente=GM0289")
            page.get_by_text("Waarom deze gemeenten?").wait_for(timeout=60_000)
            page.wait_for_function(f"() => document.querySelectorAll('{BEZIG}').length === 0", timeout=60_000)
            stappen = {"pagina openen (eerste keer: koude cache)" if ronde == 0 else "pagina openen":
                       time.perf_counter() - begin}
            stappen["vergelijkingsgroep: zelfde provincie"] = rerun_duur(
                page, lambda: page.get_by_text("Zelfde provincie").click())
            stappen["vergelijkingsgroep: kenmerken"] = rerun_duur(
                page, lambda: page.get_by_text("Vergelijkbare gemeenten (kenmerken)").click())
            page.get_by_text("Kenmerken en gewichten van de vergelijkbare gemeenten").click()
            schuif = page.locator(SLIDER).nth(1).get_by_role("slider")
            schuif.wait_for()
            stappen["gewicht verschuiven (in het formulier)"] = rerun_duur(page, lambda s=schuif: s.press("ArrowRight"))
            stappen["gewichten toepassen (nieuwe instelling)" if ronde == 0 else
                    "gewichten toepassen (instelling in de cache)"] = rerun_duur(
                page, lambda: page.get_by_role("button", name="Toepassen").click())
            stappen["soort cijfers: CBS per jaar"] = rerun_duur(
                page, lambda: page.get_by_text("CBS-cijfers (personen, per jaar)").click())
            for naam, duur in stappen.items():
                tijden.setdefault(naam, []).append(duur)
        browser.close()
    return tijden


def meet_server(folder: Path, herhaal: int) -> dict[str, list[float]]:
    """The same interactions as a script run on the server alone (Streamlit's AppTest: no browser, no network)."""
    from streamlit.testing.v1 import AppTest

    os.environ.update(WIMI_DATA_DIR=str(folder), WIMI_AUTH="uit")
    tijden: dict[str, list[float]] = {}
    for ronde in range(herhaal):
        at = AppTest.from_file(str(BENCH.parent / "dashboard" / "paginas" / "vergelijken.py"), default_timeout=120)
        at.query_params["gemeente"] = "GM0289"
        stappen = {
            "pagina openen": lambda at=at: at,
            "vergelijkingsgroep: zelfde provincie": lambda at=at: at.radio(key="vergelijken_methode").set_value(
                "provincie"),
            "vergelijkingsgroep: kenmerken": lambda at=at: at.radio(key="vergelijken_methode").set_value("kenmerken"),
            "gewichten toepassen": lambda at=at, r=ronde: (
                at.select_slider(key="vergelijken_gewicht_woz").set_value(2.0 + 0.5 * (r % 2)),
                at.button(key="vergelijken_toepassen").click()),
            "soort cijfers: CBS per jaar": lambda at=at: at.radio(key="vergelijken_soort").set_value("cbs"),
        }
        for naam, actie in stappen.items():
            actie()
            begin = time.perf_counter()
            at.run()
            tijden.setdefault(naam, []).append(time.perf_counter() - begin)
    return tijden


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--herhaal", type=int, default=3)
    parser.add_argument("--server", action="store_true", help="script runs on the server only (AppTest)")
    args = parser.parse_args()
    folder = warehouse(BENCH / "out" / "vergelijken")
    belasting = os.getloadavg()
    if args.server:
        tijden = meet_server(folder, args.herhaal)
    else:
        with wimi_server(folder, "uit", {}) as adres:
            tijden = meet(adres, args.herhaal)
    print(f"Belasting (1, 5, 15 min) bij de start: {belasting[0]:.1f}, {belasting[1]:.1f}, {belasting[2]:.1f}; "
          f"{os.cpu_count()} cores\n")
    print("| interactie | metingen | mediaan s | max s |\n|---|---|---|---|")
    for naam, waarden in tijden.items():
        print(f"| {naam} | {len(waarden)} | {statistics.median(waarden):.2f} | {max(waarden):.2f} |"
              .replace(".", ","))


if __name__ == "__main__":
    main()
