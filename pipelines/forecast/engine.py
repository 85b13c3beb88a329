"""Statistical forecasts of any set of series: the model per series chosen by a rolling-origin backtest.

Candidates are AutoETS, Theta and the seasonal naive baseline (statsforecast). Each series is cut at
a few origins; every candidate forecasts the next periods from each cut; the candidate with the
smallest mean absolute error over all cuts and steps forecasts the series. Models are fitted once at
the first cut and re-applied to the later cuts with the same parameters (statsforecast refit=False): a
full refit per cut triples the time of the build's forecast step. Accuracy is kept per step ahead as
MASE: the error divided by the in-sample error of the one-season-back forecast, so 1.0 means "as good as
repeating last year in sample".

The 80% and 95% intervals are conformal (statsforecast ConformalIntervals): the chosen model forecasts
the last two horizons before the forecast origin from the data before each, and the spread of those
errors per step ahead gives the band. The models' own intervals assume their errors are right and
covered 29-100% of the backtest values per series, 94% in the median where 80% was promised
(bench/RESULTS.md). The chosen model is backtested a second time with conformal intervals calibrated
at every cut on the data before it, so the stored coverage (dekking_80, dekking_95) is what the
published band achieved out of sample. A calibrated AutoETS keeps the ETS form it found at the first
cut (vorm), in that backtest and in the forecast: the same model is judged that forecasts, and the twelve
fits calibration takes per series cost a third of a form search each. A series without room for the
calibration keeps the model's own intervals (interval = 'model') and their backtest coverage.

A series too short for a backtest gets AutoETS without season (it needs no full seasons), or below
ten values the last value carried forward with random-walk intervals, and no accuracy figures.
AutoARIMA is left out: it is about ten times slower and rarely better here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, Naive, SeasonalNaive, Theta
from statsforecast.utils import ConformalIntervals

LEVELS = (80, 95)
BACKTEST_WINDOWS = 3
CALIBRATION_WINDOWS = 2  # statsforecast's minimum; each more costs a horizon of history before the first cut
# the band is the forecast +- the level's quantile of the calibration errors per step; with two windows the
# default conformal_distribution lands at 0.7 x the larger error for 80% and covered 76% in the backtest
# of the demo feed, this method (0.8 x) 81% (bench/RESULTS.md)
CONFORMAL_METHOD = "conformal_error"
SHORT_SERIES_MODEL = "AutoETS_zonder_seizoen"
TINY_SERIES_MODEL = "Naive"
MIN_OBSERVATIONS = 4  # fewer than this gives no meaningful level or trend
MIN_FOR_ETS = 10      # statsforecast's ETS cannot estimate its parameters on fewer values
PARALLEL_FROM = 50    # series count from which fitting runs in several processes
ETS_SEARCH = "AZZ"    # additive error; trend and season chosen by AICc
CONFORMAL, MODEL_INTERVAL = "conformal", "model"  # how a series' intervals were made


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
    # unique_id, model, stap, mae, mase, vensters, dekking_80, dekking_95 (chosen model only), gekozen
    backtest: pd.DataFrame
    # unique_id, model, vorm (ETS form of a calibrated AutoETS, else ''), reden, waarnemingen, interval,
    # toets_van, toets_tot (first and last held-out period)
    chosen: pd.DataFrame


CANDIDATES = ("AutoETS", "Theta", "SeasonalNaive")


def _model(name: str, freq: Frequency, vorm: str = ""):
    """A new instance per call: StatsForecast keeps the interval settings on the instance it is given.

    vorm: for AutoETS an ETS form found earlier (statsforecast's components, e.g. 'AAAD' = A,Ad,A), fitted
    without searching again; empty: search the forms."""
    if name == "AutoETS" and vorm:
        return AutoETS(season_length=freq.season_length, model=vorm[:3], damped=vorm[3] == "D")
    if name == "AutoETS":
        # additive-error models only: a caseload moves little in level within ten years, so
        # multiplicative errors add little, and they double the fitting time (bench/RESULTS.md)
        return AutoETS(season_length=freq.season_length, model=ETS_SEARCH)
    if name == "Theta":
        return Theta(season_length=freq.season_length)
    if name == "SeasonalNaive":
        return SeasonalNaive(season_length=freq.season_length)
    if name == SHORT_SERIES_MODEL:
        return AutoETS(season_length=1, alias=SHORT_SERIES_MODEL)
    if name == TINY_SERIES_MODEL:
        return Naive()
    raise ValueError(f"unknown model {name}")


def _n_jobs(n_jobs: int | None, n_series: int) -> int:
    """Worker processes: one for a handful of series, where starting a pool costs more than it saves."""
    if n_series < PARALLEL_FROM:
        return 1
    return n_jobs if n_jobs else min(2, os.cpu_count() or 1)


def backtest_horizon(n_observations: int, horizon: int, freq: Frequency) -> int:
    """Steps the backtest can score: the training part before the first cut keeps two seasons."""
    room = n_observations - (BACKTEST_WINDOWS - 1) * freq.backtest_step - 2 * freq.season_length - 1
    return max(0, min(horizon, freq.max_backtest_horizon, room))


def can_calibrate(n_observations: int, backtest_h: int, horizon: int, freq: Frequency) -> bool:
    """Room for conformal intervals in the backtest and the forecast: before the first cut, and before the
    forecast origin, two calibration horizons with two seasons of training before the earliest of them."""
    before_first_cut = n_observations - (BACKTEST_WINDOWS - 1) * freq.backtest_step - backtest_h
    needed = 2 * freq.season_length + 1
    return (backtest_h > 0 and before_first_cut - CALIBRATION_WINDOWS * backtest_h >= needed
            and n_observations - CALIBRATION_WINDOWS * horizon >= needed)


def _conformal(h: int) -> ConformalIntervals:
    return ConformalIntervals(h=h, n_windows=CALIBRATION_WINDOWS, method=CONFORMAL_METHOD)


def _mase_scale(train: pd.DataFrame, season_length: int) -> pd.Series:
    """Mean absolute one-season-back error in the training part, per series (NaN for a flat series)."""
    def scale(y: pd.Series) -> float:
        diffs = (y - y.shift(season_length)).abs().dropna()
        value = diffs.mean() if len(diffs) else np.nan
        return value if value > 0 else np.nan

    return train.sort_values("ds").groupby("unique_id")["y"].apply(scale)


def _cross_validate(df: pd.DataFrame, names: list[str], h: int, freq: Frequency, n_jobs: int,
                    conformal: bool, vorm: str = "") -> pd.DataFrame:
    """One row per series, model, cut and step: ds, stap, y, fout and binnen_80/_95 (did the held-out
    value fall inside the interval the model gave at the cut?)."""
    sf = StatsForecast(models=[_model(name, freq, vorm) for name in names], freq=freq.pandas_freq,
                       n_jobs=n_jobs)
    cv = sf.cross_validation(
        h=h, df=df, n_windows=BACKTEST_WINDOWS, step_size=freq.backtest_step, refit=False, level=list(LEVELS),
        prediction_intervals=_conformal(h) if conformal else None)
    stap = cv.groupby(["unique_id", "cutoff"]).cumcount() + 1
    return pd.concat([
        pd.DataFrame({
            "unique_id": cv["unique_id"], "ds": cv["ds"], "cutoff": cv["cutoff"], "stap": stap, "model": name,
            "fout": (cv["y"] - cv[name]).abs(),
            **{f"binnen_{level}": cv["y"].between(cv[f"{name}-lo-{level}"], cv[f"{name}-hi-{level}"])
               for level in LEVELS},
        })
        for name in names
    ], ignore_index=True)


def _accuracy(long: pd.DataFrame, df: pd.DataFrame, freq: Frequency) -> pd.DataFrame:
    """Per series, candidate and step: mae, vensters (cuts scored) and mase."""
    first_cutoff = long.groupby("unique_id")["cutoff"].min()
    train = df[df["ds"] <= df["unique_id"].map(first_cutoff)]
    scale = _mase_scale(train, freq.season_length)
    scores = long.groupby(["unique_id", "model", "stap"], as_index=False).agg(mae=("fout", "mean"),
                                                                              vensters=("fout", "size"))
    scores["mase"] = scores["mae"] / scores["unique_id"].map(scale)
    return scores


def _ets_forms(train: pd.DataFrame, freq: Frequency, n_jobs: int) -> pd.Series:
    """The ETS form AutoETS picks per series on `train` (components, e.g. 'ANAN')."""
    sf = StatsForecast(models=[_model("AutoETS", freq)], freq=freq.pandas_freq, n_jobs=n_jobs).fit(df=train)
    return pd.Series([fitted.model_["components"] for fitted in sf.fitted_[:, 0]], index=list(sf.uids))


def _backtest(df: pd.DataFrame, h: int, freq: Frequency, n_jobs: int,
              calibrated: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Accuracy per series, candidate and step with the chosen model marked; the choice per series
    (unique_id, model, vorm); and the backtest rows of the intervals each series publishes: conformal
    where `calibrated`, else the chosen model's own.

    A calibrated AutoETS keeps the form it found at the first cut, the fit the choice was made with:
    calibrating means refitting at every cut and calibration window (12 fits per series), and a fixed
    form fits in a third of the time of a search."""
    long = _cross_validate(df, list(CANDIDATES), h, freq, n_jobs, conformal=False)
    scores = _accuracy(long, df, freq)
    best = (scores.groupby(["unique_id", "model"])["mae"].mean().reset_index()
            .sort_values(["unique_id", "mae", "model"]).drop_duplicates("unique_id")[["unique_id", "model"]])
    scores["gekozen"] = scores["model"] == scores["unique_id"].map(best.set_index("unique_id")["model"])
    best["vorm"] = ""
    ets = best["unique_id"].map(calibrated) & (best["model"] == "AutoETS")
    if ets.any():
        first_cut = df["unique_id"].map(long.groupby("unique_id")["cutoff"].min())
        train = df[df["unique_id"].isin(best.loc[ets, "unique_id"]) & (df["ds"] <= first_cut)]
        best.loc[ets, "vorm"] = best.loc[ets, "unique_id"].map(_ets_forms(train, freq, n_jobs))
    own = best[~best["unique_id"].map(calibrated)]
    published = [long.merge(own[["unique_id", "model"]], on=["unique_id", "model"])]
    for (name, vorm), group in best[best["unique_id"].map(calibrated)].groupby(["model", "vorm"]):
        published.append(_cross_validate(df[df["unique_id"].isin(group["unique_id"])], [name], h, freq, n_jobs,
                                         conformal=True, vorm=vorm))
    return scores, best, pd.concat(published, ignore_index=True)


def _fit(df: pd.DataFrame, name: str, vorm: str, h: int, freq: Frequency, n_jobs: int,
         conformal: bool) -> pd.DataFrame:
    sf = StatsForecast(models=[_model(name, freq, vorm)], freq=freq.pandas_freq, n_jobs=n_jobs)
    raw = sf.forecast(h=h, df=df, level=list(LEVELS), prediction_intervals=_conformal(h) if conformal else None)
    out = pd.DataFrame({
        "unique_id": raw["unique_id"], "ds": raw["ds"], "waarde": raw[name],
        "p2_5": raw[f"{name}-lo-95"], "p10": raw[f"{name}-lo-80"],
        "p90": raw[f"{name}-hi-80"], "p97_5": raw[f"{name}-hi-95"],
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
    calibrated = pd.Series([can_calibrate(n, bt_h[uid], horizon, freq) for uid, n in lengths.items()],
                           index=lengths.index, dtype=bool)

    runs = [_backtest(df[df["unique_id"].isin(ids.index)], h, freq, jobs, calibrated)
            for h, ids in bt_h[bt_h > 0].groupby(bt_h)]
    scores = (pd.concat([accuracy for accuracy, _, _ in runs], ignore_index=True) if runs
              else pd.DataFrame(columns=["unique_id", "model", "stap", "mae", "vensters", "mase", "gekozen"]))
    chosen = (pd.concat([best for _, best, _ in runs], ignore_index=True) if runs
              else pd.DataFrame(columns=["unique_id", "model", "vorm"]))
    published = (pd.concat([rows for _, _, rows in runs], ignore_index=True) if runs
                 else pd.DataFrame(columns=["unique_id", "ds", "model", "stap", "binnen_80", "binnen_95"]))
    coverage = (published.groupby(["unique_id", "model", "stap"], as_index=False)
                .agg(dekking_80=("binnen_80", "mean"), dekking_95=("binnen_95", "mean")))
    backtest = scores.merge(coverage, on=["unique_id", "model", "stap"], how="left")

    short = lengths.drop(chosen["unique_id"])
    chosen = pd.concat([chosen.assign(reden="backtest"), pd.DataFrame({
        "unique_id": short.index,
        "model": np.where(short >= MIN_FOR_ETS, SHORT_SERIES_MODEL, TINY_SERIES_MODEL),
        "vorm": "", "reden": "korte reeks"})], ignore_index=True)
    chosen["waarnemingen"] = chosen["unique_id"].map(lengths).astype(int)
    chosen["interval"] = np.where(chosen["unique_id"].map(calibrated), CONFORMAL, MODEL_INTERVAL)
    span = published.groupby("unique_id")["ds"].agg(toets_van="min", toets_tot="max")
    chosen = chosen.join(span, on="unique_id")

    parts = [_fit(df[df["unique_id"].isin(group["unique_id"])], name, vorm, horizon, freq, jobs,
                  interval == CONFORMAL)
             for (name, vorm, interval), group in chosen.groupby(["model", "vorm", "interval"])]
    forecast = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if non_negative and len(forecast):
        value_columns = ["waarde", "p2_5", "p10", "p90", "p97_5"]
        forecast[value_columns] = forecast[value_columns].clip(lower=0)
    return ForecastResult(forecast=forecast, backtest=backtest.reset_index(drop=True),
                          chosen=chosen.reset_index(drop=True))
