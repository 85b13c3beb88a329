"""The work around benefits: applications and decisions, client contacts, reductions of benefit."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.profile import Profile

TERM_DAYS = 56  # decisions are due within 8 weeks
REFUSED_PER_GRANTED = 0.45
REFUSALS = np.array(["afgewezen", "buiten_behandeling", "ingetrokken"])
REFUSAL_SHARES = [0.45, 0.35, 0.20]
CHANNELS = np.array(["gesprek", "telefoon", "email", "huisbezoek", "video"])
CHANNEL_SHARES = [0.45, 0.30, 0.10, 0.08, 0.07]
REDUCTIONS_PER_BENEFIT_YEAR = 0.02
PERCENTAGES = np.array([20, 50, 100])


def _decision_days(rng: np.random.Generator, count: int, timely_share: float) -> np.ndarray:
    timely = rng.random(count) < timely_share
    return np.where(timely, rng.integers(5, TERM_DAYS + 1, count), rng.integers(TERM_DAYS + 1, 140, count))


def simulate_applications(rng: np.random.Generator, benefits: pd.DataFrame, profile: Profile,
                          window_start: np.datetime64, peildatum: np.datetime64,
                          new_client_ids) -> pd.DataFrame:
    """One granted application per benefit starting in the window, plus refused and withdrawn ones."""
    starts = benefits["start_day"].to_numpy().astype("datetime64[D]")
    granted = starts >= window_start
    received = starts[granted] + rng.integers(0, 15, int(granted.sum())).astype("timedelta64[D]")
    clients = benefits["client_id"].to_numpy()[granted]
    refused = rng.poisson(REFUSED_PER_GRANTED * granted.sum())
    span = max(int((peildatum - window_start).astype(int)), 1)
    refused_received = window_start + rng.integers(0, span, refused).astype("timedelta64[D]")
    table = pd.DataFrame({
        "client_id": np.concatenate([clients, new_client_ids(refused)]),
        "ontvangen": np.concatenate([received, refused_received]),
        "besluit": np.concatenate([np.full(len(received), "toegekend"),
                                   REFUSALS[rng.choice(3, refused, p=REFUSAL_SHARES)]]).astype(object),
    })
    doorlooptijd = pd.to_timedelta(_decision_days(rng, len(table), profile.timely_share), unit="D")
    table["besluit_datum"] = table["ontvangen"] + doorlooptijd
    table = table[table["ontvangen"] <= peildatum].sort_values(["ontvangen", "client_id"], kind="stable")
    open_at_peildatum = table["besluit_datum"] > peildatum
    table.loc[open_at_peildatum, "besluit_datum"] = pd.NaT
    table.loc[open_at_peildatum, "besluit"] = None
    table.insert(0, "aanvraag_id", [f"A{i + 1:07d}" for i in range(len(table))])
    table.insert(2, "gemeente_code", profile.gemeente_code)
    return table[["aanvraag_id", "client_id", "gemeente_code", "ontvangen", "besluit_datum", "besluit"]]


def _spread(rng, benefits, window_start, peildatum, per_year) -> tuple[np.ndarray, np.ndarray]:
    """Rows per benefit at random days of its time in the window, `per_year` a year on average."""
    start = np.maximum(benefits["start_day"].to_numpy().astype("datetime64[D]"), window_start)
    end = np.minimum(benefits["end_day"].to_numpy().astype("datetime64[D]"), peildatum)
    days = np.maximum((end - start).astype(int), 0)
    count = rng.poisson(per_year * days / 365.25)
    owner = np.repeat(np.arange(len(benefits)), count)
    return owner, start[owner] + (rng.random(len(owner)) * (days[owner] + 1)).astype("timedelta64[D]")


def simulate_contacts(rng: np.random.Generator, benefits: pd.DataFrame, profile: Profile,
                      window_start: np.datetime64, peildatum: np.datetime64) -> pd.DataFrame:
    """Most clients are seen about yearly; some never (the profile's contact share sets how many)."""
    start = np.maximum(benefits["start_day"].to_numpy().astype("datetime64[D]"), window_start)
    end = np.minimum(benefits["end_day"].to_numpy().astype("datetime64[D]"), peildatum)
    contacted = rng.random(len(benefits)) < min(profile.contact_share + 0.08, 0.99)
    interval = rng.integers(150, 380, len(benefits))  # days between contacts
    first = start + rng.integers(0, 90, len(benefits)).astype("timedelta64[D]")
    count = np.where(contacted & (first <= end), (end - first).astype(int) // interval + 1, 0)
    owner = np.repeat(np.arange(len(benefits)), count)
    nth = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    days = first[owner] + (nth * interval[owner]).astype("timedelta64[D]")
    table = pd.DataFrame({"client_id": benefits["client_id"].to_numpy()[owner], "datum": days,
                          "kanaal": CHANNELS[rng.choice(len(CHANNELS), len(owner), p=CHANNEL_SHARES)]})
    return table.sort_values(["datum", "client_id"], kind="stable").reset_index(drop=True)


def simulate_reductions(rng: np.random.Generator, benefits: pd.DataFrame,
                        window_start: np.datetime64, peildatum: np.datetime64) -> pd.DataFrame:
    owner, start = _spread(rng, benefits, window_start, peildatum, REDUCTIONS_PER_BENEFIT_YEAR)
    months = rng.integers(1, 4, len(owner))
    day_of_month = start - start.astype("datetime64[M]").astype("datetime64[D]")
    end = (start.astype("datetime64[M]") + months).astype("datetime64[D]") + day_of_month - np.timedelta64(1, "D")
    revised = rng.random(len(owner)) < 0.25
    revised_on = start + rng.integers(14, 61, len(owner)).astype("timedelta64[D]")
    table = pd.DataFrame({
        "client_id": benefits["client_id"].to_numpy()[owner], "start": start, "eind": end,
        "percentage": PERCENTAGES[rng.choice(3, len(owner), p=[0.55, 0.30, 0.15])],
        "herzien": np.where(revised, "ja", "nee"),
        "herzien_datum": np.where(revised, revised_on, np.datetime64("NaT")),
    }).sort_values(["start", "client_id"], kind="stable")
    table.insert(0, "maatregel_id", [f"M{i + 1:06d}" for i in range(len(table))])
    return table.reset_index(drop=True)
