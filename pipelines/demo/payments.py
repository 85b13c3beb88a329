"""Payments: one row per benefit per month of entitlement, with part-time earnings set off.

The norm follows leefvorm (couple norm for gehuwd, single norm otherwise), pro rata in the first and
last month. About 8% of benefits have earnings in a month: a fixed group of benefits that work in
about half of their months. 25% of earnings is disregarded (vrijlating, capped); the rest is set off
against the norm, down to 0 when earnings exceed it. The norm is what the client receives (net);
the municipality pays, and the extract records, the gross benefit: the net plus the loonheffing it
withholds and pays to the Belastingdienst.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.calendar import days_in_month, first_day, month_label, norms
from pipelines.demo.profile import Profile

WORKING_MONTH_CHANCE = 0.5
TYPICAL_EARNINGS = 490.0  # median monthly earnings of those with part-time work
DISREGARD_SHARE = 0.25
DISREGARD_CAP = 265.0
# Loonheffing withheld on a benefit, as a share of the gross benefit. The published average cost per
# benefit, gross, was EUR 14,200-14,400 a year in 2018-2019 (domain.md); the net norms of this demo
# give an average benefit-year of about EUR 12,400 net in 2019 (partial months, earnings set off and
# the leefvorm mix included), so about 13% of the gross is withheld.
LOONHEFFING_SHARE = 0.13


def gross(net: np.ndarray) -> np.ndarray:
    """The gross benefit whose net, after loonheffing, is `net`."""
    return net / (1 - LOONHEFFING_SHARE)


def simulate_payments(rng: np.random.Generator, benefits: pd.DataFrame, profile: Profile,
                      first: int, last: int) -> pd.DataFrame:
    start = benefits["start_day"].to_numpy().astype("datetime64[D]")
    end = benefits["end_day"].to_numpy().astype("datetime64[D]")
    start_month = np.maximum(start.astype("datetime64[M]").astype(int) + 1970 * 12, first)
    end_month = np.minimum(end.astype("datetime64[M]").astype(int) + 1970 * 12, last)
    months_paid = np.maximum(end_month - start_month + 1, 0)
    row_benefit = np.repeat(np.arange(len(benefits)), months_paid)
    offsets = np.arange(len(row_benefit)) - np.repeat(np.cumsum(months_paid) - months_paid, months_paid)
    month = start_month[row_benefit] + offsets

    # the share of entitled days in the month: partial in the first and the last month
    month_start, month_days = first_day(month), days_in_month(month)
    from_day = np.maximum((start[row_benefit] - month_start).astype(int), 0)
    to_day = np.minimum((end[row_benefit] - month_start).astype(int) + 1, month_days)
    entitled = (to_day - from_day) / month_days
    single, couple = norms(month)
    couple_benefit = (benefits["leefvorm"].to_numpy() == "gehuwd")[row_benefit]
    norm = np.where(couple_benefit, couple, single) * entitled

    works_sometimes = rng.random(len(benefits)) < profile.parttime_share / WORKING_MONTH_CHANCE
    working = works_sometimes[row_benefit] & (rng.random(len(month)) < WORKING_MONTH_CHANCE)
    earnings = np.where(working, np.round(TYPICAL_EARNINGS * rng.lognormal(0, 0.55, len(month)), 2), 0.0)
    disregard = np.round(np.minimum(earnings * DISREGARD_SHARE, DISREGARD_CAP), 2)
    net = np.maximum(norm - (earnings - disregard), 0)
    labels = np.array([month_label(m) for m in range(first, last + 1)])
    return pd.DataFrame({
        "uitkering_id": benefits["uitkering_id"].to_numpy()[row_benefit],
        "maand": labels[month - first],
        "bruto_bedrag": np.round(gross(net), 2),
        "inkomsten_arbeid": earnings,
        "vrijlating": disregard,
    })
