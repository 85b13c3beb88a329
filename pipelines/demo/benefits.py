"""The dynamics of benefits: who enters, how long they stay, why they leave, who comes back.

A stock-flow simulation from 20 years before `van` (so the stock at `van` has a realistic mix of
durations): monthly inflow with a January peak following the municipality's target stock, durations
with a hazard that falls with duration (Weibull shape < 1), exits at AOW age, reasons for leaving with
outflow to work peaking in spring and autumn and likelier after a short stay, and about 30% of those
who leave for work returning within three years.
"""
from __future__ import annotations

from math import gamma

import numpy as np
import pandas as pd

from pipelines.demo.calendar import days_in_month, first_day, last_day, month_of
from pipelines.demo.profile import Profile

BURN_IN_MONTHS = 240
WEIBULL_SHAPE = 0.75  # < 1: the chance to leave falls the longer a benefit runs
AOW_AGE_DAYS = int(67 * 365.25)
RETURN_SHARE = 0.30  # of those who leave for work, back on bijstand within three years
RETURN_MEAN_MONTHS = 10.0
DAYS_PER_MONTH = 30.4375

INFLOW_SEASON = np.array([1.35, 1.05, 1.0, 0.95, 0.95, 0.92, 1.0, 0.93, 1.0, 1.0, 0.95, 0.90])
WORK_SEASON = np.array([0.85, 0.9, 1.15, 1.2, 1.15, 0.95, 0.8, 0.85, 1.2, 1.2, 1.0, 0.75])

REGELINGEN = np.array(["PW", "IOAW", "IOAZ", "BBZ"])
LEEFVORMEN = np.array(["alleenstaand", "alleenstaande_ouder", "gehuwd"])
LEEFVORM_SHARES = [0.60, 0.27, 0.13]  # 13% couples: PERSONS_PER_BENEFIT in profile.py
OTHER_REASONS = np.array(["inkomen_partner", "verhuizing", "overlijden", "overig", "onbekend"])
OTHER_REASON_SHARES = [0.20, 0.22, 0.04, 0.36, 0.18]
SELF_EMPLOYED_SHARE = 0.07  # of outflow to work: eigen_bedrijf


def _draw_durations(rng: np.random.Generator, count: int, mean_months: float) -> np.ndarray:
    scale = mean_months / gamma(1 + 1 / WEIBULL_SHAPE)
    return rng.weibull(WEIBULL_SHAPE, count) * scale * DAYS_PER_MONTH


def _episodes(rng, start_day, birth_day, client, profile: Profile, aow_share: float) -> dict:
    """Benefits starting on start_day: how long they run and why they end."""
    count = len(start_day)
    duration = np.maximum(_draw_durations(rng, count, 12 / profile.outflow_rate).astype(int), 0)
    end_day = start_day + duration.astype("timedelta64[D]")
    aow_day = birth_day + np.timedelta64(AOW_AGE_DAYS, "D")
    at_aow = end_day >= aow_day
    end_day = np.where(at_aow, aow_day - np.timedelta64(1, "D"), end_day)
    end_day = np.maximum(end_day, start_day)
    months_on = (end_day - start_day).astype(int) / DAYS_PER_MONTH
    # outflow to work likelier after a short stay and in spring and autumn; scaled to the profile's share
    pull = WORK_SEASON[month_of(end_day) % 12] * np.where(months_on < 12, 1.4, np.where(months_on < 36, 1.0, 0.55))
    work_chance = np.clip(profile.work_share / (1 - aow_share) * pull / pull.mean(), 0, 0.95)
    to_work = ~at_aow & (rng.random(count) < work_chance)
    reason = np.where(rng.random(count) < SELF_EMPLOYED_SHARE, "eigen_bedrijf", "werk").astype(object)
    others = OTHER_REASONS[rng.choice(len(OTHER_REASONS), count, p=OTHER_REASON_SHARES)]
    reason = np.where(to_work, reason, np.where(at_aow, "aow", others))
    return {"start_day": start_day, "end_day": end_day, "birth_day": birth_day, "client": client, "reason": reason}


