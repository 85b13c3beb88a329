"""The build's forecast step: which series it fits (scope), the run after a gap, the period labels."""
from __future__ import annotations

from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.models import forecast
from pipelines.settings import SQL_DIR, get_settings


def _input(con: duckdb.DuckDBPyConnection) -> None:
    months = pd.date_range("2020-01-01", "2025-12-01", freq="MS")
    rows = []
    for code, bron, level in (("GM0001", "extract", 1000), ("GM0002", "synthetic", 500), ("NL", "synthetic", 400000)):
        values = level + 5 * np.arange(len(months)) + 20 * np.sin(2 * np.pi * np.arange(len(months)) / 12)
        rows += [(code, "maand", m.date(), v, bron) for m, v in zip(months, values, strict=True)]
    # GM0003 misses March 2023: only the 33 months from April 2023 on are a regular series
    rows += [("GM0003", "maand", m.date(), 100.0 + i, "synthetic")
             for i, m in enumerate(months) if m != pd.Timestamp("2023-03-01")]
    quarters = pd.date_range("2020-01-01", "2025-10-01", freq="QS")
    rows += [("GM0001", "kwartaal", q.date(), 1000 + 15 * i, "extract") for i, q in enumerate(quarters)]
    frame = pd.DataFrame(rows, columns=["gemeente_code", "periode_soort", "periode_start", "waarde", "basis_bron"])
    con.execute("CREATE SCHEMA intermediate")
    con.execute("CREATE SCHEMA marts")
    con.register("invoer", frame)
    con.execute("CREATE TABLE intermediate.forecast_invoer AS SELECT * FROM invoer")


@pytest.mark.parametrize(("scope", "expected"), [
    ("extract", {"GM0001", "NL"}),
    ("all", {"GM0001", "GM0002", "GM0003", "NL"}),
    ("none", set()),
])
def test_scope_decides_which_series_are_fitted(data_dir, scope, expected) -> None:
    con = duckdb.connect()
    _input(con)
    forecast.run(con, replace(get_settings(), forecast_scope=scope, duckdb_threads=1))
    fitted = {row[0] for row in
              con.execute("SELECT DISTINCT gemeente_code FROM intermediate.forecast_volume").fetchall()}
    assert fitted == expected


def test_periods_follow_the_last_observation_and_gaps_cut_the_history(data_dir) -> None:
    con = duckdb.connect()
    _input(con)
    forecast.run(con, replace(get_settings(), forecast_scope="all", duckdb_threads=1))
    volume = con.execute("SELECT * FROM intermediate.forecast_volume").df()
    months = volume[(volume["gemeente_code"] == "GM0001") & (volume["periode_soort"] == "maand")]["periode"].tolist()
    assert len(months) == 24 and months[0] == "2026-01" and months[-1] == "2027-12"
    gm0001 = volume[volume["gemeente_code"] == "GM0001"]
    quarters = gm0001.loc[gm0001["periode_soort"] == "kwartaal", "periode"].tolist()
    assert quarters == ["2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    models = con.execute("SELECT * FROM marts.forecast_modellen").df().set_index(["gemeente_code", "periode_soort"])
    # April 2023 to December 2025: 33 months, too short for a 24-month backtest with two seasons before it
    assert models.loc[("GM0003", "maand"), "waarnemingen"] == 33
    assert models.loc[("GM0003", "maand"), "reden"] == "korte reeks"
    assert models.loc[("GM0001", "maand"), "laatste_waarneming"] == "2025-12"
    assert models.loc[("GM0001", "maand"), "basis_bron"] == "extract"
    backtest = con.execute("SELECT * FROM marts.forecast_backtest WHERE gemeente_code = 'GM0001' "
                           "AND periode_soort = 'maand' AND gekozen").df()
    assert backtest["stap"].tolist() == list(range(1, 25))


def test_coverage_per_series_is_stored_with_its_periods(data_dir) -> None:
    con = duckdb.connect()
    _input(con)
    forecast.run(con, replace(get_settings(), forecast_scope="extract", duckdb_threads=1))
    con.execute("CREATE TABLE marts.forecast_dekking AS "
                + (SQL_DIR / "marts" / "forecast_dekking.sql").read_text(encoding="utf-8"))
    dekking = con.execute("SELECT * FROM marts.forecast_dekking").df().set_index(["gemeente_code", "periode_soort"])
    steps = con.execute("SELECT gemeente_code, periode_soort, dekking_80, dekking_95, vensters FROM "
                        "marts.forecast_backtest WHERE gekozen").df()
    # every backtested series, with the share of all its held-out values inside each band
    assert set(dekking.index) == {("GM0001", "maand"), ("GM0001", "kwartaal"), ("NL", "maand")}
    for (code, soort), row in dekking.iterrows():
        own = steps[(steps["gemeente_code"] == code) & (steps["periode_soort"] == soort)]
        assert row["dekking_80"] == pytest.approx(own["dekking_80"].mean())
        assert row["dekking_95"] == pytest.approx(own["dekking_95"].mean())
        assert row["waarden_getoetst"] == own["vensters"].sum()
    # 72 months 2020-2025: three cuts, the first after month 36, so the held-out values run 2023-01 to
    # 2025-12, 24 steps at each cut; too short for conformal calibration (72 - 12 - 24 - 48 < 25)
    maand = dekking.loc[("GM0001", "maand")]
    assert (maand["toets_van"], maand["toets_tot"]) == ("2023-01", "2025-12")
    assert (maand["stappen"], maand["vensters"]) == (24, 3)
    assert maand["interval"] == "model" and maand["basis_bron"] == "extract"
    # 24 quarters: the first cut after quarter 24 - 2 * 2 - 8 = 12, so 2023Q1 to 2025Q4
    assert (dekking.loc[("GM0001", "kwartaal"), "toets_van"], dekking.loc[("GM0001", "kwartaal"), "toets_tot"]) == (
        "2023Q1", "2025Q4")
