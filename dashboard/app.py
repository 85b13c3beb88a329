"""WIMI dashboard entry point: page config, (later) login gate, navigation, run.

PAGINAS is the one place that maps roles to pages. Until the login gate (settings.auth_enabled)
lands, everyone sees every page; the gate will pass the user's role to `paginas_voor`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import components, data, fouten

HIER = Path(__file__).parent
# a file of our own: a ":material/...:" page icon makes the browser fetch the favicon from Google's font host
FAVICON = HIER / "favicon.png"
WETHOUDER, MANAGER, ACCOUNTANT, BEHEERDER = "wethouder", "manager", "accountant", "beheerder"
ALLE_ROLLEN = frozenset({WETHOUDER, MANAGER, ACCOUNTANT, BEHEERDER})
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
    Pagina("paginas/kwaliteit.py", "Kwaliteit & verantwoording", ":material/fact_check:",
           frozenset({MANAGER, ACCOUNTANT, BEHEERDER})),
)


def paginas_voor(rol: str | None) -> list[Pagina]:
    """The pages a role may open; None (no login gate yet) opens all."""
    return [p for p in PAGINAS if rol is None or rol in p.rollen]


def geen_warehouse() -> None:
    st.title("WIMI")
    st.error(f"Er is nog geen warehouse ({data.warehouse_path()}). Maak het eerst aan met:")
    st.code(BOUW_COMMANDO, language="bash")


def main() -> None:
    st.set_page_config(page_title="WIMI", page_icon=str(FAVICON), layout="wide")
    if data.warehouse_version() is None:
        # through st.navigation too: without it Streamlit lists the files in a pages/ folder in the sidebar
        st.navigation([st.Page(geen_warehouse, title="WIMI")], position="hidden").run()
        return
    navigatie = st.navigation([
        st.Page(HIER / p.bestand, title=p.titel, icon=p.icoon, default=i == 0)
        for i, p in enumerate(paginas_voor(rol=None))
    ])
    if components.cbs_fictief():
        st.warning(FICTIEF, icon=":material/warning:")
    components.demo_banner()
    navigatie.run()


if __name__ == "__main__":  # streamlit runs this file as __main__; tests import PAGINAS
    with fouten.afgevangen():  # a Dutch message with a log reference, never a traceback
        main()
