"""Beheer, for the administrator: every load, who may log in as what, and the audit log.

Users are managed on the command line (`wimi gebruiker ...`) or at the identity provider; this page
shows them, so the administrator sees who has which role and scope without opening files.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, components, data
from pipelines import gebruikers
from pipelines.settings import get_settings

HANDELINGEN = {"rijen_bekeken": "rijen bekeken", "quarantaine_bekeken": "quarantaine bekeken", "download": "download"}

st.title("Beheer")
settings = get_settings()
tab_laden, tab_gebruikers, tab_audit = st.tabs(["Laadhistorie", "Gebruikers", "Auditlog"])

with tab_laden:
    historie = data.alle_laadhistorie() if data.table_exists("marts.laadhistorie") else pd.DataFrame()
    if historie.empty:
        st.info("Er is nog geen levering geladen.")
    else:
        components.tabel(components.laadhistorie_weergave(historie), key="beheer_laadhistorie")

with tab_gebruikers:
    if settings.auth == "oidc":
        st.write(f"Aanmelden via de identity provider van de gemeente. Rollen en gemeenten komen uit de groepen "
                 f"in het token, vertaald in `{settings.roles_config_path}`:")
        config = gebruikers.lees_rollen_config(settings.roles_config_path)
        st.dataframe(pd.DataFrame({
            "Groep": list(config.get("rollen", {})),
            "Rol": list(config.get("rollen", {}).values()),
        }), hide_index=True, key="beheer_rollen")
        if config.get("gemeenten"):
            st.dataframe(pd.DataFrame({
                "Groep": list(config["gemeenten"]),
                "Gemeenten": [", ".join(codes) for codes in config["gemeenten"].values()],
            }), hide_index=True, key="beheer_groep_gemeenten")
    elif settings.auth == "lokaal":
        st.write("Lokale gebruikers; beheer ze met `wimi gebruiker toevoegen`, `verwijderen` en `lijst`.")
        st.dataframe(pd.DataFrame([{"Naam": g.naam, "Rol": g.rol,
                                    "Gemeenten": ", ".join(g.gemeenten) or "alle"}
                                   for g in gebruikers.lijst(settings.users_path)],
                                  columns=["Naam", "Rol", "Gemeenten"]), hide_index=True, key="beheer_gebruikers")
    else:
        st.warning("WIMI_AUTH=uit: er wordt niet aangemeld.")

with tab_audit:
    st.caption("Elke keer dat iemand rijen achter een cijfer of de quarantaine opent, en elke download "
               f"(bewaard in {settings.audit_path.name}, los van het warehouse: een nieuwe bouw wist niets).")
    log = auth.auditlog()
    if log.empty:
        st.info("Het auditlog is nog leeg.")
    else:
        # the time as text: to the second, which kolommen_nl's date format leaves out
        components.tabel(pd.DataFrame({
            "Tijdstip": log["tijdstip"].dt.strftime("%d-%m-%Y %H:%M:%S"),
            "Gebruiker": log["gebruiker"],
            "Rol": log["rol"],
            "Handeling": log["handeling"].map(HANDELINGEN),
            "Gemeente": log["gemeente_code"].fillna(""),
            "Wat": log["onderwerp"].fillna(""),
            "Periode": log["periode"].fillna(""),
            "Rijen": log["aantal_rijen"],
        }), key="beheer_audit")
        components.download_tabel(log, "wimi_auditlog", key="beheer_audit_download", cijfers=False)
