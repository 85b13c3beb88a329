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
    # up to two decimals, trailing zeros dropped: 2,5% and 3% rather than ".0%"'s repeated 3%, 3%
    assert fig.layout.yaxis.tickformat == ".2~%"
    # the legend sits at the bottom of the figure, so however it wraps it never covers the title
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert incomplete.cliponaxis is False  # the label "onvolledig" above the top point stays whole


def _kwartalen(jaren) -> list[str]:
    return [f"{jaar}Q{k}" for jaar in jaren for k in (1, 2, 3, 4)]


def test_period_axis_is_horizontal_with_short_quarters_and_the_year_once():
    rows = pd.DataFrame({"periode": _kwartalen((2023, 2024, 2025)), "waarde": range(12), "volledig": True,
                         "reeks": charts.EIGEN_GEMEENTE})
    axis = charts.trend(rows, "Bijstandsvolume", "aantal").layout.xaxis
    assert axis.tickangle == 0
    # 12 quarters fit: every one, the year under the first quarter of each year
    assert list(axis.ticktext) == ["K1<br>2023", "K2", "K3", "K4", "K1<br>2024", "K2", "K3", "K4",
                                   "K1<br>2025", "K2", "K3", "K4"]
    assert axis.tickvals[0] == "1e kwartaal 2023"  # the category stays the full label, for the hover text


def test_period_axis_thins_long_series_on_calendar_boundaries():
    # 16 quarters from 2022Q3: more than 12, so every 2nd (K1 and K3); the first tick carries its year
    codes = _kwartalen((2022, 2023, 2024, 2025, 2026))[2:18]
    fig = charts.periode_as(charts.go.Figure(), codes)
    assert list(fig.layout.xaxis.ticktext) == ["K3<br>2022", "K1<br>2023", "K3", "K1<br>2024", "K3",
                                               "K1<br>2025", "K3", "K1<br>2026"]
    # 36 months: every 3rd (jan, apr, jul, okt): 12 ticks
    maanden = [f"{jaar}-{m:02d}" for jaar in (2023, 2024, 2025) for m in range(1, 13)]
    axis = charts.periode_as(charts.go.Figure(), maanden).layout.xaxis
    assert list(axis.ticktext)[:5] == ["jan<br>2023", "apr", "jul", "okt", "jan<br>2024"]
    assert len(axis.ticktext) == 12
    # 40 quarters: one tick a year, at K1, labelled with the year alone
    axis = charts.periode_as(charts.go.Figure(), _kwartalen(range(2016, 2026))).layout.xaxis
    assert list(axis.ticktext) == [str(jaar) for jaar in range(2016, 2026)]
    assert axis.tickvals[0] == "1e kwartaal 2016"
    # years with a gap stay as they are, in order
    assert list(charts.periode_as(charts.go.Figure(), ["2019", "2015", "2024"]).layout.xaxis.ticktext) == [
        "2015", "2019", "2024"]


def test_long_titles_are_broken_after_their_comma_or_colon_then_at_spaces():
    # 61 characters, over the 50 of a line: broken after the colon, each part whole
    assert charts.afgebroken("Personen met bijstand per 1.000 inwoners (CBS): ontwikkeling") == (
        "Personen met bijstand per 1.000 inwoners (CBS):<br>ontwikkeling")
    assert charts.afgebroken("Bijstand per 1.000 inwoners, 4e kwartaal 2025") == (
        "Bijstand per 1.000 inwoners, 4e kwartaal 2025")  # 45 characters fit on one line
    # a part of 63 characters without a comma: broken at the last space within 50
    assert charts.afgebroken("Aandeel uitkeringen met inkomsten uit deeltijdwerk naast bijstand") == (
        "Aandeel uitkeringen met inkomsten uit deeltijdwerk<br>naast bijstand")


def test_time_axis_leaves_missing_years_as_gaps_and_breaks_the_line_at_a_new_series():
    # the snapshot's years: 2015-2017 from the bijstand tables, 2019 and 2024 from the key figures
    rows = pd.DataFrame({"periode": ["2015", "2016", "2017", "2019", "2024"], "waarde": [40.2, 41.3, 40.3, 25.0, 22.6],
                         "volledig": True, "reeks": charts.NEDERLAND})
    fig = charts.trend(rows, "Bijstand per 1.000 inwoners", "per_1000", tijdas=True, breuken=["2019"])
    (nl,) = fig.data
    # one None before 2019 (a missing year and a new series at once) and one before 2024 (2020-2023 missing)
    assert list(nl.x) == ["2015-12-31", "2016-12-31", "2017-12-31", None, "2019-12-31", None, "2024-12-31"]
    assert list(nl.y) == [40.2, 41.3, 40.3, None, 25.0, None, 22.6]
    assert fig.layout.xaxis.type == "date"
    # a tick on every year of the range, 2018 and 2020-2023 too, so the gaps are seen as years without figures
    assert list(fig.layout.xaxis.ticktext) == [str(j) for j in range(2015, 2025)]
    (breuk,) = fig.layout.shapes
    assert breuk.x0 == breuk.x1 == "2018-12-31" and breuk.line.dash == "dash"  # halfway from 2017 to 2019
    assert fig.layout.annotations[0].text == "breuk in de reeks"


def test_time_axis_of_quarters_has_dutch_labels_and_a_break_without_a_gap():
    rows = pd.DataFrame({"periode": ["2023Q4", "2024Q1", "2024Q2"], "waarde": [20.0, 21.0, 22.0], "volledig": True,
                         "reeks": charts.EIGEN_GEMEENTE})
    fig = charts.trend(rows, "Bijstand", "per_1000", tijdas=True, breuken=["2024Q2"])
    (own,) = fig.data
    assert list(own.x) == ["2023-12-31", "2024-03-31", None, "2024-06-30"]  # consecutive, but a new series
    assert list(own.hovertext) == ["4e kwartaal 2023", "1e kwartaal 2024", None, "2e kwartaal 2024"]
    assert own.hovertemplate.startswith("%{hovertext}: %{customdata}")
    assert list(fig.layout.xaxis.ticktext) == ["K4<br>2023", "K1<br>2024", "K2"]
    assert list(fig.layout.xaxis.tickvals) == ["2023-12-31", "2024-03-31", "2024-06-30"]
    # without the time axis periods stay evenly spaced categories, as the extract's charts have them
    assert charts.trend(rows, "Bijstand", "per_1000").layout.xaxis.type == "category"


def test_small_counts_get_a_tick_per_whole_number():
    """Counts 0 to 2 once got ticks 0, 0,5, 1, ... printed as 0, 1, 1, 2, 2 (format without decimals)."""
    rows = pd.DataFrame({"periode": ["2024Q1", "2024Q2", "2024Q3"], "waarde": [0.0, 1.0, 2.0],
                         "volledig": True, "reeks": charts.EIGEN_GEMEENTE})
    assert charts.trend(rows, "Uitstroom naar werk", "aantal").layout.yaxis.dtick == 1
    groot = rows.assign(waarde=[100.0, 1000.0, 2000.0])
    assert charts.trend(groot, "Bijstandsvolume", "aantal").layout.yaxis.dtick is None  # Plotly's own steps
    assert charts.trend(rows.assign(waarde=[0.1, 0.2, 0.3]), "Kans", "percentage").layout.yaxis.dtick is None
