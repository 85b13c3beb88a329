"""Claims (terugvordering, verhaal, boete) arising during benefits, and their movements.

Claims arise while a benefit runs, at a rate per benefit-year. Debtors repay in monthly instalments;
some stop at some point and some never start. What a debtor stopped paying is partly remitted
(kwijtschelding), partly put buiten invordering (still owed, no longer collected) and later written off
(afboeking), and partly left outstanding: former clients keep their debts. The claims administration
holds every claim still owed when the delivery's window opens (arisen on benefits of the ten years
before it) and every claim arisen since; only movements up to the peildatum are delivered.

Calibrated to the national anchors of issue 8: new claims about 3-4% of benefit spending and
repayments about 2%, an average terugvordering of EUR 2,000-2,500 and a fine of about EUR 680, a
collection ratio (indicators.md) of 10-20%, and an outstanding balance per running benefit in the
thousands (nationally EUR 1.4-1.5 bn, domain.md). Amounts are in euros of 2019, the anchors' year,
and follow the benefit norms to the day a claim arises: an overpayment is a number of benefit months.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.demo.calendar import month_of, norms, parse_month
from pipelines.demo.profile import Profile

CLAIM_HISTORY_YEARS = 10
PRICE_MONTH = parse_month("2019-07")  # amounts below are in euros of the norms of this month
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class ClaimKind:
    soort: str
    per_benefit_year: float  # chance of such a claim arising in a year on benefit
    median: float  # of the amount, lognormal
    spread: float  # sigma of the lognormal: the mean is median x exp(spread^2 / 2)
    regeling: str | None  # None: the benefit's own regeling (a BUIG claim)


CLAIM_KINDS = (
    ClaimKind("terugvordering", 0.17, 1500.0, 0.9, None),  # mean EUR 2,250 (July 2019 euros)
    ClaimKind("terugvordering", 0.03, 350.0, 0.8, "BB"),  # overpaid bijzondere bijstand, mean EUR 480
    ClaimKind("verhaal", 0.01, 2500.0, 0.9, None),
    ClaimKind("boete", 0.07, 550.0, 0.68, None),  # mean EUR 693 in July 2019 euros, about 680 over 2019
)
# Fines by culpability: the profile's culpable share is opzet or grove schuld; the rest of the fines
# were imposed for ordinary or lessened culpability, and a few without any (a finding for the accountant)
OPZET_SHARE_OF_CULPABLE = 0.25
LESS_CULPABLE = np.array(["normaal", "verminderd", "geen"])
LESS_CULPABLE_SHARES = [0.60, 0.36, 0.04]

INSTALMENT_MEDIAN = 75.0  # euro a month, about what is set off against a benefit or paid after leaving
PAYS_IN_FULL, STOPS, NEVER_PAYS = 0.45, 0.40, 0.15  # how debtors behave
REMITTED = 0.15  # of what stopped debtors leave unpaid: remitted (debt assistance) one to three years later
OUT_OF_COLLECTION = 0.50  # put buiten invordering half a year to a year and a half after the last payment
WRITTEN_OFF = 0.60  # of those: written off one to four years after that


def price_index(days: np.ndarray) -> np.ndarray:
    """The single norm on these days relative to PRICE_MONTH's."""
    return norms(month_of(days))[0] / norms(np.array([PRICE_MONTH]))[0][0]


def _arise(rng: np.random.Generator, history: pd.DataFrame, profile: Profile, kind: ClaimKind,
           since: np.datetime64, peildatum: np.datetime64) -> pd.DataFrame:
    start = np.maximum(history["start_day"].to_numpy().astype("datetime64[D]"), since)
    end = np.minimum(history["end_day"].to_numpy().astype("datetime64[D]"), peildatum)
    days = np.maximum((end - start).astype(int), 0)
    owner = np.repeat(np.arange(len(history)), rng.poisson(kind.per_benefit_year * days / 365.25))
    arisen = start[owner] + (rng.random(len(owner)) * (days[owner] + 1)).astype("timedelta64[D]")
    amount = np.round(np.clip(kind.median * rng.lognormal(0, kind.spread, len(owner)), 25, 40_000)
                      * price_index(arisen), 2)
    culpability = np.full(len(owner), None, dtype=object)
    if kind.soort == "boete":
        culpable = rng.random(len(owner)) < profile.culpable_fine_share
        severe = np.where(rng.random(len(owner)) < OPZET_SHARE_OF_CULPABLE, "opzet", "grove_schuld")
        lesser = LESS_CULPABLE[rng.choice(len(LESS_CULPABLE), len(owner), p=LESS_CULPABLE_SHARES)]
        culpability = np.where(culpable, severe, lesser)
    regeling = history["regeling"].to_numpy()[owner] if kind.regeling is None else np.full(len(owner), kind.regeling)
    return pd.DataFrame({"owner": owner, "soort": kind.soort, "ontstaan": arisen, "bedrag": amount,
                         "verwijtbaarheid": culpability, "regeling": regeling.astype(object)})


