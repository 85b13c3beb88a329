"""The dynamics of benefits: who enters, how long they stay, why they leave, who comes back.

A stock-flow simulation from 20 years before `van` (so the stock at `van` has a realistic mix of
durations): monthly inflow with a January peak following the municipality's target stock, durations
with a hazard that falls with duration (Weibull shape < 1), exits at AOW age, reasons for leaving with
outflow to work peaking in spring and autumn and likelier after a short stay, and returns: about 30%
of those who leave for work are back within three years, more of those who left for a reason that
seldom lasts (overig, onbekend), some within 30 days (a job that ended in its first month).

Benefit chains, as systems record them: a change of leefvorm ends a benefit and starts another for the
same client the next day, or a few days before the old one is closed (an overlap); indicators.md
joins such chains into one bijstandsperiode.
"""
from __future__ import annotations

from math import gamma

import numpy as np
import pandas as pd

from pipelines.demo.calendar import days_in_month, first_day, last_day, month_of
from pipelines.demo.profile import Profile

BURN_IN_MONTHS = 240
SHAPE_CORRECTION_MONTHS = 60
SHAPE_PASSES = 2
WEIBULL_SHAPE = 0.75  # < 1: the chance to leave falls the longer a benefit runs
AOW_AGE_DAYS = int(67 * 365.25)
# Share of leavers back on bijstand within three years, by reason. domain.md: about 30% of leavers
# return within three years, and 24-32% of inflow returns within a year of leaving (CBS 82662NED);
# leaving for an unknown or other reason (stopped for not cooperating, detention, a short income)
# seldom lasts. Moving away and death end the client's history here.
RETURN_SHARE = {"werk": 0.30, "eigen_bedrijf": 0.30, "inkomen_partner": 0.30, "overig": 0.65, "onbekend": 0.65}
RETURN_MEAN_MONTHS = 6.0
RETURN_WITHIN_MONTHS = 36
LEEFVORM_CHANGE_SHARE = 0.05  # of benefits running longer than a quarter: the household changes once
OVERLAP_SHARE = 0.3  # of those changes: the new benefit starts before the old one is closed
MAX_OVERLAP_DAYS = 14
DAYS_PER_MONTH = 30.4375

INFLOW_SEASON = np.array([1.35, 1.05, 1.0, 0.95, 0.95, 0.92, 1.0, 0.93, 1.0, 1.0, 0.95, 0.90])
WORK_SEASON = np.array([0.85, 0.9, 1.15, 1.2, 1.15, 0.95, 0.8, 0.85, 1.2, 1.2, 1.0, 0.75])

LEEFVORMEN = np.array(["alleenstaand", "alleenstaande_ouder", "gehuwd"])
LEEFVORM_SHARES = [0.60, 0.27, 0.13]  # 13% couples: PERSONS_PER_BENEFIT in profile.py
OTHER_REASONS = np.array(["inkomen_partner", "verhuizing", "overlijden", "overig", "onbekend"])
OTHER_REASON_SHARES = [0.20, 0.22, 0.04, 0.36, 0.18]
SELF_EMPLOYED_SHARE = 0.07  # of outflow to work: eigen_bedrijf
IOAW_SHARE_FROM_50 = 0.30  # of benefits starting at 50 or older


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
    """New benefits of clients who left and come back within three years."""
    share = np.array([RETURN_SHARE.get(reason, 0.0) for reason in episodes["reason"]])
    back = (episodes["end_day"] < last) & (rng.random(len(share)) < share)
    # truncated exponential: every return falls within RETURN_WITHIN_MONTHS
    u = rng.random(int(back.sum()))
    tail = 1 - np.exp(-RETURN_WITHIN_MONTHS / RETURN_MEAN_MONTHS)
    delay = -RETURN_MEAN_MONTHS * np.log(1 - u * tail) * DAYS_PER_MONTH
    start = episodes["end_day"][back] + np.maximum(delay, 1).astype("timedelta64[D]")
    return start, episodes["birth_day"][back], episodes["client"][back]


def _simulated_months(first: int, last: int) -> np.ndarray:
    return np.arange(first - BURN_IN_MONTHS, last + 1)


def _simulate(rng, profile: Profile, first: int, last: int, inflow_factor: float, extra_inflow: np.ndarray,
              aow_share: float) -> dict:
    """extra_inflow: entrants per simulated month on top of (or, negative, below) the steady inflow."""
    months = _simulated_months(first, last)
    target = profile.target_stock(months)
    growth = np.diff(target, prepend=target[0])
    steady = np.maximum(target * profile.outflow_rate / 12 + growth, 0) * INFLOW_SEASON[months % 12] * inflow_factor
    expected = np.maximum(steady + extra_inflow, 0)
    counts = rng.poisson(expected)
    start_month = np.repeat(months, counts)
    offset = (rng.random(len(start_month)) * days_in_month(start_month)).astype("timedelta64[D]")
    start_day = first_day(start_month) + offset
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


