"""The audit log: who saw which rows or downloaded what, and when (sql/audit.sql).

Each record opens and closes its own connection, so the file is never held open by the dashboard and
two server processes can both write (a locked file is retried for a few seconds). A record that cannot
be written raises: the caller then shows no rows and serves no file.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.settings import SQL_DIR

HANDELINGEN = ("rijen_bekeken", "quarantaine_bekeken", "download")
_POGINGEN, _WACHT_S = 20, 0.1


class AuditFout(RuntimeError):
    pass


@dataclass(frozen=True)
class Record:
    gebruiker: str
    rol: str
    handeling: str
    gemeente_code: str | None = None
    onderwerp: str | None = None
    periode: str | None = None
    aantal_rijen: int | None = None


def _open(pad: Path) -> duckdb.DuckDBPyConnection:
    for poging in range(_POGINGEN):
        try:
            con = duckdb.connect(str(pad))
            break
        except duckdb.IOException:  # another process writes just now
            if poging == _POGINGEN - 1:
                raise
            time.sleep(_WACHT_S)
    con.execute((SQL_DIR / "audit.sql").read_text(encoding="utf-8"))
    return con


def schrijf(pad: Path, record: Record, tijdstip: datetime | None = None) -> None:
    if record.handeling not in HANDELINGEN:
        raise ValueError(f"onbekende handeling {record.handeling}")
    try:
        con = _open(pad)
    except duckdb.Error as exc:
        raise AuditFout(f"het auditlog ({pad.name}) kan niet worden bijgewerkt") from exc
    try:
        con.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [tijdstip or datetime.now(), record.gebruiker, record.rol, record.handeling,
                     record.gemeente_code, record.onderwerp, record.periode, record.aantal_rijen])
    finally:
        con.close()


def lees(pad: Path) -> pd.DataFrame:
    """Every record, newest first (empty, with the columns, before the first)."""
    con = _open(pad)
    try:
        return con.execute("SELECT * FROM audit ORDER BY tijdstip DESC").df()
    finally:
        con.close()