def simulate_claims(rng: np.random.Generator, history: pd.DataFrame, profile: Profile,
                    window_start: np.datetime64, peildatum: np.datetime64) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims and movements of the delivery; `history` holds the benefits of the ten years before the
    window too (client_id, regeling, start_day, end_day)."""
    since = window_start - np.timedelta64(round(CLAIM_HISTORY_YEARS * 365.25), "D")
    table = pd.concat([_arise(rng, history, profile, kind, since, peildatum) for kind in CLAIM_KINDS],
                      ignore_index=True)
    table = table.sort_values(["ontstaan", "owner", "soort"], kind="stable").reset_index(drop=True)
    moves = _movements(rng, table, peildatum)
    lowering = moves[moves["soort"] != "buiten_invordering"]
    settled_before = lowering[lowering["datum"] < window_start].groupby("claim")["bedrag"].sum()
    owed_at_window = table["bedrag"] - settled_before.reindex(table.index, fill_value=0.0)
    delivered = (table["ontstaan"] >= window_start) | (owed_at_window > 0.005)
    # claims taken over from the previous administration at the window's start carry no regeling
    # (empty: a BUIG claim, data-contract.md); bijzondere bijstand was always booked apart
    migrated = table["ontstaan"] < window_start
    table["regeling"] = table["regeling"].where(~migrated | (table["regeling"] == "BB"))
    kept = np.flatnonzero(delivered.to_numpy())
    table = table.iloc[kept].reset_index(drop=True)
    table.insert(0, "vordering_id", [f"V{i + 1:07d}" for i in range(len(table))])
    table.insert(1, "client_id", history["client_id"].to_numpy()[table["owner"]])
    table.insert(2, "gemeente_code", profile.gemeente_code)
    moves = moves[moves["claim"].isin(kept)]
    renumber = np.full(len(delivered), -1)
    renumber[kept] = np.arange(len(kept))
    movements = pd.DataFrame({"vordering_id": table["vordering_id"].to_numpy()[renumber[moves["claim"]]],
                              "datum": moves["datum"].to_numpy(), "bedrag": moves["bedrag"].to_numpy(),
                              "soort": moves["soort"].to_numpy()})
    return table.drop(columns="owner"), movements


def _days(values: np.ndarray) -> np.ndarray:
    return np.round(values).astype(int).astype("timedelta64[D]")


def _movements(rng: np.random.Generator, claims: pd.DataFrame, peildatum: np.datetime64) -> pd.DataFrame:
    """Movements per claim (row number in `claim`), up to the peildatum, in order of claim and date."""
    count = len(claims)
    amount = claims["bedrag"].to_numpy()
    instalment = np.clip(INSTALMENT_MEDIAN * rng.lognormal(0, 0.5, count), 15, 400)
    instalment = np.minimum(np.round(instalment * price_index(claims["ontstaan"].to_numpy())), amount)
    needed = np.ceil(amount / instalment).astype(int)
    behaviour = rng.choice(3, count, p=[PAYS_IN_FULL, STOPS, NEVER_PAYS])
    paid_count = np.select([behaviour == 0, behaviour == 1], [needed, (rng.random(count) * needed).astype(int)], 0)
    first_payment = claims["ontstaan"].to_numpy().astype("datetime64[D]") + _days(rng.integers(30, 76, count))
    row_claim = np.repeat(np.arange(count), paid_count)
    nth = np.arange(len(row_claim)) - np.repeat(np.cumsum(paid_count) - paid_count, paid_count)
    date = first_payment[row_claim] + _days(nth * DAYS_PER_MONTH)
    # the last instalment of a claim paid in full is the remainder
    last = nth == needed[row_claim] - 1
    value = np.where(last, amount[row_claim] - instalment[row_claim] * nth, instalment[row_claim])
    parts = [pd.DataFrame({"claim": row_claim, "datum": date, "bedrag": np.round(value, 2), "soort": "aflossing"})]

    remaining = np.round(amount - np.minimum(instalment * paid_count, amount), 2)
    last_paid = first_payment + _days(paid_count * DAYS_PER_MONTH)
    unpaid = remaining > 0
    remitted = unpaid & (rng.random(count) < REMITTED)
    out_of_collection = unpaid & ~remitted & (rng.random(count) < OUT_OF_COLLECTION)
    written_off = out_of_collection & (rng.random(count) < WRITTEN_OFF)
    remit_day = last_paid + _days(rng.uniform(1, 3, count) * 365.25)
    out_day = last_paid + _days(rng.uniform(180, 540, count))
    write_off_day = out_day + _days(rng.uniform(1, 4, count) * 365.25)
    for soort, chosen, day in (("kwijtschelding", remitted, remit_day),
                               ("buiten_invordering", out_of_collection, out_day),
                               ("afboeking", written_off, write_off_day)):
        # buiten_invordering names what is still owed and lowers nothing; the others settle it
        parts.append(pd.DataFrame({"claim": np.flatnonzero(chosen), "datum": day[chosen],
                                   "bedrag": remaining[chosen], "soort": soort}))
    moves = pd.concat(parts, ignore_index=True)
    moves = moves[(moves["datum"] <= peildatum) & (moves["bedrag"] > 0)]
    return moves.sort_values(["claim", "datum", "soort"], kind="stable").reset_index(drop=True)
