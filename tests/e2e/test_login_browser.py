"""Logging in for real: a WIMI server (`streamlit run`) with WIMI_AUTH=oidc against a local OpenID Connect
provider (oidc-provider-mock) and one with WIMI_AUTH=lokaal, driven by Debian's chromium through
Playwright. One user per role: what the menu offers, what a deep link shows, what is refused.

Playwright's own browser downloads are never used: chromium comes from apt (.ci/run installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipelines import gebruikers
from pipelines.settings import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"geen chromium in {CHROMIUM} (apt-get install chromium; .ci/run doet dat)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (pip install -e '.[dev]')")
oidc_mock = pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock ontbreekt (pip install -e '.[dev]')")

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WACHT_MS = 20_000
WEIGERING = "U heeft geen toegang tot deze pagina met uw rol"
ALLE = ["Overzicht", "Vergelijken", "Prognose & budget", "Kwaliteit & verantwoording", "Beheer"]
MENU = {"wethouder": ALLE[:2], "manager": ALLE[:3], "accountant": ALLE[:4], "beheerder": ALLE}
# a deep link into the rows behind a figure, as an Overzicht card's Herleiden writes it
HERLEIDEN = "/kwaliteit?gemeente=GM0289&herleid_periode=2024Q3&herleid_indicator=bijstandsvolume"
WACHTWOORD = "e2e-wachtwoord"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made delivery of GM0289 built into a warehouse (no forecasts: they are not what is tested)."""
    from pipelines.build import build
    from pipelines.load import load_delivery
    from pipelines.settings import get_settings

    folder = tmp_path_factory.mktemp("e2e_data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.setenv("WIMI_FORECAST_SCOPE", "none")
        patch.delenv("WIMI_CBS_DIR", raising=False)
        load_delivery(EXTRACT_MINI, get_settings())
        build(get_settings())
    return folder


@contextmanager
def wimi_server(data_dir: Path, auth: str, extra_env: dict[str, str], secrets: Path | None = None) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port; yields its address (as the browser calls it)."""
    port = _vrije_poort()
    env = {**os.environ, "WIMI_AUTH": auth, "WIMI_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT),
           **extra_env}
    command = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    if secrets is not None:
        command += ["--secrets.files", str(secrets.parent / f"secrets_{port}.toml")]
        (secrets.parent / f"secrets_{port}.toml").write_text(secrets.read_text().replace("{port}", str(port)))
    log = data_dir / f"streamlit_{auth}.log"
    with log.open("w") as out:
        proces = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=data_dir)
    try:
        einde = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as antwoord:
                    if antwoord.status == 200:
                        break
            except OSError:
                if proces.poll() is not None or time.monotonic() > einde:
                    raise RuntimeError(f"WIMI-server start niet: {log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield f"http://localhost:{port}"
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


def _wacht_op(page, tekst: str) -> None:
    page.get_by_text(tekst, exact=False).first.wait_for(timeout=WACHT_MS)


def _menu(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for(timeout=WACHT_MS)
    return [t.strip().split("\n")[-1] for t in links.all_inner_texts()]  # without the icon's name


def _kop(page, titel: str) -> None:
    sync_api.expect(page.locator("h1").first).to_have_text(titel, timeout=WACHT_MS)


def _toont_niets(page) -> None:
    """No figure and no table on the page."""
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0


# by URL, per role: (path, what it shows); a refused one shows WEIGERING and no figure
DIEPE_LINKS = {
    "wethouder": [(HERLEIDEN, None)],
    "manager": [(HERLEIDEN, None)],
    "accountant": [(HERLEIDEN, "Herleiden tot rijen"), ("/beheer", None)],
    "beheerder": [("/beheer", "Auditlog")],
}


def _controleer_rol(page, basis: str, rol: str) -> None:
    """Logged in as `rol`: the menu and Overzicht's figures, the deep links, then back by navigation."""
    assert _menu(page) == MENU[rol]
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WACHT_MS)  # Overzicht's figures
    for pad, toont in DIEPE_LINKS[rol]:
        page.goto(basis + pad)
        if toont is None:
            _wacht_op(page, WEIGERING)
            _toont_niets(page)
        else:
            _wacht_op(page, toont)
            assert page.get_by_text(WEIGERING).count() == 0
    page.locator('[data-testid="stSidebarNav"] a', has_text="Overzicht").click()
    page.wait_for_url(re.compile(r"localhost:\d+/(\?.*)?$"), timeout=WACHT_MS)
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WACHT_MS)


# --- oidc ---------------------------------------------------------------------------------------

GROEPEN = {"wethouder": ["wimi-wethouder"], "manager": ["wimi-manager"], "accountant": ["wimi-accountant"],
           "beheerder": ["wimi-beheerder", "wimi-wethouder"]}


