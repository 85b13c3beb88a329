"""Claims (terugvordering, verhaal, boete) arising during benefits, and their movements.

Most claims are repaid in monthly instalments; about a third of debtors stop paying at some point,
after which the rest is partly remitted (kwijtschelding), partly written off (buiten invordering)
and partly left outstanding. Only movements up to the peildatum are delivered.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.profile import Profile

# per benefit-year: chance of a claim arising, median amount
CLAIM_KINDS = {"terugvordering": (0.06, 900.0), "verhaal": (0.006, 2500.0), "boete": (0.012, 350.0)}
LESS_CULPABLE = np.array(["verminderd", "geen"])
STOP_SHARE = 0.35
AFTER_STOP_DAYS = 180


def simulate_claims(rng: np.random.Generator, benefits: pd.DataFrame, profile: Profile,
                    window_start: np.datetime64, peildatum: np.datetime64) -> tuple[pd.DataFrame, pd.DataFrame]:
    start = np.maximum(benefits["start_day"].to_numpy().astype("datetime64[D]"), window_start)
    end = np.minimum(benefits["end_day"].to_numpy().astype("datetime64[D]"), peildatum)
    days = np.maximum((end - start).astype(int), 0)
    claims = []
    for kind, (rate, median) in CLAIM_KINDS.items():
        count = rng.poisson(rate * days / 365.25)
        owner = np.repeat(np.arange(len(benefits)), count)
        arisen = start[owner] + (rng.random(len(owner)) * (days[owner] + 1)).astype("timedelta64[D]")
        amount = np.round(np.clip(median * rng.lognormal(0, 0.9, len(owner)), 25, 40_000), 2)
        culpability = np.full(len(owner), None, dtype=object)
        if kind == "boete":
            culpable = rng.random(len(owner)) < profile.culpable_fine_share
            severe = np.where(rng.random(len(owner)) < 0.25, "opzet", "grove_schuld")
            culpability = np.where(culpable, severe, LESS_CULPABLE[rng.integers(0, 2, len(owner))])
        # every demo claim arises on a BUIG benefit: regeling empty (data-contract §1)
        claims.append(pd.DataFrame({"owner": owner, "soort": kind, "ontstaan": arisen, "bedrag": amount,
                                    "verwijtbaarheid": culpability, "regeling": None}))
    table = pd.concat(claims, ignore_index=True).sort_values(["ontstaan", "owner", "soort"], kind="stable")
    table = table.reset_index(drop=True)
    table.insert(0, "vordering_id", [f"V{i + 1:07d}" for i in range(len(table))])
    table.insert(1, "client_id", benefits["client_id"].to_numpy()[table["owner"]])
    table.insert(2, "gemeente_code", profile.gemeente_code)
    return table.drop(columns="owner"), _movements(rng, table, peildatum)


def _movements(rng: np.random.Generator, claims: pd.DataFrame, peildatum: np.datetime64) -> pd.DataFrame:
    amount = claims["bedrag"].to_numpy()
    instalment = np.round(np.clip(amount * rng.uniform(0.04, 0.12, len(claims)), 20, 250))
    needed = np.ceil(amount / instalment).astype(int)
    stops = rng.random(len(claims)) < STOP_SHARE
    paid_count = np.where(stops, (rng.random(len(claims)) * needed).astype(int), needed)
    first_payment = claims["ontstaan"].to_numpy().astype("datetime64[D]") + rng.integers(30, 76, len(claims)).astype("timedelta64[D]")
    row_claim = np.repeat(np.arange(len(claims)), paid_count)
    nth = np.arange(len(row_claim)) - np.repeat(np.cumsum(paid_count) - paid_count, paid_count)
    date = first_payment[row_claim] + np.round(nth * 30.4375).astype("timedelta64[D]")
    # the last instalment of a claim paid in full is the remainder
    value = np.where(nth == needed[row_claim] - 1, amount[row_claim] - instalment[row_claim] * nth, instalment[row_claim])
    payments = pd.DataFrame({"claim": row_claim, "datum": date, "bedrag": np.round(value, 2), "soort": "aflossing"})

    remaining = np.round(amount - np.minimum(instalment * paid_count, amount), 2)
    settle_day = first_payment + np.round(paid_count * 30.4375 + AFTER_STOP_DAYS).astype("timedelta64[D]")
    outcome = rng.choice(np.array(["kwijtschelding", "buiten_invordering", "open"]), len(claims), p=[0.4, 0.3, 0.3])
    settled = stops & (remaining > 0) & (outcome != "open")
    closing = pd.DataFrame({"claim": np.flatnonzero(settled), "datum": settle_day[settled],
                            "bedrag": remaining[settled], "soort": outcome[settled]})
    moves = pd.concat([payments, closing], ignore_index=True)
    moves = moves[(moves["datum"] <= peildatum) & (moves["bedrag"] > 0)]
    moves = moves.sort_values(["claim", "datum", "soort"], kind="stable")
    return pd.DataFrame({"vordering_id": claims["vordering_id"].to_numpy()[moves["claim"]],
                         "datum": moves["datum"].to_numpy(), "bedrag": moves["bedrag"].to_numpy(),
                         "soort": moves["soort"].to_numpy()})
