"""`wimi forecast`: forecast any series in a CSV file (periode,waarde) with the build's engine.

Periods may be months (2024-09), quarters (2024Q3), years (2024) or dates (2024-09-30 or
30-09-2024; the spacing tells months, quarters or years apart). The output uses the input's period
format. Every problem with the file becomes a ForecastInputError naming the line, in Dutch.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

import pandas as pd

from pipelines.forecast.engine import CONFORMAL, MIN_OBSERVATIONS, forecast_series

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
MONTHS_PER_STEP = {"maand": 1, "kwartaal": 3, "jaar": 12}
SOORT_WORD = {"maand": "maanden", "kwartaal": "kwartalen", "jaar": "jaren"}


class ForecastInputError(ValueError):
    """The input file cannot be forecast; the message says which line and why."""


@dataclass(frozen=True)
class Period:
    month_index: int  # year * 12 + month - 1 of the period's first month
    notation: str     # maand, kwartaal, jaar or datum
    day_style: str = ""  # for dates: 'iso' or 'nl', and 'einde' or 'begin' of the month


def _parse_period(text: str, line: int) -> Period:
    text = text.strip()
    if m := MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return Period(year * 12 + month - 1, "maand")
    elif m := QUARTER.match(text):
        return Period(int(m[1]) * 12 + (int(m[2]) - 1) * 3, "kwartaal")
    elif m := YEAR.match(text):
        return Period(int(m[1]) * 12, "jaar")
    else:
        iso, dutch = ISO_DATE.match(text), DUTCH_DATE.match(text)
        if iso or dutch:
            year, month, day = (int(iso[1]), int(iso[2]), int(iso[3])) if iso else \
                (int(dutch[3]), int(dutch[2]), int(dutch[1]))
            try:
                parsed = date(year, month, day)
            except ValueError:
                raise ForecastInputError(f"regel {line}: datum '{text}' bestaat niet") from None
            at_end = (pd.Timestamp(parsed) + pd.offsets.MonthEnd(0)).day == day
            return Period(year * 12 + month - 1, "datum", ("iso" if iso else "nl") + ("-einde" if at_end else "-begin"))
    raise ForecastInputError(
        f"regel {line}: periode '{text}' niet herkend; gebruik 2024-09 (maand), 2024Q3 (kwartaal), "
        "2024 (jaar) of een datum als 2024-09-30")


def _parse_number(text: str, line: int) -> float:
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise ForecastInputError(f"regel {line}: waarde ontbreekt")
    if "," in cleaned:  # decimal comma, possibly with thousands points: 1.234,5
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ForecastInputError(f"regel {line}: waarde '{text.strip()}' is geen getal") from None
    if not math.isfinite(value):
        raise ForecastInputError(f"regel {line}: waarde '{text.strip()}' is geen getal")
    return value


def _read_rows(path: Path) -> list[tuple[int, str, str]]:
    """(line number, periode, waarde) per data line; header = line 1, blank lines skipped."""
    if not path.exists():
        raise ForecastInputError(f"bestand {path} bestaat niet")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ForecastInputError(f"bestand {path} is leeg; verwacht kolommen periode,waarde")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in ("periode", "waarde") if name not in header]
    if missing:
        raise ForecastInputError(f"regel 1: kolom {' en '.join(repr(m) for m in missing)} ontbreekt; "
                                 f"verwacht kolommen periode,waarde (gevonden: {','.join(header)})")
    at_period, at_value = header.index("periode"), header.index("waarde")
    rows = []
    for line, fields in enumerate(reader, start=2):
        if not any(field.strip() for field in fields):
            continue
        if len(fields) <= max(at_period, at_value):
            raise ForecastInputError(f"regel {line}: te weinig kolommen, verwacht periode{delimiter}waarde")
        rows.append((line, fields[at_period], fields[at_value]))
    return rows


def _frequency(periods: list[tuple[int, Period]]) -> str:
    """maand, kwartaal or jaar; for dates from the spacing between consecutive dates."""
    first_line, first = periods[0]
    for line, period in periods[1:]:
        if period.notation != first.notation:
            raise ForecastInputError(
                f"regel {line}: periode in een andere notatie ({period.notation}) dan regel {first_line} "
                f"({first.notation}); gebruik één frequentie per bestand")
    if first.notation != "datum":
        return first.notation
    ordered = sorted(periods, key=lambda item: item[1].month_index)
    steps = {b.month_index - a.month_index for (_, a), (_, b) in pairwise(ordered)}
    for soort in ("maand", "kwartaal", "jaar"):
        if min(steps, default=0) == MONTHS_PER_STEP[soort]:
            return soort
    raise ForecastInputError("de datums vormen geen reeks van maanden, kwartalen of jaren")


def _period_starts(periods: list[tuple[int, Period]], soort: str) -> list[tuple[int, int]]:
    """(line, first month of the period) per row; dates of quarters or years must sit alike in them."""
    step = MONTHS_PER_STEP[soort]
    first_line, first = periods[0]
    starts = []
    for line, period in periods:
        if period.month_index % step != first.month_index % step:
            raise ForecastInputError(f"regel {line}: datum valt in een andere maand van het {soort} dan op "
                                     f"regel {first_line}")
        starts.append((line, period.month_index - period.month_index % step))
    return starts


def _check_regular(starts: list[tuple[int, int]], soort: str) -> None:
    step = MONTHS_PER_STEP[soort]
    seen: dict[int, int] = {}
    for line, month_index in starts:
        if month_index in seen:
            raise ForecastInputError(f"regel {line}: periode komt dubbel voor (ook op regel {seen[month_index]})")
        seen[month_index] = line
    ordered = sorted(seen)
    for before, after in pairwise(ordered):
        if after - before != step:
            missing = (after - before) // step - 1
            raise ForecastInputError(
                f"regel {seen[after]}: gat in de reeks; vóór deze periode ontbreken {missing} {SOORT_WORD[soort]} "
                f"(vorige periode op regel {seen[before]})")


def _format(month_index: int, soort: str, template: Period) -> str:
    year, month = divmod(month_index, 12)
    month += 1
    if template.notation == "maand":
        return f"{year}-{month:02d}"
    if template.notation == "kwartaal":
        return f"{year}Q{(month - 1) // 3 + 1}"
    if template.notation == "jaar":
        return str(year)
    first = date(year, month, 1)
    end_month = first if soort == "maand" else date(year + (month + MONTHS_PER_STEP[soort] - 2) // 12,
                                                      (month + MONTHS_PER_STEP[soort] - 2) % 12 + 1, 1)
    day = (pd.Timestamp(end_month) + pd.offsets.MonthEnd(0)).date() if template.day_style.endswith("einde") else first
    return day.strftime("%Y-%m-%d" if template.day_style.startswith("iso") else "%d-%m-%Y")


def forecast_file(input: Path, horizon: int, output: Path) -> str:
    """Forecast the series in `input` `horizon` periods ahead into `output`; returns a Dutch summary."""
    if horizon < 1:
        raise ForecastInputError("de horizon moet minstens 1 periode zijn")
    rows = _read_rows(Path(input))
    if len(rows) < MIN_OBSERVATIONS:
        raise ForecastInputError(f"te weinig waarnemingen ({len(rows)}); minstens {MIN_OBSERVATIONS} nodig")
    periods = [(line, _parse_period(text, line)) for line, text, _ in rows]
    values = [_parse_number(text, line) for line, _, text in rows]
    if periods[0][1].notation == "datum" and any(p.day_style != periods[0][1].day_style for _, p in periods):
        periods = [(line, Period(p.month_index, p.notation, periods[0][1].day_style)) for line, p in periods]
    soort = _frequency(periods)
    starts = _period_starts(periods, soort)
    _check_regular(starts, soort)

    series = pd.DataFrame({
        "unique_id": "reeks",
        "ds": [pd.Timestamp(year=start // 12, month=start % 12 + 1, day=1) for _, start in starts],
        "y": values,
    })
    result = forecast_series(series, soort, horizon, non_negative=min(values) >= 0)
    template = periods[0][1]
    forecast = result.forecast.sort_values("ds")
    out = pd.DataFrame({
        "periode": [_format(ts.year * 12 + ts.month - 1, soort, template) for ts in forecast["ds"]],
        **{column: forecast[column].round(4).to_numpy() for column in ("waarde", "p10", "p90", "p2_5", "p97_5")},
    })
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(output, index=False)

    chosen = result.chosen.iloc[0]
    if chosen["reden"] == "backtest":
        steps = result.backtest[result.backtest["gekozen"]]
        bands = ("conformal, gekalibreerd op de eigen fouten van het model" if chosen["interval"] == CONFORMAL
                 else "van het model zelf; de reeks is te kort om ze te kalibreren")
        accuracy = (f"gekozen met een backtest over {len(steps)} {SOORT_WORD[soort]} vooruit; "
                    f"gemiddelde MASE {steps['mase'].mean():.2f}".replace(".", ",")
                    + f"; in de backtest viel {steps['dekking_80'].mean():.0%} binnen het 80%-interval en "
                    f"{steps['dekking_95'].mean():.0%} binnen het 95%-interval ({bands})")
    else:
        accuracy = "reeks te kort voor een backtest, daarom een model zonder seizoen"
    return (f"Model: {chosen['model']} ({accuracy}). {len(out)} {SOORT_WORD[soort]} voorspeld, "
            f"geschreven naar {output}")
