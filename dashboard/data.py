"""The only module of the dashboard that touches DuckDB.

One read-only connection per warehouse file version: `wimi build` renames a new file over the old
one, its modification time changes, and the next query opens the new file (the old connection is
closed when the cache releases it). Every query uses its own cursor, because Streamlit serves
sessions from several threads. Results are cached per (warehouse, version, sql, parameters), so a
rebuild shows new figures without a restart.

Other pages' marts: add a small function here, or call `query(sql, params)`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import duckdb
import pandas as pd
import streamlit as st

from pipelines.build import connect
from pipelines.settings import get_settings


def warehouse_path() -> Path:
    return get_settings().warehouse_path


def warehouse_version() -> int | None:
    """The warehouse file's modification time in ns, or None when there is no warehouse yet."""
    try:
        return warehouse_path().stat().st_mtime_ns
    except FileNotFoundError:
        return None


@st.cache_resource(max_entries=4, show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    return connect(Path(path), get_settings(), read_only=True)


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(path: str, version: int, sql: str, params: tuple) -> pd.DataFrame:
    cursor = _connection(path, version).cursor()
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def query(sql: str, params: Sequence = ()) -> pd.DataFrame:
    """Run one SELECT on the current warehouse. Raises FileNotFoundError when there is none."""
    version = warehouse_version()
    if version is None:
        raise FileNotFoundError(f"geen warehouse in {warehouse_path()}")
    return _cached_query(str(warehouse_path()), version, sql, tuple(params))


def table_exists(qualified_name: str) -> bool:
    schema, table = qualified_name.split(".")
    found = query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                  [schema, table])
    return bool(found.loc[0, "n"])


def build_info() -> dict:
    """marts.build_info as a dict (gebouwd_op, cbs_bron, cbs_map, ...); empty when absent."""
    if not table_exists("marts.build_info"):
        return {}
    rows = query("SELECT * FROM marts.build_info")
    return rows.iloc[0].to_dict() if len(rows) else {}


def indicatoren() -> pd.DataFrame:
    """marts.indicatoren: id, label, eenheid, formule, ..., indexed by id."""
    return query("SELECT * FROM marts.indicatoren ORDER BY id").set_index("id", drop=False)


def gemeenten() -> pd.DataFrame:
    """Every municipality with figures: gemeente_code, gemeentenaam, heeft_extract, ordered by name.

    Names come from marts.gemeenten when the CBS models have built it; otherwise the code stands in.
    """
    names = "g.gemeentenaam" if table_exists("marts.gemeenten") else "NULL"
    join = "LEFT JOIN marts.gemeenten AS g USING (gemeente_code)" if names != "NULL" else ""
    return query(f"""
        SELECT k.gemeente_code,
               coalesce({names}, k.gemeente_code) AS gemeentenaam,
               bool_or(k.bron = 'extract') AS heeft_extract
        FROM marts.kpi AS k {join}
        WHERE k.gemeente_code <> 'NL' AND k.bron IN ('extract', 'synthetic')
        GROUP BY ALL
        ORDER BY gemeentenaam, gemeente_code
    """)


def perioden(gemeente_code: str, periode_soort: str, bron: str) -> pd.DataFrame:
    """Periods with figures for a municipality and source: periode, periode_einde, volledig (oldest first)."""
    return query("""
        SELECT periode, max(periode_einde) AS periode_einde, bool_and(volledig) AS volledig
        FROM marts.kpi
        WHERE gemeente_code = ? AND periode_soort = ? AND bron = ?
        GROUP BY periode
        ORDER BY periode_einde
    """, [gemeente_code, periode_soort, bron])


def kpi(gemeente_codes: Sequence[str], indicatoren_ids: Sequence[str], periode_soort: str, bron: str,
        uitsplitsing: str = "") -> pd.DataFrame:
    """KPI rows (all marts.kpi columns) for municipalities and indicators, oldest period first."""
    return query("""
        SELECT *
        FROM marts.kpi
        WHERE list_contains(?, gemeente_code) AND list_contains(?, indicator)
          AND periode_soort = ? AND bron = ? AND uitsplitsing = ?
        ORDER BY gemeente_code, indicator, periode_einde
    """, [list(gemeente_codes), list(indicatoren_ids), periode_soort, bron, uitsplitsing])
