"""Who sees what: the login gate, each role's pages and refusals, masking by role, the municipality scope
in data.py, and the audit of downloads. AppTest, without a browser (tests/e2e logs in for real)."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, data
from dashboard.app import PAGINAS, paginas_voor
from pipelines import audit, gebruikers
from pipelines.gebruikers import Gebruiker
from pipelines.settings import get_settings

APP = "../../dashboard/app.py"
WACHTWOORD = "geheim-wachtwoord"


@pytest.fixture
def kleine_aantallen(warehouse):
    """Teststad (GM1234) with an extract of 8 and 12 benefits, Appeldorp (GM5678) from the feed; the caseload
    can be taken back to its rows."""
    row = warehouse.row
    path = warehouse.write([
        row("GM1234", "2024Q2", "bijstandsvolume", 12),
        row("GM1234", "2024Q3", "bijstandsvolume", 8),
        row("GM5678", "2024Q3", "bijstandsvolume", 640, bron="synthetic"),
    ], gemeenten={"GM1234": "Teststad", "GM5678": "Appeldorp"})
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE marts.drilldown_regels AS SELECT 'bijstandsvolume' AS indicator")
    con.close()
    return path


@pytest.fixture
def lokaal(monkeypatch, data_dir):
    monkeypatch.setenv("WIMI_AUTH", "lokaal")
    settings = get_settings()
    for rol in gebruikers.ROLLEN:
        gebruikers.voeg_toe(settings.users_path, rol, WACHTWOORD, rol)
    return settings


def _tekst(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("title", "markdown", "caption", "error", "info", "warning")
                     for e in getattr(at, kind))


WEIGERING = "U heeft geen toegang tot deze pagina met uw rol. Vraag de beheerder als u die toegang nodig heeft."
BESTANDEN = {p.titel: p.bestand for p in PAGINAS}


def test_an_anonymous_visitor_sees_the_login_and_nothing_of_the_warehouse(kleine_aantallen, lokaal):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["WIMI"]
    assert not at.metric and not at.dataframe and not at.selectbox and not at.warning
    assert [t.label for t in at.text_input] == ["Naam", "Wachtwoord"]
    assert str(lokaal.data_dir) not in _tekst(at)
    # every page's URL leads to the login; no page title is given away
    assert {p["page_name"] for p in at._registered_pages.values()} == {"WIMI"}


def test_without_a_warehouse_the_anonymous_visitor_is_not_told_where_it_lives(data_dir, lokaal):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception and not at.code
    assert "warehouse" not in _tekst(at)


def test_logging_in_through_the_form_opens_the_role_s_pages(kleine_aantallen, lokaal):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="aanmelden_naam").input("manager")
    at.text_input(key="aanmelden_wachtwoord").input("fout-wachtwoord")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Aanmelden mislukt: onbekende naam of onjuist wachtwoord."]
    assert not at.metric
    at.text_input(key="aanmelden_wachtwoord").input(WACHTWOORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.metric
    assert "Aangemeld als **manager** (manager; alle gemeenten)" in _tekst(at)
    at.button(key="afmelden").click().run()
    assert not at.metric and [t.label for t in at.text_input] == ["Naam", "Wachtwoord"]


def test_a_session_times_out_after_inactivity(kleine_aantallen, lokaal, als):
    at = als(AppTest.from_file(APP, default_timeout=30), "manager").run()
    assert at.metric
    at.session_state["wimi_laatst_actief"] = time.time() - 31 * 60  # default: 30 minutes
    at.run()
    assert "Uw sessie is verlopen" in _tekst(at)
    assert not at.metric


@pytest.mark.parametrize("rol, paginas", [
    ("wethouder", ["Overzicht", "Vergelijken"]),
    ("manager", ["Overzicht", "Vergelijken", "Prognose & budget"]),
    ("accountant", ["Overzicht", "Vergelijken", "Prognose & budget", "Kwaliteit & verantwoording"]),
    ("beheerder", ["Overzicht", "Vergelijken", "Prognose & budget", "Kwaliteit & verantwoording", "Beheer"]),
])
def test_each_role_opens_its_pages_and_is_refused_the_others_by_url(kleine_aantallen, lokaal, als, rol, paginas):
    assert [p.titel for p in paginas_voor(rol)] == paginas  # the menu
    at = als(AppTest.from_file(APP, default_timeout=30), rol).run()
    for titel, bestand in BESTANDEN.items():
        # a deep link with the Herleiden parameters of an Overzicht card
        at.query_params.update(gemeente="GM1234", herleid_periode="2024Q3", herleid_indicator="bijstandsvolume")
        if titel in paginas:
            at.switch_page(bestand).run()
        else:  # registered as a refusal under the page's URL path: open that path as a browser would
            at._page_hash = next(h for h, info in at._registered_pages.items()
                                 if info.get("url_pathname") == Path(bestand).stem)
            at.run()
        fouten = [e.value for e in at.error]
        if titel in paginas:  # opened (this small warehouse lacks the marts of some: no figures asserted here)
            assert WEIGERING not in fouten and at.title[0].value == titel
        else:  # the refusal, never the data
            assert not at.exception, titel
            assert fouten == [WEIGERING], titel
            assert not at.dataframe and not at.metric and not at.selectbox


def _volume(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Bijstandsvolume")


def test_masking_and_herleiden_follow_the_role(kleine_aantallen, lokaal, als):
    wethouder = als(AppTest.from_file(APP, default_timeout=30), "wethouder").run()
    assert _volume(wethouder) == "<10"
    assert not wethouder.get("page_link")  # Herleiden would lead him to a refusal
    manager = als(AppTest.from_file(APP, default_timeout=30), "manager").run()
    assert _volume(manager) == "8"  # exact figures for the manager, on the same page
    assert not manager.get("page_link")
    accountant = als(AppTest.from_file(APP, default_timeout=30), "accountant").run()
    assert _volume(accountant) == "8"
    assert len(accountant.get("page_link")) == 1  # the caseload card links to its rows


def test_a_regional_user_sees_only_its_municipalities_even_when_the_url_names_another(kleine_aantallen, lokaal,
                                                                                      als):
    at = als(AppTest.from_file(APP, default_timeout=30), "manager", gemeenten=("GM5678",))
    at.query_params["gemeente"] = "GM1234"
    at.run()
    assert not at.exception
    assert at.selectbox(key="overzicht_gemeente").options == ["Appeldorp (GM5678)"]
    assert _volume(at) == "640"


def test_uit_is_refused_off_localhost_and_announced_on_it(kleine_aantallen, monkeypatch):
    monkeypatch.setenv("WIMI_AUTH", "uit")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert any("Zonder login (WIMI_AUTH=uit)" in w.value for w in at.warning)
    assert at.metric
    at = AppTest.from_file(APP, default_timeout=30)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("streamlit.get_option", lambda naam: "0.0.0.0" if naam == "server.address" else None)
        at.run()
    assert [e.value for e in at.error] == [
        "WIMI_AUTH=uit mag alleen op 127.0.0.1 draaien, niet op 0.0.0.0. Kies WIMI_AUTH=lokaal of oidc."]
    assert not at.metric


def test_a_bad_wimi_auth_is_a_dutch_message_not_a_page(kleine_aantallen, monkeypatch):
    monkeypatch.setenv("WIMI_AUTH", "misschien")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["WIMI_AUTH='misschien' is geen geldige waarde; kies oidc, lokaal of uit"]
    assert not at.metric


def test_beheer_shows_the_users_and_the_audit_log(kleine_aantallen, lokaal, als):
    audit.schrijf(lokaal.audit_path, audit.Record("accountant", "accountant", "rijen_bekeken", "GM1234",
                                                  "bijstandsvolume", "2024Q3", 8))
    at = als(AppTest.from_file(APP, default_timeout=30), "beheerder")
    at.switch_page("paginas/beheer.py").run()
    assert not at.exception
    tabellen = {tuple(d.value.columns): d.value for d in at.dataframe}
    users = tabellen[("Naam", "Rol", "Gemeenten")]
    assert users.values.tolist() == [["accountant", "accountant", "alle"], ["beheerder", "beheerder", "alle"],
                                     ["manager", "manager", "alle"], ["wethouder", "wethouder", "alle"]]
    log = next(t for kolommen, t in tabellen.items() if "Handeling" in kolommen)
    assert log[["Gebruiker", "Handeling", "Gemeente", "Wat", "Periode", "Rijen"]].values.tolist() == [
        ["accountant", "rijen bekeken", "GM1234", "bijstandsvolume", "2024Q3", 8]]
    assert len(at.get("download_button")) == 2  # the audit log itself, as CSV and Excel


def test_oidc_shows_an_anonymous_visitor_only_the_login_button(kleine_aantallen, monkeypatch):
    monkeypatch.setenv("WIMI_AUTH", "oidc")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Aanmelden"]
    assert "Meld u aan met uw account van de gemeente." in _tekst(at)
    assert not at.metric and not at.selectbox and not at.dataframe
    at.button[0].click().run()  # no [auth] in secrets.toml here
    assert not at.exception
    assert [e.value for e in at.error] == ["De aanmelding via de identity provider is niet ingesteld: zie [auth] in "
                                           ".streamlit/secrets.toml in de README."]


# --- data.py: the one place the scope is enforced -------------------------------------------------

@pytest.fixture
def als_gebruiker(monkeypatch):
    def zet(wie: Gebruiker | None) -> None:
        monkeypatch.setattr(auth, "gebruiker", lambda: wie)
    return zet


def test_data_refuses_every_query_without_a_login(kleine_aantallen, als_gebruiker):
    als_gebruiker(None)
    with pytest.raises(auth.GeenToegang, match="Niet aangemeld"):
        data.gemeenten()
    with pytest.raises(auth.GeenToegang):
        data.query("SELECT 1")


def test_data_keeps_a_scoped_user_inside_its_municipalities(kleine_aantallen, als_gebruiker):
    als_gebruiker(Gebruiker("regio", "accountant", ("GM5678",)))
    assert data.gemeenten()["gemeente_code"].tolist() == ["GM5678"]
    with pytest.raises(auth.GeenToegang, match="Gemeente GM1234 valt buiten uw bereik"):
        data.perioden("GM1234", "kwartaal", "extract")
    with pytest.raises(auth.GeenToegang, match="GM1234"):
        data.kpi(["GM5678", "GM1234"], ["bijstandsvolume"], "kwartaal", "extract")
    with pytest.raises(auth.GeenToegang):
        data.drill("GM1234", "2024Q3", "bijstandsvolume")
    # benchmark figures of other municipalities stay, their extract figures do not
    alle = data.kpi_een_bron("bijstandsvolume", "kwartaal", ["extract", "synthetic"])
    assert alle[["gemeente_code", "bron"]].values.tolist() == [["GM5678", "synthetic"]]
    assert data.kpi_export()()["gemeente_code"].tolist() == ["GM5678"]
    als_gebruiker(Gebruiker("landelijk", "accountant"))
    assert sorted(data.kpi_export()()["gemeente_code"]) == ["GM1234", "GM1234", "GM5678"]


def test_rows_need_a_role_that_may_open_them(kleine_aantallen, als_gebruiker):
    als_gebruiker(Gebruiker("m", "manager"))
    with pytest.raises(auth.GeenToegang, match="rijen achter een cijfer"):
        data.drill("GM1234", "2024Q3", "bijstandsvolume")
    with pytest.raises(auth.GeenToegang):
        data.quarantaine("abc", None)


def test_a_download_is_written_to_the_audit_log(kleine_aantallen, als_gebruiker):
    als_gebruiker(Gebruiker("anna", "accountant", ("GM1234",)))
    tabel = data.kpi(["GM1234"], ["bijstandsvolume"], "kwartaal", "extract")
    auth.download_vastlegger(tabel, "wimi_overzicht_GM1234")()
    log = audit.lees(get_settings().audit_path)
    assert log[["gebruiker", "rol", "handeling", "gemeente_code", "onderwerp", "periode", "aantal_rijen"]
               ].values.tolist() == [["anna", "accountant", "download", "GM1234", "wimi_overzicht_GM1234",
                                      "2024Q2 t/m 2024Q3", 2]]