def _oidc_aanmelden(page, basis: str, sub: str, pad: str = "/") -> None:
    page.goto(basis + pad)
    _wacht_op(page, "Meld u aan met uw account van de gemeente")
    _toont_niets(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=WACHT_MS)
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/"), timeout=WACHT_MS)


def test_oidc_login_per_role(warehouse_dir, browser, tmp_path):
    users = [oidc_mock.User(sub=f"{rol}@gemeente.nl", claims={"email": f"{rol}@gemeente.nl", "groups": groepen})
             for rol, groepen in GROEPEN.items()]
    users += [oidc_mock.User(sub="zonder-rol@gemeente.nl", claims={"groups": ["andere-groep"]}),
              oidc_mock.User(sub="regio@gemeente.nl", claims={"groups": ["wimi-manager", "team-oost"]})]
    rollen = tmp_path / "rollen.toml"
    rollen.write_text((REPO_ROOT / "config" / "rollen.toml").read_text().replace(
        '# "wimi-team-oost" = ["GM0344", "GM0307"]', '"team-oost" = ["GM0344"]'))
    with oidc_mock.run_server_in_thread(user_claims=users) as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f"""
[auth]
redirect_uri = "http://localhost:{{port}}/oauth2callback"
cookie_secret = "{'e2e-cookie-geheim-' * 3}"
client_id = "wimi"
client_secret = "wimi-geheim"
server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"
""")
        data_dir = tmp_path / "oidc"
        shutil.copytree(warehouse_dir, data_dir)
        with wimi_server(data_dir, "oidc", {"WIMI_ROLLEN": str(rollen)}, secrets) as basis:
            for rol in GROEPEN:
                with browser.new_context() as context:
                    page = context.new_page()
                    _oidc_aanmelden(page, basis, f"{rol}@gemeente.nl")
                    _wacht_op(page, f"Aangemeld als {rol}@gemeente.nl")
                    _controleer_rol(page, basis, rol)
                    if rol == "wethouder":
                        page.get_by_role("button", name="Afmelden").click()
                        # Streamlit drops its cookie and sends the browser on to the provider's end of session
                        page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=WACHT_MS)
                        page.goto(basis + "/")
                        _wacht_op(page, "Meld u aan met uw account van de gemeente")
                        _toont_niets(page)
            with browser.new_context() as context:
                page = context.new_page()
                _oidc_aanmelden(page, basis, "zonder-rol@gemeente.nl")
                _wacht_op(page, "maar heeft geen rol in WIMI")
                _toont_niets(page)
            with browser.new_context() as context:  # a regional team: only its municipality, not GM0289
                page = context.new_page()
                _oidc_aanmelden(page, basis, "regio@gemeente.nl")
                _wacht_op(page, "nog geen cijfers per gemeente")
                _toont_niets(page)


# --- lokaal -------------------------------------------------------------------------------------

def _lokaal_aanmelden(page, naam: str, wachtwoord: str) -> None:
    page.get_by_label("Naam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Aanmelden").click()


def test_lokaal_login_per_role(warehouse_dir, browser, tmp_path):
    data_dir = tmp_path / "lokaal"
    shutil.copytree(warehouse_dir, data_dir)
    for rol in gebruikers.ROLLEN:
        gebruikers.voeg_toe(data_dir / "gebruikers.json", rol, WACHTWOORD, rol)
    with wimi_server(data_dir, "lokaal", {}) as basis:
        for rol in gebruikers.ROLLEN:
            # by URL: a deep link asks for the login first, then shows the page or the refusal
            pad, toont = DIEPE_LINKS[rol][0]
            with browser.new_context() as context:
                page = context.new_page()
                page.goto(basis + pad)
                _wacht_op(page, "Wachtwoord")
                _toont_niets(page)
                if rol == "wethouder":
                    _lokaal_aanmelden(page, rol, "fout-wachtwoord")
                    _wacht_op(page, "Aanmelden mislukt: onbekende naam of onjuist wachtwoord")
                    _toont_niets(page)
                _lokaal_aanmelden(page, rol, WACHTWOORD)
                _wacht_op(page, f"Aangemeld als {rol}")
                if toont is None:
                    _wacht_op(page, WEIGERING)
                    _toont_niets(page)
                else:
                    _wacht_op(page, toont)
                assert _menu(page) == MENU[rol]
                # by navigation: to Overzicht and its figures
                page.locator('[data-testid="stSidebarNav"] a', has_text="Overzicht").click()
                _kop(page, "Overzicht")
                page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WACHT_MS)
                if rol == "manager":
                    page.get_by_role("button", name="Afmelden").click()
                    _wacht_op(page, "Wachtwoord")
                    _toont_niets(page)
