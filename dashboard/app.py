"""WIMI dashboard entry point: page config, login gate, navigation, run.

The gate (auth.poort) comes before anything of the warehouse is read: an anonymous visitor sees the
login and nothing else, not even where the warehouse lives. PAGINAS is the one place that maps roles
to pages; a page the role may not open is still registered under its own URL, hidden, and shows a
refusal, so a deep link (with or without query parameters) never reaches its data.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.commands import navigation as streamlit_navigatie

from dashboard import auth, components, data, fouten
from pipelines.gebruikers import ACCOUNTANT, BEHEERDER, MANAGER, ROLLEN
from pipelines.settings import SettingsError

HIER = Path(__file__).parent
# a file of our own: a ":material/...:" page icon makes the browser fetch the favicon from Google's font host
FAVICON = HIER / "favicon.png"
STIJL = HIER / "stijl.css"  # shared styling of every page (print: no sidebar, cards whole, charts unsplit)
# Streamlit writes a table's numbers and dates in the browser's language (navigator.languages): Dutch for every
# user, also in a browser set to English (1.234,5 and € 1.234,56 while the values stay numbers and sort as
# numbers); the page's language is Dutch for screen readers and the browser's spelling and translation offers.
NEDERLANDS = """<script>
Object.defineProperty(navigator, "languages", {get: () => ["nl-NL", "nl"], configurable: true});
Object.defineProperty(navigator, "language", {get: () => "nl-NL", configurable: true});
document.documentElement.lang = "nl";
</script>"""
ALLE_ROLLEN = frozenset(ROLLEN)
BOUW_COMMANDO = "make run   # of: wimi demo && wimi load --demo && wimi build"
FICTIEF = ("Fictieve gemeenten: geen echte cijfers. Namen, grenzen en CBS-kenmerken zijn verzonnen "
           "(demo zonder CBS-gegevens).")


@dataclass(frozen=True)
class Pagina:
    bestand: str
    titel: str
    icoon: str
    rollen: frozenset[str]


PAGINAS = (
    Pagina("paginas/overzicht.py", "Overzicht", ":material/dashboard:", ALLE_ROLLEN),
    Pagina("paginas/vergelijken.py", "Vergelijken", ":material/compare_arrows:", ALLE_ROLLEN),
    # exact figures for those working inside the municipality: not the alderman's public view
    Pagina("paginas/prognose_budget.py", "Prognose & budget", ":material/trending_up:",
           frozenset({MANAGER, ACCOUNTANT, BEHEERDER})),
    # the rows behind the figures and the quarantine: personal data, for the accountant
    Pagina("paginas/kwaliteit.py", "Kwaliteit & verantwoording", ":material/fact_check:",
           frozenset({ACCOUNTANT, BEHEERDER})),
    Pagina("paginas/beheer.py", "Beheer", ":material/admin_panel_settings:", frozenset({BEHEERDER})),
)


def paginas_voor(rol: str) -> list[Pagina]:
    """The pages a role may open."""
    return [p for p in PAGINAS if rol in p.rollen]


def weigering(pagina: Pagina) -> st.Page:
    """A page the role may not open, under the page's own URL: a refusal instead of its figures."""
    def weiger() -> None:
        st.title(pagina.titel)
        st.error("U heeft geen toegang tot deze pagina met uw rol. Vraag de beheerder als u die toegang nodig heeft.",
                 icon=":material/block:")

    return st.Page(weiger, title=pagina.titel, url_path=Path(pagina.bestand).stem, visibility="hidden")


def geen_warehouse() -> None:
    st.title("WIMI")
    st.error(f"Er is nog geen warehouse ({data.warehouse_path()}). Maak het eerst aan met:")
    st.code(BOUW_COMMANDO, language="bash")


def naar(pagina: st.Page):
    """A hidden page that opens `pagina` with the URL's parameters: the first page is served at /, and a
    bookmark of its own name (/overzicht) would otherwise get Streamlit's English "Page not found"."""
    def ga() -> None:
        st.switch_page(pagina, query_params=st.query_params.to_dict())

    return ga


NIET_GEVONDEN = "pagina_niet_gevonden"
NIET_GEVONDEN_MELDING = "De pagina uit de link bestaat niet; u ziet de startpagina."


def pagina_niet_gevonden(ctx) -> None:
    """Streamlit answers a URL naming no page with an English dialog ("Page not found ... Running the app's
    main page") and st.navigation has no option for it: its one call is replaced, so the start page opens
    with NIET_GEVONDEN_MELDING above it instead."""
    st.session_state[NIET_GEVONDEN] = True


streamlit_navigatie.send_page_not_found = pagina_niet_gevonden


def navigeer(paginas: list[st.Page], **opties) -> st.Page:
    """st.navigation, saying in Dutch when the URL named a page that does not exist."""
    navigatie = st.navigation(paginas, **opties)
    if st.session_state.pop(NIET_GEVONDEN, False):
        st.warning(NIET_GEVONDEN_MELDING, icon=":material/link_off:")
    return navigatie


def leeg() -> None:
    """The only page before login: the gate has drawn the login form above it."""


def main() -> None:
    st.set_page_config(page_title="WIMI", page_icon=str(FAVICON), layout="wide")
    st.html(f"<style>{STIJL.read_text(encoding='utf-8')}</style>")
    st.html(NEDERLANDS, unsafe_allow_javascript=True)
    try:
        wie = auth.poort()
    except SettingsError as exc:
        st.error(str(exc))
        wie = None
    if wie is None:
        # through st.navigation too: without it Streamlit lists the files in a pages/ folder in the sidebar.
        # Every page's URL is the login too, so a deep link asks for it (no "page not found") and opens
        # after it, or is refused.
        navigeer([st.Page(leeg, title="WIMI", default=True)] + [
            st.Page(leeg, title="WIMI", url_path=Path(p.bestand).stem, visibility="hidden") for p in PAGINAS
        ], position="hidden").run()
        return
    auth.afmeldknop(wie)
    if data.warehouse_version() is None:
        navigeer([st.Page(geen_warehouse, title="WIMI")], position="hidden").run()
        return
    toegestaan = paginas_voor(wie.rol)
    # the default page is served at / but reserves a name of its own, which no one types ("start"); its
    # file's name (/overzicht) is a hidden page leading to it, so a bookmark of either opens it
    paginas = [st.Page(HIER / p.bestand, title=p.titel, icon=p.icoon, default=i == 0,
                       url_path="start" if i == 0 else None) for i, p in enumerate(toegestaan)]
    navigatie = navigeer(paginas + [weigering(p) for p in PAGINAS if p not in toegestaan] + [
        st.Page(naar(paginas[0]), title=toegestaan[0].titel, url_path=Path(toegestaan[0].bestand).stem,
                visibility="hidden")])
    st.set_page_config(page_title=f"{navigatie.title} · WIMI")  # the browser's tab and history name the page
    if components.cbs_fictief():
        st.warning(FICTIEF, icon=":material/warning:")
    components.demo_banner()
    navigatie.run()


if __name__ == "__main__":  # streamlit runs this file as __main__; tests import PAGINAS
    with fouten.afgevangen():  # a Dutch message with a log reference, never a traceback
        main()
