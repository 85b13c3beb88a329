"""What kind of municipality this is, in the numbers the demo's dynamics need.

One profile per municipality, drawn from its own generator (seed + code), so the contract extract
and the synthetic benchmark feed of a municipality tell the same story.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.demo.calendar import parse_month

# CBS counts persons, the extract counts benefits: a couple is one benefit and two persons. With 13%
# of benefits to couples (the leefvorm mix in benefits.py), persons = 1.13 x benefits.
PERSONS_PER_BENEFIT = 1.13
NATIONAL_BIJSTAND_PER_1000 = 22.6  # KWB 2024: 405,770 persons / 17,942,942 inhabitants

# National stock at the end of each year relative to the end of 2023 (CBS persons under AOW age:
# 448k 2015, 464k 2016, 457k 2017, ~431k end 2018, ~406k end 2023; years between interpolated,
# with the 2020 pandemic bump), interpolated per month and flat outside.
_STOCK_SHAPE = {2014: 1.08, 2015: 1.12, 2016: 1.14, 2017: 1.13, 2018: 1.07, 2019: 1.05, 2020: 1.07,
                2021: 1.03, 2022: 0.99, 2023: 1.00, 2024: 1.01, 2025: 1.02}


@dataclass(frozen=True)
class Profile:
    gemeente_code: str
    benefits_at_reference: float  # running benefits at the reference month (real count, scaled)
    reference_month: int  # the month the published count refers to
    outflow_rate: float  # yearly outflow / stock
    work_share: float  # outflow to work / outflow
    parttime_share: float  # benefits with earnings in a month
    trend_per_year: float  # local drift on top of the national shape
    contact_share: float  # benefits whose client had a contact in the last 12 months
    timely_share: float  # decisions within 8 weeks
    culpable_fine_share: float  # fines with opzet or grove schuld
    deficit_chance: float  # chance that a year's budget falls short by more than 7.5%

    def target_stock(self, months: np.ndarray) -> np.ndarray:
        shape = _national_shape(np.asarray(months)) / _national_shape(np.array([self.reference_month]))[0]
        drift = (1 + self.trend_per_year) ** ((np.asarray(months) - self.reference_month) / 12)
        return self.benefits_at_reference * shape * drift


def _national_shape(months: np.ndarray) -> np.ndarray:
    years = np.array(sorted(_STOCK_SHAPE))
    year_ends = years * 12 + 11
    return np.interp(months, year_ends, [_STOCK_SHAPE[y] for y in years])


def municipality_number(code: str) -> int:
    return int(code[2:]) if code[2:].isdigit() else 0


def make_profile(row: pd.Series, seed: int, scale: float) -> Profile:
    """Urban, low-income places have more bijstand (already in the real count) and less outflow to work."""
    rng = np.random.default_rng([seed, municipality_number(row["gemeente_code"]), 7])
    urban = (3 - (row["stedelijkheid"] if pd.notna(row["stedelijkheid"]) else 3)) / 2  # +1 very urban .. -1 rural
    income = row["gem_gestandaardiseerd_inkomen"]
    income_z = (income - 42_000) / 4_000 if pd.notna(income) else 0.0
    persons = row["bijstand_personen"]
    if pd.isna(persons):  # suppressed by CBS: the national rate
        persons = row["inwoners"] * NATIONAL_BIJSTAND_PER_1000 / 1000
    year = int(row["bijstand_jaar"]) if pd.notna(row["bijstand_jaar"]) else 2024
    # KWB counts (2019 on) refer to about the end of the previous year; 2015-2017 to the year's end
    reference_year = year - 1 if year >= 2018 else year
    return Profile(
        gemeente_code=row["gemeente_code"],
        benefits_at_reference=max(float(persons) / PERSONS_PER_BENEFIT * scale, 1.0),
        reference_month=parse_month(f"{reference_year}-12"),
        outflow_rate=float(np.clip(0.26 - 0.015 * urban + 0.01 * income_z + rng.normal(0, 0.015), 0.2, 0.32)),
        work_share=float(np.clip(0.44 - 0.03 * urban + 0.02 * income_z + rng.normal(0, 0.02), 0.37, 0.52)),
        parttime_share=float(np.clip(0.08 + 0.008 * urban + rng.normal(0, 0.008), 0.055, 0.105)),
        trend_per_year=float(rng.normal(0, 0.01)),
        contact_share=float(np.clip(rng.normal(0.84, 0.06), 0.6, 0.97)),
        timely_share=float(np.clip(rng.normal(0.88, 0.04), 0.7, 0.98)),
        culpable_fine_share=float(np.clip(rng.normal(0.6, 0.12), 0.25, 0.95)),
        deficit_chance=float(np.clip(0.12 + 0.06 * urban + rng.normal(0, 0.04), 0.02, 0.3)),
    )
