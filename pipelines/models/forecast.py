"""Build step: caseload forecasts per municipality and NL, months and quarters (pipelines/forecast/engine.py).

Reads intermediate.forecast_invoer, limited by settings.forecast_scope (all, extract, none), and
writes the forecast paths with their calibrated intervals, the chosen model per series and the backtest
accuracy and interval coverage per step ahead (marts.forecast_dekking sums the coverage per series).
Fitting happens here, once per build; pages only read these tables.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.forecast.engine import ForecastResult, forecast_series
from pipelines.settings import Settings

PRODUCES = ["intermediate.forecast_volume", "marts.forecast_backtest", "marts.forecast_modellen"]
DEPENDS_ON = ["intermediate.forecast_invoer"]
KEYS = {"intermediate.forecast_volume": ("gemeente_code", "periode_soort", "periode"),
        "marts.forecast_backtest": ("gemeente_code", "periode_soort", "model", "stap"),
        "marts.forecast_modellen": ("gemeente_code", "periode_soort", "model")}

HORIZON = {"maand": 24, "kwartaal": 8}  # two years ahead
# ten years of history: an extract's early years hold only the benefits that survived to its first
# records, and older behaviour says little about the next two years
HISTORY = {"maand": 120, "kwartaal": 40}
SCOPES = ("all", "extract", "none")


def _series(con: duckdb.DuckDBPyConnection, scope: str) -> pd.DataFrame:
    if scope not in SCOPES:
        raise ValueError(f"WIMI_FORECAST_SCOPE '{scope}' onbekend; kies uit {', '.join(SCOPES)}")
    condition = {"all": "true", "none": "false",
                 "extract": "gemeente_code = 'NL' OR basis_bron = 'extract'"}[scope]
    return con.execute(f"""
        SELECT gemeente_code, periode_soort, periode_start, waarde, basis_bron
        FROM intermediate.forecast_invoer WHERE {condition}
        ORDER BY gemeente_code, periode_soort, periode_start""").df()


def _after_last_gap(frame: pd.DataFrame, soort: str) -> pd.DataFrame:
    """The run of consecutive periods at the end of each series: a gap would break every model."""
    months = frame["periode_start"].dt.year * 12 + frame["periode_start"].dt.month
    step = 1 if soort == "maand" else 3
    breaks = (months.groupby(frame["gemeente_code"]).diff() != step).groupby(frame["gemeente_code"]).cumsum()
    last_run = breaks.groupby(frame["gemeente_code"]).transform("max")
    return frame[breaks == last_run]


def _period_label(ds: pd.Series, soort: str) -> pd.Series:
    ds = pd.to_datetime(ds)
    if soort == "maand":
        return ds.dt.strftime("%Y-%m")
    return ds.dt.year.astype(str) + "Q" + ds.dt.quarter.astype(str)


def _empty_result() -> ForecastResult:
    return ForecastResult(
        forecast=pd.DataFrame(columns=["unique_id", "ds", "waarde", "p2_5", "p10", "p90", "p97_5", "model"]),
        backtest=pd.DataFrame(columns=["unique_id", "model", "stap", "mae", "vensters", "mase", "dekking_80",
                                       "dekking_95", "gekozen"]),
        chosen=pd.DataFrame(columns=["unique_id", "model", "vorm", "reden", "waarnemingen", "interval",
                                     "toets_van", "toets_tot"]))


def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    observed = _series(con, settings.forecast_scope)
    observed["periode_start"] = pd.to_datetime(observed["periode_start"])
    forecasts, backtests, chosen = [], [], []
    for soort, horizon in HORIZON.items():
        part = _after_last_gap(observed[observed["periode_soort"] == soort], soort)
        part = part.groupby("gemeente_code").tail(HISTORY[soort])
        series = part.rename(columns={"gemeente_code": "unique_id", "periode_start": "ds", "waarde": "y"})
        result = (forecast_series(series, soort, horizon, n_jobs=settings.duckdb_threads)
                  if len(series) else _empty_result())
        basis = part.groupby("gemeente_code")["basis_bron"].first()
        last_seen = part.groupby("gemeente_code")["periode_start"].max()
        forecast = result.forecast.assign(periode_soort=soort)
        forecast["periode"] = _period_label(forecast["ds"], soort)
        forecasts.append(forecast)
        backtests.append(result.backtest.assign(periode_soort=soort))
        chosen.append(result.chosen.assign(
            periode_soort=soort,
            basis_bron=result.chosen["unique_id"].map(basis),
            laatste_waarneming=_period_label(result.chosen["unique_id"].map(last_seen), soort),
            toets_van=_period_label(result.chosen["toets_van"], soort).where(result.chosen["toets_van"].notna()),
            toets_tot=_period_label(result.chosen["toets_tot"], soort).where(result.chosen["toets_tot"].notna())))

    con.register("forecast_frame", pd.concat(forecasts, ignore_index=True))
    con.register("backtest_frame", pd.concat(backtests, ignore_index=True))
    con.register("chosen_frame", pd.concat(chosen, ignore_index=True))
    # grain: one row per series (municipality or NL, maand or kwartaal) per forecast period
    con.execute("""CREATE OR REPLACE TABLE intermediate.forecast_volume AS
        SELECT CAST(unique_id AS VARCHAR) AS gemeente_code, CAST(periode_soort AS VARCHAR) AS periode_soort,
               CAST(periode AS VARCHAR) AS periode, CAST(ds AS DATE) AS periode_start,
               CAST(waarde AS DOUBLE) AS waarde, CAST(p2_5 AS DOUBLE) AS p2_5, CAST(p10 AS DOUBLE) AS p10,
               CAST(p90 AS DOUBLE) AS p90, CAST(p97_5 AS DOUBLE) AS p97_5, CAST(model AS VARCHAR) AS model
        FROM forecast_frame ORDER BY gemeente_code, periode_soort, periode_start""")
    # grain: one row per series, candidate model and step ahead (1 = the first period after the cut);
    # dekking_80/_95 (chosen model only): share of the cuts whose held-out value fell inside the 80%/95%
    # interval the series publishes (forecast_modellen.interval), made at the cut from the data before it
    con.execute("""CREATE OR REPLACE TABLE marts.forecast_backtest AS
        SELECT CAST(unique_id AS VARCHAR) AS gemeente_code, CAST(periode_soort AS VARCHAR) AS periode_soort,
               CAST(model AS VARCHAR) AS model, CAST(stap AS INTEGER) AS stap, CAST(mae AS DOUBLE) AS mae,
               CAST(mase AS DOUBLE) AS mase, CAST(vensters AS INTEGER) AS vensters,
               CAST(dekking_80 AS DOUBLE) AS dekking_80, CAST(dekking_95 AS DOUBLE) AS dekking_95,
               CAST(gekozen AS BOOLEAN) AS gekozen
        FROM backtest_frame ORDER BY gemeente_code, periode_soort, model, stap""")
    # grain: one row per series: the model that forecasts it and why; interval: conformal (calibrated on the
    # model's own errors over the last two horizons) or model (too short: the model's own intervals);
    # toets_van/toets_tot: the first and last held-out period of the backtest (NULL without one);
    # ets_vorm: the ETS form (statsforecast components, 'AAAD' = A,Ad,A) a calibrated AutoETS keeps
    con.execute("""CREATE OR REPLACE TABLE marts.forecast_modellen AS
        SELECT CAST(unique_id AS VARCHAR) AS gemeente_code, CAST(periode_soort AS VARCHAR) AS periode_soort,
               CAST(model AS VARCHAR) AS model, CAST(nullif(vorm, '') AS VARCHAR) AS ets_vorm,
               CAST(reden AS VARCHAR) AS reden,
               CAST(waarnemingen AS INTEGER) AS waarnemingen, CAST(basis_bron AS VARCHAR) AS basis_bron,
               CAST(laatste_waarneming AS VARCHAR) AS laatste_waarneming, CAST(interval AS VARCHAR) AS interval,
               CAST(toets_van AS VARCHAR) AS toets_van, CAST(toets_tot AS VARCHAR) AS toets_tot
        FROM chosen_frame ORDER BY gemeente_code, periode_soort""")
    for frame in ("forecast_frame", "backtest_frame", "chosen_frame"):
        con.unregister(frame)
