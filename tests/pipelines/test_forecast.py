"""The forecast engine: backtest arithmetic on a series worked by hand, model choice, calibrated
intervals and their measured coverage, fallbacks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, SeasonalNaive, Theta

from pipelines.forecast.engine import FREQUENCIES, backtest_horizon, can_calibrate, forecast_series


def _monthly(values, start: str = "2019-01-01", uid: str = "GM0001") -> pd.DataFrame:
    return pd.DataFrame({"unique_id": uid, "ds": pd.date_range(start, periods=len(values), freq="MS"),
                         "y": np.asarray(values, dtype=float)})


def test_backtest_horizon_leaves_two_seasons_before_the_first_cut() -> None:
    monthly = FREQUENCIES["maand"]
    # 72 months: room = 72 - (3 - 1) * 6 - 2 * 12 - 1 = 35, capped at 24
    assert backtest_horizon(72, 24, monthly) == 24
    # 50 months: room = 50 - 12 - 24 - 1 = 13
    assert backtest_horizon(50, 24, monthly) == 13
    # 30 months: no room at all
    assert backtest_horizon(30, 24, monthly) == 0
    # quarters: 40 - (3 - 1) * 2 - 2 * 4 - 1 = 27, capped at 8
    assert backtest_horizon(40, 8, FREQUENCIES["kwartaal"]) == 8


def test_calibration_needs_two_horizons_and_two_seasons_before_the_first_cut() -> None:
    monthly, quarterly = FREQUENCIES["maand"], FREQUENCIES["kwartaal"]
    # 120 months: the first cut leaves 120 - 2 * 6 - 24 = 84; minus two calibration horizons 36 >= 2 * 12 + 1
    assert can_calibrate(120, 24, 24, monthly)
    # 109 months leave exactly 25, 108 one too few
    assert can_calibrate(109, 24, 24, monthly) and not can_calibrate(108, 24, 24, monthly)
    # 40 quarters: 40 - 2 * 2 - 8 = 28; 28 - 16 = 12 >= 9; 37 leave 9, 36 leave 8
    assert can_calibrate(40, 8, 8, quarterly) and can_calibrate(37, 8, 8, quarterly)
    assert not can_calibrate(36, 8, 8, quarterly)
    # the forecast itself needs the same room before its origin: 60 months cannot carry a 24-month
    # calibrated forecast (60 - 48 < 25), even when the backtest would score 6 steps
    assert not can_calibrate(60, 6, 24, monthly)
    assert not can_calibrate(120, 0, 24, monthly)  # no backtest, nothing to calibrate against


def _turning_caseloads(n_series: int, months: int = 120, seed: int = 11) -> pd.DataFrame:
    """Caseloads like the demo feed's: a path through yearly knots that drifts a few percent a year and
    turns, a season, and noise pulled back to the path (AR(1), 0.9 a month). The models' own intervals
    treat the noise as a random walk and grow too wide."""
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    frames = []
    for i in range(n_series):
        knots = 1000 * np.cumprod(1 + rng.normal(0, 0.02, months // 12 + 1))
        path = np.interp(t, np.arange(0, months + 1, 12), knots)
        shocks = rng.normal(0, 5, months)
        deviation = np.zeros(months)
        for k in range(1, months):
            deviation[k] = 0.9 * deviation[k - 1] + shocks[k]
        frames.append(_monthly(path + 15 * np.sin(2 * np.pi * t / 12) + deviation, "2016-01-01", f"reeks{i}"))
    return pd.concat(frames, ignore_index=True)


def test_conformal_band_covers_about_80_percent_where_the_models_own_band_does_not() -> None:
    series = _turning_caseloads(30)
    result = forecast_series(series, "maand", 24, n_jobs=2)
    chosen = result.chosen.set_index("unique_id")
    assert (chosen["interval"] == "conformal").all()
    # a calibrated AutoETS keeps the form found at the first cut (error, trend, season, damped)
    ets = chosen["model"] == "AutoETS"
    assert ets.any() and chosen.loc[ets, "vorm"].str.fullmatch("A[NA][NA][ND]").all()
    assert (chosen.loc[~ets, "vorm"] == "").all()
    # held out: the 36 months after the first cut at month 84 (2022-12)
    assert (chosen["toets_van"] == pd.Timestamp("2023-01-01")).all()
    assert (chosen["toets_tot"] == pd.Timestamp("2025-12-01")).all()
    winner = result.backtest[result.backtest["gekozen"]]
    assert len(winner) == 30 * 24 and winner["dekking_80"].notna().all()
    # per series over 3 cuts x 24 steps: 77% in the median (the 95% band 81%: two calibration windows
    # cannot reach 95%)
    calibrated = winner.groupby("unique_id")[["dekking_80", "dekking_95"]].mean()
    assert 0.75 <= calibrated["dekking_80"].median() <= 0.85
    assert calibrated["dekking_80"].median() <= calibrated["dekking_95"].median() < 0.9

    # the same chosen models with their own intervals, through the same rolling-origin backtest: 91%
    models = {"AutoETS": AutoETS(season_length=12, model="AZZ"), "Theta": Theta(season_length=12),
              "SeasonalNaive": SeasonalNaive(season_length=12)}
    own = []
    for name, group in chosen.groupby("model"):
        cv = StatsForecast(models=[models[name]], freq="MS").cross_validation(
            df=series[series["unique_id"].isin(group.index)], h=24, n_windows=3, step_size=6, refit=False,
            level=[80])
        own.append(cv["y"].between(cv[f"{name}-lo-80"], cv[f"{name}-hi-80"]).groupby(cv["unique_id"]).mean())
    assert pd.concat(own).median() > 0.88


def test_mase_on_a_straight_line_is_worked_by_hand() -> None:
    # y = 100 + 2t: one season back is always 2 * 12 = 24 lower, so the MASE scale is 24.
    # The seasonal naive forecast h <= 12 steps ahead repeats the value 12 months earlier: error 24,
    # MASE 1; for 13 <= h <= 24 it repeats a value 24 months earlier: error 48, MASE 2.
    result = forecast_series(_monthly(100 + 2 * np.arange(72)), "maand", 24)
    naive = result.backtest[result.backtest["model"] == "SeasonalNaive"].set_index("stap")
    assert naive.loc[1:12, "mase"].to_numpy() == pytest.approx(np.ones(12))
    assert naive.loc[13:24, "mase"].to_numpy() == pytest.approx(np.full(12, 2.0))
    assert naive["mae"].loc[1] == pytest.approx(24)
    assert (naive["vensters"] == 3).all()
    # a trend model follows the line and wins
    chosen = result.chosen.iloc[0]
    assert chosen["model"] in {"AutoETS", "Theta"} and chosen["reden"] == "backtest"
    winner = result.backtest[result.backtest["gekozen"]]
    assert set(winner["model"]) == {chosen["model"]} and winner["mase"].mean() < 0.1
    # 72 months leave no room for two calibration horizons before the first cut (72 - 12 - 24 - 48 < 25):
    # the model's own intervals, their coverage kept for the chosen model only
    assert chosen["interval"] == "model"
    assert winner["dekking_80"].notna().all() and naive["dekking_80"].isna().all()
    # held out: from the month after the first cut (month 72 - 36 = 36, 2022-01) to the last (2024-12)
    assert (chosen["toets_van"], chosen["toets_tot"]) == (pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-01"))
    # its forecast continues the line: month 72 (2025-01) is 100 + 2 * 72 = 244, month 95 is 290
    path = result.forecast.set_index("ds")["waarde"]
    assert path.iloc[0] == pytest.approx(244, abs=1) and path.iloc[-1] == pytest.approx(290, abs=2)
    assert len(path) == 24 and path.index[0] == pd.Timestamp("2025-01-01")


def test_chosen_model_has_the_smallest_mean_backtest_error() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(96)
    series = pd.concat([
        _monthly(500 + 40 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 5, 96), uid="seizoen"),
        _monthly(800 + np.cumsum(rng.normal(0, 10, 96)), uid="dwaalspoor"),
    ])
    result = forecast_series(series, "maand", 12)
    mean_error = result.backtest.groupby(["unique_id", "model"])["mae"].mean().unstack()
    for uid, row in result.chosen.set_index("unique_id").iterrows():
        assert mean_error.loc[uid, row["model"]] == mean_error.loc[uid].min()
    assert len(result.backtest) == 2 * 3 * 12  # two series, three candidates, twelve steps


def test_intervals_are_nested_and_never_below_zero() -> None:
    falling = _monthly(np.maximum(60 - 2.5 * np.arange(30) + np.random.default_rng(1).normal(0, 3, 30), 0))
    result = forecast_series(falling, "maand", 24)
    f = result.forecast
    assert (f[["waarde", "p2_5", "p10", "p90", "p97_5"]] >= 0).all().all()
    assert ((f["p2_5"] <= f["p10"]) & (f["p10"] <= f["waarde"]) & (f["waarde"] <= f["p90"])
            & (f["p90"] <= f["p97_5"])).all()


def test_short_series_fall_back_without_backtest() -> None:
    series = pd.concat([_monthly(np.arange(30) + 50.0, uid="dertig"), _monthly([5, 6, 7, 8, 9, 8, 7], uid="zeven"),
                        _monthly([1, 2, 3], uid="drie")])
    result = forecast_series(series, "maand", 6)
    chosen = result.chosen.set_index("unique_id")
    assert chosen.loc["dertig", "model"] == "AutoETS_zonder_seizoen"
    assert chosen.loc["zeven", "model"] == "Naive"
    assert (chosen["reden"] == "korte reeks").all()
    assert "drie" not in chosen.index  # fewer than four values: no forecast at all
    assert result.backtest.empty
    # the naive forecast carries the last value (7) forward
    assert result.forecast[result.forecast["unique_id"] == "zeven"]["waarde"].tolist() == [7.0] * 6
