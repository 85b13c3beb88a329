"""Months as integers (year * 12 + month - 1) and the dates and benefit norms that go with them."""
from __future__ import annotations

import re

import numpy as np

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_EPOCH = 1970 * 12

# domain.md: net norms incl. holiday pay, 1 January 2025 and 1 July 2025 (single, couple)
NORM_2025_H1 = (1345.45, 1922.07)
NORM_2025_H2 = (1369.06, 1955.80)
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


def norms(months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Single and couple norm per month: the 2025 norms exactly, indexed every January and July."""
    half_year = np.asarray(months) // 6 - (2025 * 2 + 1)  # 0 = second half of 2025, -1 = first half
    later = half_year >= 0
    step_h2 = NORM_INDEX_PER_HALF_YEAR ** np.maximum(half_year, 0).astype(float)
    step_h1 = NORM_INDEX_PER_HALF_YEAR ** np.minimum(half_year + 1, 0).astype(float)
    single = np.where(later, NORM_2025_H2[0] * step_h2, NORM_2025_H1[0] * step_h1)
    couple = np.where(later, NORM_2025_H2[1] * step_h2, NORM_2025_H1[1] * step_h1)
    return single, couple
