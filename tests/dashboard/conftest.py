"""A small warehouse written by the test itself, so the figures on screen can be asserted exactly.

The `warehouse` fixture: `warehouse.row(...)` makes a marts.kpi row (periode_soort and periode_einde
derived from the period); `warehouse.write(rows, ...)` creates marts.kpi (the architecture's columns),
marts.indicatoren, marts.build_info (with the demo deliveries' municipalities) and marts.gemeenten in the
test's data folder, with the build's macros.

Every dashboard test runs with WIMI_AUTH=uit (no login: all pages, as beheerder) unless it sets another
mode; the fixture `als(at, rol)` runs an AppTest as a logged-in user of a role, the one way to do so.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.build import create_schemas_and_macros, discover_models, statement
from pipelines.gebruikers import Gebruiker
from pipelines.settings import get_settings

INDICATOREN = pd.DataFrame([
    # id, label, eenheid, formule, hoger_is_beter
    ("bijstandsvolume", "Bijstandsvolume", "aantal", "uitkeringen in de stand aan het eind van de periode", False),
    ("instroom", "Instroom", "aantal", "uitkeringen met startdatum in de periode", False),
    ("uitstroom_naar_werk", "Uitstroom naar werk", "aantal", "uitstroom met reden werk of eigen bedrijf", True),
    ("uitstroomkans_werk", "Uitstroomkans naar werk", "percentage",
     "uitstroom naar werk / gemiddelde stand begin en eind", True),
], columns=["id", "label", "eenheid", "formule", "hoger_is_beter"])


PEER_MACROS = ("marts.kpi_een_bron", "marts.peer_vergelijking")  # in the order they call each other


def periode_einde(periode: str) -> date:
    year = int(periode[:4])
    if "Q" in periode:
        month = int(periode[-1]) * 3
    elif "-" in periode:
        month = int(periode[5:7])
    else:
        month = 12
    return date(year, month, calendar.monthrange(year, month)[1])


def periode_soort(periode: str) -> str:
    return "kwartaal" if "Q" in periode else "maand" if "-" in periode else "jaar"


def kpi_row(gemeente_code: str, periode: str, indicator: str, waarde: float | None, bron: str = "extract",
            teller: float | None = None, noemer: float | None = None, volledig: bool = True,
            uitsplitsing: str = "") -> dict:
    return dict(gemeente_code=gemeente_code, periode=periode, indicator=indicator, uitsplitsing=uitsplitsing,
                teller=teller, noemer=noemer, waarde=waarde, bron=bron, volledig=volledig,
                periode_soort=periode_soort(periode), periode_einde=periode_einde(periode))


def write(rows: list[dict], cbs_bron: str = "snapshot", gemeenten: dict[str, str] | None = None,
           indicatoren: pd.DataFrame = INDICATOREN, demo_gemeenten: list[str] | None = None) -> Path:
    path = get_settings().warehouse_path
    kpi = pd.DataFrame(rows).astype({"teller": "float64", "noemer": "float64", "waarde": "float64"})
    con = duckdb.connect(str(path))
    try:
        create_schemas_and_macros(con)
        con.register("kpi_rows", kpi)
        con.execute("""CREATE TABLE marts.kpi AS SELECT gemeente_code, periode, indicator, uitsplitsing,
                       teller::DOUBLE AS teller, noemer::DOUBLE AS noemer, waarde::DOUBLE AS waarde, bron,
                       volledig, periode_soort, periode_einde::DATE AS periode_einde FROM kpi_rows""")
        con.register("indicator_rows", indicatoren)
        con.execute("CREATE TABLE marts.indicatoren AS SELECT * FROM indicator_rows")
        # as the build does: the pages' peer comparison, table macros over marts.kpi and marts.indicatoren
        modellen = {model.name: model for model in discover_models(python_models=False)}
        for naam in PEER_MACROS:
            con.execute(statement(modellen[naam], {}))
        con.execute("CREATE TABLE marts.build_info AS SELECT ? AS gebouwd_op, ? AS cbs_bron, ? AS cbs_map, "
                    "1.0 AS duur_s, ?::VARCHAR[] AS demo_gemeenten",
                    [datetime(2024, 11, 20, 9, 0), cbs_bron, "/cbs", demo_gemeenten or []])
        if gemeenten is not None:
            con.execute("CREATE TABLE marts.gemeenten (gemeente_code VARCHAR, gemeentenaam VARCHAR)")
            con.executemany("INSERT INTO marts.gemeenten VALUES (?, ?)", list(gemeenten.items()))
    finally:
        con.close()
    return path


class _Warehouse:
    row = staticmethod(kpi_row)
    write = staticmethod(write)


@pytest.fixture
def warehouse(data_dir: Path) -> _Warehouse:
    """Row maker and writer for the test's own warehouse (in the data_dir of this test)."""
    return _Warehouse()


@pytest.fixture(autouse=True)
def zonder_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIMI_AUTH", "uit")


def _als(at, rol: str, gemeenten: tuple[str, ...] = (), naam: str | None = None):
    from dashboard.auth import SESSIE_GEBRUIKER

    at.session_state[SESSIE_GEBRUIKER] = Gebruiker(naam or f"test-{rol}", rol, tuple(gemeenten))
    return at


@pytest.fixture
def als():
    """als(at, rol, gemeenten=()): the AppTest `at` as logged in with this role and scope (the session the
    login form leaves behind)."""
    return _als