def _change_leefvorm(rng: np.random.Generator, table: pd.DataFrame, peildatum: np.datetime64) -> pd.DataFrame:
    """Split some benefits where the household changes: the old one ends (overig), a new one with
    another leefvorm runs on to the old end, from the next day or overlapping by up to two weeks."""
    start = table["start_day"].to_numpy().astype("datetime64[D]")
    end = table["end_day"].to_numpy().astype("datetime64[D]")
    days = (np.minimum(end, peildatum) - start).astype(int)
    chosen = np.flatnonzero((days > 90) & (rng.random(len(table)) < LEEFVORM_CHANGE_SHARE))
    split = start[chosen] + (30 + rng.random(len(chosen)) * (days[chosen] - 60)).astype("timedelta64[D]")
    overlap = np.where(rng.random(len(chosen)) < OVERLAP_SHARE, rng.integers(1, MAX_OVERLAP_DAYS + 1, len(chosen)), 0)
    old, new = table.iloc[chosen].copy(), table.iloc[chosen].copy()
    old["end_day"], old["reason"] = split, "overig"
    new["start_day"] = split + (1 - overlap).astype("timedelta64[D]")
    # one of the two other leefvormen (LEEFVORMEN is sorted, so searchsorted gives each one's index)
    new["leefvorm"] = LEEFVORMEN[(np.searchsorted(LEEFVORMEN, new["leefvorm"].to_numpy())
                                  + rng.integers(1, 3, len(chosen))) % 3]
    rest = table.drop(table.index[chosen])
    return pd.concat([rest, old, new]).sort_values(["start_day", "client"], kind="stable").reset_index(drop=True)


def _shape_correction(gap: np.ndarray, simulated: np.ndarray, first: int) -> np.ndarray:
    """Extra entrants per month: the change of the stock's gap to its target, over a centred year
    (the January peak of inflow is the target's too), from SHAPE_CORRECTION_MONTHS before `first`."""
    smooth = pd.Series(gap).rolling(12, center=True, min_periods=1).mean().to_numpy()
    return np.where(simulated > first - SHAPE_CORRECTION_MONTHS, np.diff(smooth, prepend=smooth[0]), 0.0)


def simulate_benefits(rng: np.random.Generator, profile: Profile, since: int, first: int, last: int) -> pd.DataFrame:
    """Every benefit running at some point in since..last (months), one row each, sorted by start;
    `first` is the first month of the delivery, whose stock the simulation follows.

    A first pass measures how far exits at AOW age and returns move the stock off its target; the
    second pass corrects the inflow for it: its level by one factor, and from SHAPE_CORRECTION_MONTHS
    before `first` the month-to-month change of the remaining gap by extra (or fewer) entrants, because
    a stock of mostly long stays follows a change of inflow only slowly and would flatten the national
    shape (the caseload falling about 6% from 2018 to 2023).
    """
    simulated = _simulated_months(first, last)
    trial = _simulate(rng, profile, first, last, 1.0, np.zeros(len(simulated)), 0.0)
    months = np.arange(first, last + 1)
    trial_stock = _stock(trial, simulated)
    ratio = profile.target_stock(months).sum() / max(trial_stock[simulated >= first].sum(), 1)
    ended = trial["end_day"] <= last_day(np.array([last]))[0]
    aow_share = float(np.mean(trial["reason"][ended] == "aow")) if ended.any() else 0.0
    # stock scales with inflow (returns too), so the gap after the level factor is target - ratio x trial
    extra = _shape_correction(profile.target_stock(simulated) - ratio * trial_stock, simulated, first)
    episodes = _simulate(rng, profile, first, last, ratio, extra, aow_share)
    for _ in range(SHAPE_PASSES - 1):
        extra += _shape_correction(profile.target_stock(simulated) - _stock(episodes, simulated), simulated, first)
        episodes = _simulate(rng, profile, first, last, ratio, extra, aow_share)

    in_span = episodes["end_day"] >= first_day(np.array([since]))[0]
    table = pd.DataFrame({key: value[in_span] for key, value in episodes.items()})
    table = table.sort_values(["start_day", "client"], kind="stable").reset_index(drop=True)
    count = len(table)
    age = (table["start_day"] - table["birth_day"]).dt.days.to_numpy() / 365.25
    # IOAW: the older unemployed after WW (3-4% of caseload nationally, issue 8); IOAZ: older self-employed
    regeling = np.where((age >= 50) & (rng.random(count) < IOAW_SHARE_FROM_50), "IOAW", "PW")
    regeling = np.where((age >= 55) & (rng.random(count) < 0.03), "IOAZ", regeling)
    regeling = np.where((regeling == "PW") & (rng.random(count) < 0.02), "BBZ", regeling)
    leefvorm = LEEFVORMEN[rng.choice(3, count, p=LEEFVORM_SHARES)]
    leefvorm = np.where((leefvorm == "alleenstaande_ouder") & (age >= 55), "alleenstaand", leefvorm)
    table["regeling"] = regeling
    table["leefvorm"] = leefvorm
    table = _change_leefvorm(rng, table, last_day(np.array([last]))[0])
    table["geboortejaar"] = table["birth_day"].dt.year
    return table
