"""The login gate and the logged-in user: WIMI_AUTH = oidc (st.login), lokaal (users file) or uit.

`poort()` runs first in app.py: nothing of the warehouse is read before it returns a user. Pages and
data.py ask `gebruiker()`; it is None when nobody is logged in, so data.py refuses every query then.
A test runs as a role by putting a Gebruiker in st.session_state[SESSIE_GEBRUIKER] (lokaal or uit).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAuthError

from pipelines import audit, gebruikers
from pipelines.gebruikers import Gebruiker, GebruikerFout
from pipelines.settings import LOKALE_ADRESSEN, get_settings

SESSIE_GEBRUIKER = "wimi_gebruiker"
_LAATST_ACTIEF = "wimi_laatst_actief"
_GEZIEN = "wimi_gezien"
# `uit`: no login, every page (tests and a demo on this machine)
ZONDER_LOGIN = Gebruiker("zonder login", gebruikers.BEHEERDER)


class GeenToegang(PermissionError):
    """A query or page the logged-in user may not see (the message is Dutch)."""


@st.cache_resource(show_spinner=False)
def _oidc_activiteit() -> dict[str, float]:
    """Last activity per OIDC user across sessions: the login cookie outlives a browser tab."""
    return {}


@st.cache_data(ttl=60, show_spinner=False)
def _rollen_config(pad: str) -> dict:
    from pathlib import Path

    return gebruikers.lees_rollen_config(Path(pad))


def _oidc_claims() -> dict | None:
    return st.user.to_dict() if st.user.get("is_logged_in", False) else None


def gebruiker() -> Gebruiker | None:
    """The user of this session, None when nobody is logged in (or the role mapping gives no role)."""
    modus = get_settings().auth
    if modus == "oidc":
        claims = _oidc_claims()
        return None if claims is None else gebruikers.oidc_gebruiker(
            claims, _rollen_config(str(get_settings().roles_config_path)))
    gezet = st.session_state.get(SESSIE_GEBRUIKER)
    if isinstance(gezet, Gebruiker):
        return gezet
    return ZONDER_LOGIN if modus == "uit" else None


def afschermen() -> bool:
    """Whether counts below 10 are masked for this user (data-contract §4): all but the roles with exact figures."""
    wie = gebruiker()
    return wie is None or not wie.exacte_cijfers


def mag_rijen() -> bool:
    wie = gebruiker()
    return wie is not None and wie.mag_rijen


def eis_rijen() -> Gebruiker:
    wie = gebruiker()
    if wie is None or not wie.mag_rijen:
        raise GeenToegang("Uw rol mag de rijen achter een cijfer niet openen.")
    return wie


# --- the gate -----------------------------------------------------------------------------------

def poort() -> Gebruiker | None:
    """Run the login gate: the user when logged in, else None after drawing the login (and nothing else)."""
    settings = get_settings()
    if settings.auth == "uit":
        adres = st.get_option("server.address") or "127.0.0.1"
        if adres not in LOKALE_ADRESSEN:
            st.error(f"WIMI_AUTH=uit mag alleen op 127.0.0.1 draaien, niet op {adres}. Kies WIMI_AUTH=lokaal of oidc.")
            return None
        st.warning("Zonder login (WIMI_AUTH=uit): alleen voor tests en een demo op deze computer. "
                   "Iedereen die deze pagina opent ziet alles.", icon=":material/lock_open:")
        return gebruiker()
    if _verlopen(settings.session_timeout_minutes):
        _afmelden(settings.auth)
        st.info("Uw sessie is verlopen na een tijd zonder activiteit. Meld u opnieuw aan.")
    wie = gebruiker()
    if wie is not None:
        _actief()
        return wie
    st.title("WIMI")
    if settings.auth == "oidc":
        _oidc_aanmelden()
    else:
        _lokaal_aanmelden()
    return None


def _verlopen(minuten: int) -> bool:
    grens = time.time() - minuten * 60
    if get_settings().auth == "oidc":
        claims = _oidc_claims()
        if claims is None:
            return False
        # a fresh login counts as activity; the ID token's iat says when it happened (a provider that
        # leaves it out: the first run of a session counts as the login)
        gezien = _oidc_activiteit().get(str(claims.get("sub")))
        iat = claims.get("iat")
        if gezien is None and iat is None:
            return False
        return max(gezien or 0.0, float(iat or 0)) < grens
    laatst = st.session_state.get(_LAATST_ACTIEF)
    return SESSIE_GEBRUIKER in st.session_state and laatst is not None and laatst < grens


def _actief() -> None:
    st.session_state[_LAATST_ACTIEF] = time.time()
    claims = _oidc_claims() if get_settings().auth == "oidc" else None
    if claims is not None:
        _oidc_activiteit()[str(claims.get("sub"))] = time.time()


def _afmelden(modus: str) -> None:
    for sleutel in (SESSIE_GEBRUIKER, _LAATST_ACTIEF, _GEZIEN):
        st.session_state.pop(sleutel, None)
    if modus == "oidc" and st.user.get("is_logged_in", False):
        _oidc_activiteit().pop(str(st.user.get("sub")), None)
        st.logout()


def afmeldknop(wie: Gebruiker) -> None:
    """Who is logged in, as what, and the logout button (in the sidebar)."""
    with st.sidebar:
        bereik = ", ".join(wie.gemeenten) if wie.gemeenten else "alle gemeenten"
        st.caption(f"Aangemeld als **{wie.naam}** ({wie.rol}; {bereik})")
        if get_settings().auth != "uit" and st.button("Afmelden", icon=":material/logout:", key="afmelden"):
            _afmelden(get_settings().auth)
            if get_settings().auth == "lokaal":  # st.logout sends the browser on itself; a rerun would drop that
                st.rerun()


def _oidc_aanmelden() -> None:
    if st.user.get("is_logged_in", False):  # logged in at the identity provider, but no group gives a WIMI role
        st.error(f"U bent aangemeld als {st.user.get('email') or st.user.get('sub')}, maar heeft geen rol in "
                 "WIMI. Vraag de beheerder u toe te voegen aan een WIMI-groep.")
        if st.button("Afmelden", key="afmelden_zonder_rol"):
            _afmelden("oidc")
        return
    st.write("Meld u aan met uw account van de gemeente.")
    if st.button("Aanmelden", type="primary", key="oidc_aanmelden"):
        try:
            st.login()
        except StreamlitAuthError:
            st.error("De aanmelding via de identity provider is niet ingesteld: zie [auth] in "
                     ".streamlit/secrets.toml in de README.")


def _lokaal_aanmelden() -> None:
    settings = get_settings()
    if not settings.users_path.exists():
        st.error("Er zijn nog geen gebruikers. Maak er een aan met "
                 "`wimi gebruiker toevoegen NAAM --rol beheerder`.")
        return
    with st.form("aanmelden"):
        naam = st.text_input("Naam", key="aanmelden_naam")
        wachtwoord = st.text_input("Wachtwoord", type="password", key="aanmelden_wachtwoord")
        verstuurd = st.form_submit_button("Aanmelden", type="primary")
    if verstuurd:
        try:
            wie = gebruikers.aanmelden(settings.users_path, settings.login_attempts_path, naam.strip(), wachtwoord)
        except GebruikerFout as exc:
            st.error(f"Aanmelden mislukt: {exc}.")
            return
        st.session_state[SESSIE_GEBRUIKER] = wie
        st.session_state[_LAATST_ACTIEF] = time.time()
        st.rerun()


# --- audit --------------------------------------------------------------------------------------

def vastleggen(handeling: str, eenmalig: bool = False, **wat) -> None:
    """Record a view of rows or a download by the logged-in user; eenmalig: once per session and subject
    (a rerun of the same page is not a new view). Raises when the log cannot be written."""
    wie = gebruiker()
    if wie is None:
        raise GeenToegang("Niet aangemeld.")
    record = audit.Record(wie.naam, wie.rol, handeling, **wat)
    if eenmalig:
        gezien = st.session_state.setdefault(_GEZIEN, set())
        if record in gezien:
            return
        audit.schrijf(get_settings().audit_path, record)
        gezien.add(record)
        return
    audit.schrijf(get_settings().audit_path, record)


def download_vastlegger(tabel: pd.DataFrame | None, bestandsnaam: str) -> Callable[[int | None], None]:
    """A function that records the download of this table (or of a file of `aantal_rijen` rows made
    later) when called; it holds the user and file now, since Streamlit makes a deferred download
    outside the page's run."""
    wie, pad = gebruiker(), get_settings().audit_path
    if wie is None:
        raise GeenToegang("Niet aangemeld.")
    if tabel is None:  # a whole table: the user's every municipality
        tabel, gemeente = pd.DataFrame(), ",".join(wie.gemeenten) or "alle"
    else:
        codes = sorted(tabel["gemeente_code"].dropna().astype(str).unique()) if "gemeente_code" in tabel else []
        gemeente = ",".join(codes) or st.session_state.get("filter_gemeente")
    perioden = sorted(tabel["periode"].dropna().astype(str).unique()) if "periode" in tabel else []
    periode = (perioden[0] if len(perioden) == 1 else f"{perioden[0]} t/m {perioden[-1]}") if perioden else None

    def vastleggen(aantal_rijen: int | None = None) -> None:
        audit.schrijf(pad, audit.Record(wie.naam, wie.rol, "download", gemeente, bestandsnaam, periode,
                                        len(tabel) if aantal_rijen is None else aantal_rijen), datetime.now())

    return vastleggen


def auditlog() -> pd.DataFrame:
    return audit.lees(get_settings().audit_path)
