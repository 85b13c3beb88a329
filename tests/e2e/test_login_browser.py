"""Logging in for real: a WIMI server (`streamlit run`) with WIMI_AUTH=oidc against a local OpenID Connect
provider (oidc-provider-mock) and one with WIMI_AUTH=lokaal, driven by Debian's chromium through
Playwright. One user per role: what the menu offers, what a deep link shows, what is refused.

The server, the warehouse and the browser come from conftest.py.
"""
from __future__ import annotations

import re
import shutil

import pytest

from pipelines import gebruikers
from pipelines.settings import REPO_ROOT

pytestmark = pytest.mark.e2e

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (pip install -e '.[dev]')")
oidc_mock = pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock ontbreekt (pip install -e '.[dev]')")

WACHT_MS = 20_000
WEIGERING = "U heeft geen toegang tot deze pagina met uw rol"
ALLE = ["Overzicht", "Vergelijken", "Prognose & budget", "Kwaliteit & verantwoording", "Beheer"]
MENU = {"wethouder": ALLE[:2], "manager": ALLE[:3], "accountant": ALLE[:4], "beheerder": ALLE}
# a deep link into the rows behind a figure, as an Overzicht card's Herleiden writes it
HERLEIDEN = "/kwaliteit?gemeente=GM0289&herleid_periode=2024Q3&herleid_indicator=bijstandsvolume"
WACHTWOORD = "e2e-wachtwoord"


def _wacht_op(page, tekst: str) -> None:
    page.get_by_text(tekst, exact=False).first.wait_for(timeout=WACHT_MS)


def _menu(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for(timeout=WACHT_MS)
    return [t.strip().split("\n")[-1] for t in links.all_inner_texts()]  # without the icon's name


def _kop(page, titel: str) -> None:
    sync_api.expect(page.locator("h1").first).to_have_text(titel, timeout=WACHT_MS)


def _toont_niets(page) -> None:
    """No figure and no table on the page, once its run has ended: after a logout Streamlit draws the login
    form first and removes the stale elements of the page before at the end of the run (a clean-clone CI
    run caught the metrics of that in-between moment)."""
    sync_api.expect(page.locator('[data-testid="stMetric"]')).to_have_count(0, timeout=WACHT_MS)
    sync_api.expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0, timeout=WACHT_MS)


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


def test_oidc_login_per_role(warehouse_dir, browser, wimi_server, tmp_path):
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


def test_lokaal_login_per_role(warehouse_dir, browser, wimi_server, tmp_path):
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
