"""Charts: Dutch separators, the shared colours (WCAG AA on white), incomplete periods drawn apart."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts


def _contrast_on_white(hex_colour: str) -> float:
    """WCAG 2.x contrast ratio: (L_white + 0.05) / (L + 0.05), L the relative luminance."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_contrast_helper_matches_known_values():
    assert _contrast_on_white("#000000") == pytest.approx(21.0)
    assert _contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


@pytest.mark.parametrize("colour", [*charts.KLEUREN.values(), charts.ONVOLLEDIG])
def test_colours_meet_wcag_aa_on_white(colour):
    assert _contrast_on_white(colour) >= 4.5


def _series() -> pd.DataFrame:
    return pd.DataFrame({
        "periode": ["2024Q2", "2024Q3", "2024Q4", "2024Q2", "2024Q3", "2024Q4"],
        "waarde": [0.031, 0.029, 0.012, 0.030, 0.032, 0.033],
        "volledig": [True, True, False, True, True, True],
        "reeks": [charts.EIGEN_GEMEENTE] * 3 + [charts.NEDERLAND] * 3,
    })


def test_trend_keeps_incomplete_period_off_the_line():
    fig = charts.trend(_series(), "Uitstroomkans", "percentage")
    names = [t.name for t in fig.data]
    assert names == ["eigen gemeente", "eigen gemeente (onvolledig)", "Nederland"]
    own, incomplete, nl = fig.data
    assert list(own.x) == ["2e kwartaal 2024", "3e kwartaal 2024"]
    assert own.line.color == "#01689B" and nl.line.color == charts.KLEUREN[charts.NEDERLAND]
    assert list(incomplete.x) == ["4e kwartaal 2024"] and incomplete.mode == "markers+text"
    assert list(incomplete.customdata) == ["1,2%"]  # 0.012 as a Dutch percentage
    assert list(nl.x)[-1] == "4e kwartaal 2024"  # NL's complete quarter stays on its line
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.tickformat == ".0%"


def test_vergelijking_colours_bars_by_series_and_labels_them_dutch():
    rows = pd.DataFrame({"label": ["Teststad", "Vergelijkbare gemeenten", "Nederland"],
                         "waarde": [1234.5, 987.0, 45678.0],
                         "reeks": [charts.EIGEN_GEMEENTE, charts.VERGELIJKINGSGROEP, charts.NEDERLAND]})
    fig = charts.vergelijking(rows, "Bijstandsvolume", "aantal")
    bar = fig.data[0]
    assert list(bar.marker.color) == [charts.KLEUREN[r] for r in rows["reeks"]]
    assert list(bar.text) == ["1.235", "987", "45.678"]  # 1234.5 rounds half up -> 1.235
    assert fig.layout.xaxis.tickformat == ",.0f" and fig.layout.separators == ",."
