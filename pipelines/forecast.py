"""Statistical forecasts of any set of series: the model per series chosen by a rolling-origin backtest.

Candidates are AutoETS, Theta and the seasonal naive baseline (statsforecast). Each series is cut at
a few origins; every candidate forecasts the next periods from each cut; the candidate with the
smallest mean absolute error over all cuts and steps forecasts the series, with 80% and 95%
intervals. Models are fitted once at the first cut and re-applied to the later cuts with the same
parameters (statsforecast refit=False): a full refit per cut triples the time of the build's
forecast step, which must stay under a minute for every municipality. Accuracy is kept per step ahead as MASE: the error divided by the in-sample error of
the one-season-back forecast, so 1.0 means "as good as repeating last year in sample".

A series too short for a backtest gets AutoETS without season (it needs no full seasons), or below
ten values the last value carried forward with random-walk intervals, and no accuracy figures. AutoARIMA is left out: it is about ten times slower and rarely better here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, Naive, SeasonalNaive, Theta

LEVELS = (80, 95)
BACKTEST_WINDOWS = 3
BASELINE = "SeasonalNaive"
SHORT_SERIES_MODEL = "AutoETS_zonder_seizoen"
TINY_SERIES_MODEL = "Naive"
MIN_OBSERVATIONS = 4  # fewer than this gives no meaningful level or trend
MIN_FOR_ETS = 10      # statsforecast's ETS cannot estimate its parameters on fewer values
PARALLEL_FROM = 50    # series count from which fitting runs in several processes
ETS_SEARCH = "AZZ"    # additive error; trend and season chosen by AICc


@dataclass(frozen=True)
class Frequency:
    soort: str  # maand, kwartaal, jaar
    pandas_freq: str
    season_length: int
    max_backtest_horizon: int  # steps scored in the backtest: two years

    @property
    def backtest_step(self) -> int:
        """Origins half a season apart, so the cuts see different seasons."""
        return max(1, self.season_length // 2)


FREQUENCIES = {
    "maand": Frequency("maand", "MS", 12, 24),
    "kwartaal": Frequency("kwartaal", "QS", 4, 8),
    "jaar": Frequency("jaar", "YS", 1, 2),
}


@dataclass
class ForecastResult:
    forecast: pd.DataFrame  # unique_id, ds, waarde, p2_5, p10, p90, p97_5, model
    backtest: pd.DataFrame  # unique_id, model, stap, mae, mase, vensters, dekking_80, dekking_95, gekozen
    chosen: pd.DataFrame    # unique_id, model, reden, waarnemingen


def _candidates(freq: Frequency) -> list:
    # AutoETS searches additive-error models only: a caseload moves little in level within ten years,
    # so multiplicative errors add little, and they double the fitting time (bench/RESULTS.md)
    return [AutoETS(season_length=freq.season_length, model=ETS_SEARCH), Theta(season_length=freq.season_length),
            SeasonalNaive(season_length=freq.season_length)]


def _n_jobs(n_jobs: int | None, n_series: int) -> int:
    """Worker processes: one for a handful of series, where starting a pool costs more than it saves."""
    if n_series < PARALLEL_FROM:
        return 1
    return n_jobs if n_jobs else min(2, os.cpu_count() or 1)


def backtest_horizon(n_observations: int, horizon: int, freq: Frequency) -> int:
    """Steps the backtest can score: the training part before the first cut keeps two seasons."""
    room = n_observations - (BACKTEST_WINDOWS - 1) * freq.backtest_step - 2 * freq.season_length - 1
    return max(0, min(horizon, freq.max_backtest_horizon, room))


def _mase_scale(train: pd.DataFrame, season_length: int) -> pd.Series:
    """Mean absolute one-season-back error in the training part, per series (NaN for a flat series)."""
    def scale(y: pd.Series) -> float:
        diffs = (y - y.shift(season_length)).abs().dropna()
        value = diffs.mean() if len(diffs) else np.nan
        return value if value > 0 else np.nan

    return train.sort_values("ds").groupby("unique_id")["y"].apply(scale)


def _backtest(df: pd.DataFrame, h: int, freq: Frequency, n_jobs: int) -> pd.DataFrame:
    models = _candidates(freq)
    sf = StatsForecast(models=models, freq=freq.pandas_freq, n_jobs=n_jobs)
    cv = sf.cross_validation(h=h, df=df, n_windows=BACKTEST_WINDOWS, step_size=freq.backtest_step,
                             refit=False, level=list(LEVELS))
    cv["stap"] = cv.groupby(["unique_id", "cutoff"]).cumcount() + 1
    first_cutoff = cv.groupby("unique_id")["cutoff"].min()
    train = df[df["ds"] <= df["unique_id"].map(first_cutoff)]
    scale = _mase_scale(train, freq.season_length)
    long = pd.concat([
        pd.DataFrame({
            "unique_id": cv["unique_id"], "stap": cv["stap"], "model": name,
            "fout": (cv["y"] - cv[name]).abs(),
            # did the held-out value fall inside the interval the model gave at the cut?
            **{f"binnen_{level}": cv["y"].between(cv[f"{name}-lo-{level}"], cv[f"{name}-hi-{level}"])
               for level in LEVELS},
        })
        for name in (repr(m) for m in models)
    ], ignore_index=True)
    scores = (long.groupby(["unique_id", "model", "stap"], as_index=False)
              .agg(mae=("fout", "mean"), vensters=("fout", "size"), dekking_80=("binnen_80", "mean"),
                   dekking_95=("binnen_95", "mean")))
    scores["mase"] = scores["mae"] / scores["unique_id"].map(scale)
    return scores


def _fit(df: pd.DataFrame, model, h: int, freq: Frequency, n_jobs: int, name: str) -> pd.DataFrame:
    sf = StatsForecast(models=[model], freq=freq.pandas_freq, n_jobs=n_jobs)
    raw = sf.forecast(h=h, df=df, level=list(LEVELS))
    column = repr(model)
    out = pd.DataFrame({
        "unique_id": raw["unique_id"], "ds": raw["ds"], "waarde": raw[column],
        "p2_5": raw[f"{column}-lo-95"], "p10": raw[f"{column}-lo-80"],
        "p90": raw[f"{column}-hi-80"], "p97_5": raw[f"{column}-hi-95"],
    })
    out["model"] = name
    return out


def forecast_series(series: pd.DataFrame, soort: str, horizon: int, n_jobs: int | None = None,
                    non_negative: bool = True) -> ForecastResult:
    """Forecast every series in `series` (columns unique_id, ds, y; regular periods, no gaps).

    Series with fewer than MIN_OBSERVATIONS values are left out of the result.
    """
    freq = FREQUENCIES[soort]
    df = series[["unique_id", "ds", "y"]].sort_values(["unique_id", "ds"]).reset_index(drop=True)
    jobs = _n_jobs(n_jobs, df["unique_id"].nunique())
    lengths = df.groupby("unique_id").size()
    lengths = lengths[lengths >= MIN_OBSERVATIONS]
    bt_h = lengths.map(lambda n: backtest_horizon(n, horizon, freq))

    scores = [_backtest(df[df["unique_id"].isin(ids.index)], h, freq, jobs)
              for h, ids in bt_h[bt_h > 0].groupby(bt_h)]
    backtest = (pd.concat(scores, ignore_index=True) if scores
                else pd.DataFrame(columns=["unique_id", "model", "stap", "mae", "vensters", "dekking_80",
                                           "dekking_95", "mase"]))
    mean_error = backtest.groupby(["unique_id", "model"])["mae"].mean().reset_index()
    best = mean_error.sort_values(["unique_id", "mae", "model"]).drop_duplicates("unique_id")
    chosen = best[["unique_id", "model"]].assign(reden="backtest")
    short = lengths.drop(chosen["unique_id"])
    chosen = pd.concat([chosen, pd.DataFrame({
        "unique_id": short.index,
        "model": np.where(short >= MIN_FOR_ETS, SHORT_SERIES_MODEL, TINY_SERIES_MODEL),
        "reden": "korte reeks"})], ignore_index=True)
    chosen["waarnemingen"] = chosen["unique_id"].map(lengths).astype(int)
    backtest["gekozen"] = backtest["model"] == backtest["unique_id"].map(chosen.set_index("unique_id")["model"])

    by_name = {repr(m): m for m in _candidates(freq)}
    by_name[SHORT_SERIES_MODEL] = AutoETS(season_length=1)
    by_name[TINY_SERIES_MODEL] = Naive()
    parts = [_fit(df[df["unique_id"].isin(group["unique_id"])], by_name[name], horizon, freq, jobs, name)
             for name, group in chosen.groupby("model")]
    forecast = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if non_negative and len(forecast):
        value_columns = ["waarde", "p2_5", "p10", "p90", "p97_5"]
        forecast[value_columns] = forecast[value_columns].clip(lower=0)
    return ForecastResult(forecast=forecast, backtest=backtest.reset_index(drop=True),
                          chosen=chosen.reset_index(drop=True))
