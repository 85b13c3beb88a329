"""`wimi forecast` on files: a series with known trend and season comes back, bad files get a message."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.forecast.file import ForecastInputError, forecast_file


def _monthly_trend_season(path: Path, months: int = 60) -> None:
    """y = 1000 + 5 t + 50 sin(2 pi t / 12) + small noise, t = 0 at 2019-01."""
    t = np.arange(months)
    noise = np.random.default_rng(7).normal(0, 2, months)
    values = 1000 + 5 * t + 50 * np.sin(2 * np.pi * t / 12) + noise
    periods = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in t]
    pd.DataFrame({"periode": periods, "waarde": values.round(2)}).to_csv(path, index=False)


def test_round_trip_recovers_trend_and_season(tmp_path: Path) -> None:
    source, target = tmp_path / "reeks.csv", tmp_path / "prognose.csv"
    _monthly_trend_season(source)
    message = forecast_file(source, 12, target)
    out = pd.read_csv(target, dtype={"periode": str})
    assert list(out.columns) == ["periode", "waarde", "p10", "p90", "p2_5", "p97_5"]
    assert out["periode"].tolist()[:3] == ["2024-01", "2024-02", "2024-03"]
    assert len(out) == 12
    # 2024-01 is t = 60: 1000 + 5*60 + 50*sin(2pi*60/12) = 1300
    assert out.loc[0, "waarde"] == pytest.approx(1300, abs=15)
    # 2024-04 is t = 63: 1000 + 315 + 50*sin(pi/2) = 1365 (the seasonal peak)
    assert out.loc[3, "waarde"] == pytest.approx(1365, abs=15)
    # 2024-10 is t = 69: 1000 + 345 + 50*sin(3pi/2) = 1295 (the trough)
    assert out.loc[9, "waarde"] == pytest.approx(1295, abs=15)
    assert (out["p2_5"] <= out["p10"]).all() and (out["p10"] <= out["waarde"]).all()
    assert (out["waarde"] <= out["p90"]).all() and (out["p90"] <= out["p97_5"]).all()
    assert "Model:" in message and "backtest" in message
    # 60 months leave no room for two 23-month calibration horizons before the first cut: the model's own
    # bands, with the share of held-out values they caught
    assert re.search(r"in de backtest viel \d+% binnen het 80%-interval en \d+% binnen het 95%-interval "
                     r"\(van het model zelf; de reeks is te kort om ze te kalibreren\)", message)


def test_a_long_series_gets_calibrated_bands(tmp_path: Path) -> None:
    source, target = tmp_path / "reeks.csv", tmp_path / "prognose.csv"
    _monthly_trend_season(source, months=120)
    message = forecast_file(source, 24, target)
    assert "(conformal, gekalibreerd op de eigen fouten van het model)" in message
    out = pd.read_csv(target)
    assert (out["p2_5"] <= out["p10"]).all() and (out["p90"] <= out["p97_5"]).all()


def test_quarter_end_dates_keep_their_format(tmp_path: Path) -> None:
    source, target = tmp_path / "reeks.csv", tmp_path / "prognose.csv"
    # 24 quarters from 31-03-2019 on, level 500 rising 3 a quarter
    ends = [(pd.Timestamp("2019-01-01") + pd.offsets.QuarterEnd(i + 1)).strftime("%d-%m-%Y") for i in range(24)]
    pd.DataFrame({"periode": ends, "waarde": [500 + 3 * i + (i % 2) for i in range(24)]}).to_csv(source, index=False)
    forecast_file(source, 4, target)
    out = pd.read_csv(target, dtype={"periode": str})
    # the last input is 31-12-2024, so the forecast runs over the quarters of 2025
    assert out["periode"].tolist() == ["31-03-2025", "30-06-2025", "30-09-2025", "31-12-2025"]
    # level after 24 quarters: 500 + 3*24 = 572, give or take the alternating 0/1
    assert out.loc[0, "waarde"] == pytest.approx(572.5, abs=6)


def test_short_series_falls_back_and_says_so(tmp_path: Path) -> None:
    source, target = tmp_path / "reeks.csv", tmp_path / "prognose.csv"
    source.write_text("periode,waarde\n2024Q1,5\n2024Q2,6\n2024Q3,7\n2024Q4,8\n2025Q1,9\n")
    message = forecast_file(source, 2, target)
    out = pd.read_csv(target)
    assert out["periode"].tolist() == ["2025Q2", "2025Q3"]
    assert out.loc[0, "waarde"] == pytest.approx(9)  # last value carried forward
    assert "te kort" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("periode,waarde\n2024-01,5\n2024-02,6\n2024-03,7\n2024-06,8\n2024-07,9\n",
         "regel 5: gat in de reeks; vóór deze periode ontbreken 2 maanden"),
        ("periode,waarde\n2024-01,5\n2024-02,6\n2024-02,7\n2024-03,8\n2024-04,9\n",
         "regel 4: periode komt dubbel voor (ook op regel 3)"),
        ("periode,waarde\n2024-01,5\n2024-02,6\n2024Q1,7\n2024-04,8\n",
         "regel 4: periode in een andere notatie (kwartaal) dan regel 2 (maand)"),
        ("periode;waarde\n2024-01;5\n2024-02;6,5\n2024-03;zes\n2024-04;9\n",
         "regel 4: waarde 'zes' is geen getal"),
        ("periode,waarde\n2024-01,5\nseptember,6\n2024-03,7\n2024-04,9\n",
         "regel 3: periode 'september' niet herkend"),
        ("periode,aantal\n2024-01,5\n", "kolom 'waarde' ontbreekt"),
    ],
    ids=["gat", "dubbel", "gemengd", "geen-getal", "onbekende-periode", "kolom"],
)
def test_bad_files_get_a_message_naming_the_line(tmp_path: Path, content: str, expected: str) -> None:
    source = tmp_path / "reeks.csv"
    source.write_text(content)
    with pytest.raises(ForecastInputError) as caught:
        forecast_file(source, 3, tmp_path / "uit.csv")
    assert expected in str(caught.value)
    assert not (tmp_path / "uit.csv").exists()


def test_command_prints_message_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "reeks.csv"
    source.write_text("periode,waarde\n2024-01,5\n2024-02,6\n2024-02,7\n2024-03,8\n2024-04,9\n")
    result = CliRunner().invoke(app, ["forecast", "--input", str(source), "--horizon", "3",
                                      "--output", str(tmp_path / "uit.csv")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
