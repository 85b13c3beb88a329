"""The forecast engine: backtest arithmetic on a series worked by hand, model choice, fallbacks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.forecast import FREQUENCIES, backtest_horizon, forecast_series


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
    # its intervals rest on the in-sample error 24: 80% is +-1.2816 x 24 = 30.8 one season ahead (24 falls
    # inside) and +-1.2816 x 24 x sqrt(2) = 43.5 two seasons ahead (48 falls outside); 95% two seasons
    # ahead is +-1.96 x 24 x sqrt(2) = 66.5 (48 inside)
    assert naive.loc[1:12, "dekking_80"].eq(1).all() and naive.loc[13:24, "dekking_80"].eq(0).all()
    assert naive["dekking_95"].eq(1).all()
    # a trend model follows the line and wins
    chosen = result.chosen.iloc[0]
    assert chosen["model"] in {"AutoETS", "Theta"} and chosen["reden"] == "backtest"
    winner = result.backtest[result.backtest["gekozen"]]
    assert set(winner["model"]) == {chosen["model"]} and winner["mase"].mean() < 0.1
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