def _returns(rng, episodes: dict, last: np.datetime64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New benefits of clients who left for work and come back within three years."""
    left_for_work = np.isin(episodes["reason"], ["werk", "eigen_bedrijf"]) & (episodes["end_day"] < last)
    back = left_for_work & (rng.random(len(left_for_work)) < RETURN_SHARE)
    # truncated exponential: every return falls within 36 months
    u = rng.random(int(back.sum()))
    delay = -RETURN_MEAN_MONTHS * np.log(1 - u * (1 - np.exp(-36 / RETURN_MEAN_MONTHS))) * DAYS_PER_MONTH
    start = episodes["end_day"][back] + np.maximum(delay, 1).astype("timedelta64[D]")
    return start, episodes["birth_day"][back], episodes["client"][back]


def _simulate(rng, profile: Profile, first: int, last: int, inflow_factor: float, aow_share: float) -> dict:
    months = np.arange(first - BURN_IN_MONTHS, last + 1)
    target = profile.target_stock(months)
    growth = np.diff(target, prepend=target[0])
    expected = np.maximum(target * profile.outflow_rate / 12 + growth, 0) * INFLOW_SEASON[months % 12] * inflow_factor
    counts = rng.poisson(expected)
    start_month = np.repeat(months, counts)
    start_day = first_day(start_month) + (rng.random(len(start_month)) * days_in_month(start_month)).astype("timedelta64[D]")
    age_days = ((18 + 48 * rng.beta(1.5, 2.6, len(start_day))) * 365.25).astype(int)
    birth_day = start_day - age_days.astype("timedelta64[D]")
    client = np.arange(len(start_day))
    parts = []
    peildatum = last_day(np.array([last]))[0]
    while len(start_day):
        episodes = _episodes(rng, start_day, birth_day, client, profile, aow_share)
        parts.append(episodes)
        start_day, birth_day, client = _returns(rng, episodes, peildatum)
        keep = start_day <= peildatum
        start_day, birth_day, client = start_day[keep], birth_day[keep], client[keep]
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _stock(episodes: dict, months: np.ndarray) -> np.ndarray:
    """Benefits running past each month end: startdatum <= T < einddatum (indicators.md)."""
    ends = last_day(months)
    starts = np.sort(episodes["start_day"])
    stops = np.sort(episodes["end_day"])
    return np.searchsorted(starts, ends, side="right") - np.searchsorted(stops, ends, side="right")


def simulate_benefits(rng: np.random.Generator, profile: Profile, first: int, last: int) -> pd.DataFrame:
    """Every benefit running at some point in first..last (months), one row each, sorted by start.

    A first pass measures how far exits at AOW age and returns move the stock off its target; the
    second pass corrects the inflow for it.
    """
    trial = _simulate(rng, profile, first, last, 1.0, 0.0)
    months = np.arange(first, last + 1)
    ratio = profile.target_stock(months).sum() / max(_stock(trial, months).sum(), 1)
    ended = trial["end_day"] <= last_day(np.array([last]))[0]
    aow_share = float(np.mean(trial["reason"][ended] == "aow")) if ended.any() else 0.0
    episodes = _simulate(rng, profile, first, last, ratio, aow_share)

    in_span = episodes["end_day"] >= first_day(np.array([first]))[0]
    table = pd.DataFrame({key: value[in_span] for key, value in episodes.items()})
    table = table.sort_values(["start_day", "client"], kind="stable").reset_index(drop=True)
    count = len(table)
    age = (table["start_day"] - table["birth_day"]).dt.days.to_numpy() / 365.25
    regeling = np.where((age >= 50) & (rng.random(count) < 0.12), "IOAW", "PW")
    regeling = np.where((age >= 55) & (rng.random(count) < 0.03), "IOAZ", regeling)
    regeling = np.where((regeling == "PW") & (rng.random(count) < 0.02), "BBZ", regeling)
    leefvorm = LEEFVORMEN[rng.choice(3, count, p=LEEFVORM_SHARES)]
    leefvorm = np.where((leefvorm == "alleenstaande_ouder") & (age >= 55), "alleenstaand", leefvorm)
    table["regeling"] = regeling
    table["leefvorm"] = leefvorm
    table["geboortejaar"] = table["birth_day"].dt.year
    return table
