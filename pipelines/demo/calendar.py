"""Months as integers (year * 12 + month - 1) and the dates and benefit norms that go with them."""
from __future__ import annotations

import csv
import re

import numpy as np

from pipelines.settings import CONFIG_DIR

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_EPOCH = 1970 * 12

NORM_INDEX_PER_HALF_YEAR = 1.025  # the brief's deflator backwards (and inflator forwards) per half year


def parse_month(text: str) -> int:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"maand '{text}' is niet van de vorm JJJJ-MM")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def first_day(months: np.ndarray) -> np.ndarray:
    return (np.asarray(months) - _EPOCH).astype("datetime64[M]").astype("datetime64[D]")


def last_day(months: np.ndarray) -> np.ndarray:
    return first_day(np.asarray(months) + 1) - np.timedelta64(1, "D")


def days_in_month(months: np.ndarray) -> np.ndarray:
    return (first_day(np.asarray(months) + 1) - first_day(months)).astype(int)


def month_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[M]").astype(int) + _EPOCH


def month_label(month: int) -> str:
    return f"{month // 12}-{month % 12 + 1:02d}"


def _published_norms() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The net norms of config/bijstandsnormen.csv: half year (year * 2 + 0 or 1), single, couple."""
    with open(CONFIG_DIR / "bijstandsnormen.csv", encoding="utf-8", newline="") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: row["ingangsdatum"])
    half_years = np.array([int(r["ingangsdatum"][:4]) * 2 + (int(r["ingangsdatum"][5:7]) - 1) // 6 for r in rows])
    return (half_years, np.array([float(r["alleenstaande"]) for r in rows]),
            np.array([float(r["gehuwden"]) for r in rows]))


PUBLISHED_HALF_YEARS, PUBLISHED_SINGLE, PUBLISHED_COUPLE = _published_norms()


def norms(months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Net single and couple norm per month (incl. holiday pay): a published norm from its first day
    until the next; before the first and after the last, indexed every January and July."""
    half_year = np.asarray(months) // 6
    latest = np.clip(np.searchsorted(PUBLISHED_HALF_YEARS, half_year, side="right") - 1, 0, None)
    steps = np.where(half_year < PUBLISHED_HALF_YEARS[0], half_year - PUBLISHED_HALF_YEARS[0],
                     np.maximum(half_year - PUBLISHED_HALF_YEARS[-1], 0)).astype(float)
    index = NORM_INDEX_PER_HALF_YEAR ** steps
    return PUBLISHED_SINGLE[latest] * index, PUBLISHED_COUPLE[latest] * index
