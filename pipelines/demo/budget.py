"""The BUIG budget per year in its three versions, close to the year's net spending.

The definitive budget lies within a few percent of net spending (benefits minus repayments); in some
years it falls short by more than 7.5%, so the vangnet has something to show. The provisional
versions differ from the definitive one by the revisions seen nationally (a few percent).

A version is delivered only once published by the peildatum: voorlopig in the autumn before the year,
nader voorlopig in spring, definitief in September. So a delivery at 31 December carries next year's
voorlopig budget, which the manager's forecast needs; next year's figure follows the last full year's
net spending with a small revision.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.profile import Profile

FASEN = ("voorlopig", "nader_voorlopig", "definitief")
# (year offset, month) of publication, as the ministry publishes them: (-1, 10) is October of the year before
PUBLICATIE = {"voorlopig": (-1, 10), "nader_voorlopig": (0, 5), "definitief": (0, 9)}


def simulate_budget(rng: np.random.Generator, payments: pd.DataFrame, movements: pd.DataFrame,
                    profile: Profile, peildatum: np.datetime64) -> pd.DataFrame:
    by_month = payments.groupby("maand")["bruto_bedrag"].sum()
    year = by_month.index.str.slice(0, 4).astype(int)
    spending = by_month.groupby(year).sum()
    months = by_month.groupby(year).size()
    repaid = movements[movements["soort"] == "aflossing"]
    repaid = repaid.groupby(pd.to_datetime(repaid["datum"]).dt.year)["bedrag"].sum()
    # a year the span covers only in part is budgeted for the whole year
    net = (spending - repaid.reindex(spending.index, fill_value=0.0)) * 12 / months
    net.loc[net.index.max() + 1] = net.iloc[-1] * (1 + rng.normal(0.02, 0.02))  # next year
    deficit = rng.random(len(net)) < profile.deficit_chance
    surplus = np.where(deficit, -rng.uniform(0.08, 0.14, len(net)), rng.normal(0.01, 0.03, len(net)))
    definitive = net.to_numpy() * (1 + surplus)
    versions = {
        "voorlopig": definitive * (1 + rng.normal(-0.01, 0.025, len(net))),
        "nader_voorlopig": definitive * (1 + rng.normal(0.0, 0.012, len(net))),
        "definitief": definitive,
    }
    peil = pd.Timestamp(peildatum)
    rows = []
    for fase in FASEN:
        offset, month = PUBLICATIE[fase]
        published = [pd.Timestamp(year + offset, month, 1) <= peil for year in net.index]
        rows.append(pd.DataFrame({"gemeente_code": profile.gemeente_code, "jaar": net.index.to_numpy(), "fase": fase,
                                  "bedrag": np.round(versions[fase])})[published])
    return pd.concat(rows, ignore_index=True).sort_values(["jaar", "fase"], kind="stable").reset_index(drop=True)
