"""Quarantined rows hold personal data: kept for settings.quarantine_retention_days (default 90),
purged on the next load after that, and gone from the warehouse after the next build."""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.build import build
from pipelines.load.delivery import load_delivery, open_landing, purge_quarantine
from pipelines.settings import get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"
LOADED = datetime(2025, 1, 1, 9, 0)


@pytest.fixture
def broken_delivery(tmp_path: Path) -> Path:
    """extract_mini with one benefit whose regeling breaks the contract (quarantined)."""
    folder = tmp_path / "levering"
    shutil.copytree(EXTRACT_MINI, folder)
    with (folder / "uitkeringen.csv").open("a", encoding="utf-8") as f:
        f.write("U99,C99,GM0289,XYZ,alleenstaand,1990,2023-01-10,,\n")
    return folder


def quarantined(settings) -> int:
    con = duckdb.connect(str(settings.landing_path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM quarantaine").fetchone()[0]
    finally:
        con.close()


def test_default_retention_is_90_days(data_dir, monkeypatch):
    monkeypatch.delenv("WIMI_QUARANTINE_DAYS", raising=False)
    assert get_settings().quarantine_retention_days == 90


@pytest.mark.parametrize("today, kept", [
    (date(2025, 3, 31), 1),  # 89 days after loading
    (date(2025, 4, 1), 1),   # 90 days: still inside the retention period
    (date(2025, 4, 2), 0),   # 91 days: purged
])
def test_purge_keeps_rows_for_the_retention_period(data_dir, broken_delivery, today, kept):
    settings = get_settings()
    load_delivery(broken_delivery, settings, now=LOADED)
    assert quarantined(settings) == 1
    con = open_landing(settings)
    try:
        purge_quarantine(con, settings, today)
    finally:
        con.close()
    assert quarantined(settings) == kept


def test_the_next_load_after_the_period_purges_and_the_build_follows(data_dir, broken_delivery, monkeypatch):
    monkeypatch.setenv("WIMI_QUARANTINE_DAYS", "30")
    settings = get_settings()
    load_delivery(broken_delivery, settings, now=LOADED)
    assert quarantined(settings) == 1
    # the same delivery again, 31 days later: nothing else changes, but the old quarantine goes
    report = load_delivery(broken_delivery, settings, now=datetime(2025, 2, 1, 9, 0))
    assert (report.status, report.quarantaine_opgeschoond) == ("ongewijzigd", 1)
    build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM marts.quarantaine").fetchone()[0] == 0
        # the load history still says what was quarantined, without the personal data
        assert con.execute("SELECT rijen_quarantaine FROM marts.laadrapport "
                           "WHERE bestand = 'uitkeringen.csv'").fetchone()[0] == 1
    finally:
        con.close()
