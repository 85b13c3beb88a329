"""No traceback ever reaches a user: an unforeseen error becomes a Dutch message with a reference.

The traceback goes to the server's log (stderr of `wimi serve`) under that reference, so the
administrator finds it; the user sees no file path, query or value. `.streamlit/config.toml` sets
`client.showErrorDetails = "none"` for whatever escapes this (a download's deferred data).
"""
from __future__ import annotations

import logging
import secrets
import sys
from contextlib import ContextDecorator

import duckdb
import streamlit as st

LOG = logging.getLogger("wimi.dashboard")
if not LOG.handlers:  # Streamlit configures its own loggers only; module code runs once per process
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)


def melding(exc: Exception, referentie: str) -> str:
    """The Dutch message for a user; a DuckDB error means the warehouse file cannot be read as expected."""
    if isinstance(exc, duckdb.Error):
        return ("Het warehouse kan niet worden gelezen: het bestand is beschadigd, onvolledig of door een andere "
                "versie gebouwd. Bouw het opnieuw met `wimi build`; het vorige blijft tot dan onleesbaar. "
                f"Meld bij de beheerder referentie {referentie}.")
    return ("Er ging iets mis bij het tonen van deze pagina. De beheerder vindt de details in het logboek onder "
            f"referentie {referentie}.")


class afgevangen(ContextDecorator):  # noqa: N801 - reads as Dutch prose: `with fouten.afgevangen():`
    """Around a script or fragment: an Exception is logged with a new reference and shown as `melding`.

    Streamlit's st.rerun, st.stop and st.switch_page raise BaseExceptions that pass through untouched.
    """

    def __enter__(self) -> afgevangen:
        return self

    def __exit__(self, kind, exc, traceback) -> bool:
        if not isinstance(exc, Exception):
            return False
        referentie = secrets.token_hex(4).upper()
        LOG.error("fout met referentie %s", referentie, exc_info=(kind, exc, traceback))
        st.error(melding(exc, referentie), icon=":material/error:")
        return True
