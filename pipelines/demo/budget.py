"""The BUIG budget per year in its three versions, and the wage-cost subsidies it also pays for.

The budget is the whole gebundelde uitkering (data-contract.md: its wage-cost-subsidy part included),
so the demo first pays wage-cost subsidies (lasten_lks.csv) and then budgets what the BUIG pays for:
benefits plus subsidies minus repayments. The definitive budget lies within a few percent of that; in
a municipality's unlucky years it falls short by 6-12%, so the vangnet has something to show, rarely.

The provisional versions differ from the definitive one by a revision that every municipality of a
year shares, as the national budget is revised: +5.5% from voorlopig to definitief for 2024 and +4.0%
for 2025 (issue 8); other years draw one revision per year, the same for every municipality. The
nader voorlopig version carries half of it (an assumption: its real share varies by year).

A version is delivered only once published by the peildatum: voorlopig in the autumn before the year,
nader voorlopig in spring, definitief in September. So a delivery at 31 December carries next year's
voorlopig budget, which the manager's forecast needs; next year's figure follows the last full year's
spending with a small change.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.profile import Profile

FASEN = ("voorlopig", "nader_voorlopig", "definitief")
# (year offset, month) of publication, as the ministry publishes them: (-1, 10) is October of the year before
PUBLICATIE = {"voorlopig": (-1, 10), "nader_voorlopig": (0, 5), "definitief": (0, 9)}
REVISIE_DEFINITIEF = {2024: 0.055, 2025: 0.040}  # voorlopig -> definitief, national (issue 8)
REVISIE_SEED = 8  # the other years' shared revisions: one draw per year, independent of the municipality
# Wage-cost subsidies as a share of benefit spending: none before the Participatiewet (2015), then
# growing as placements accumulate to about 7.5% (our round figure, of the order of the LKS part of the
# national BUIG budget); each municipality uses it more or less (lognormal factor).
LKS_AANDEEL = {2015: 0.005, 2016: 0.015, 2017: 0.025, 2018: 0.035, 2019: 0.045, 2020: 0.055, 2021: 0.065}
LKS_AANDEEL_VANAF_2022 = 0.075


def budget_tables(rng: np.random.Generator, payments: pd.DataFrame, movements: pd.DataFrame, profile: Profile,
                  peildatum: np.datetime64) -> dict[str, pd.DataFrame]:
    """budget.csv and lasten_lks.csv of one municipality's delivery."""
    lasten_lks = simulate_wage_cost_subsidies(rng, payments, profile)
    return {"lasten_lks": lasten_lks, "budget": simulate_budget(rng, payments, movements, lasten_lks, profile,
                                                                peildatum)}


def _spending_by_year(payments: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Benefit spending per year and the number of months paid in it."""
    by_month = payments.groupby("maand")["bruto_bedrag"].sum()
    year = by_month.index.str.slice(0, 4).astype(int)
    return by_month.groupby(year).sum(), by_month.groupby(year).size()


def simulate_wage_cost_subsidies(rng: np.random.Generator, payments: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """The subsidies paid per year (the running year up to its last month paid)."""
    spending, _ = _spending_by_year(payments)
    use = rng.lognormal(0.0, 0.25)
    share = np.array([0.0 if year < 2015 else LKS_AANDEEL.get(year, LKS_AANDEEL_VANAF_2022) for year in spending.index])
    return pd.DataFrame({"gemeente_code": profile.gemeente_code, "jaar": spending.index.to_numpy(),
                         "bedrag": np.round(spending.to_numpy() * share * use, 2)})


def _revision(year: int) -> float:
    """voorlopig -> definitief of a year, shared by every municipality."""
    if year in REVISIE_DEFINITIEF:
        return REVISIE_DEFINITIEF[year]
    return float(np.random.default_rng([REVISIE_SEED, year]).normal(0.02, 0.015))


def simulate_budget(rng: np.random.Generator, payments: pd.DataFrame, movements: pd.DataFrame,
                    lasten_lks: pd.DataFrame, profile: Profile, peildatum: np.datetime64) -> pd.DataFrame:
    spending, months = _spending_by_year(payments)
    repaid = movements[movements["soort"] == "aflossing"]
    repaid = repaid.groupby(pd.to_datetime(repaid["datum"]).dt.year)["bedrag"].sum()
    subsidies = lasten_lks.set_index("jaar")["bedrag"]
    # what the BUIG pays for; a year the span covers only in part is budgeted for the whole year
    net = (spending + subsidies.reindex(spending.index, fill_value=0.0)
           - repaid.reindex(spending.index, fill_value=0.0)) * 12 / months
    net.loc[net.index.max() + 1] = net.iloc[-1] * (1 + rng.normal(0.02, 0.02))  # next year
    deficit = rng.random(len(net)) < profile.deficit_chance
    surplus = np.where(deficit, -rng.uniform(0.06, 0.12, len(net)), rng.normal(0.005, 0.025, len(net)))
    definitive = net.to_numpy() * (1 + surplus)
    revision = np.array([_revision(int(year)) for year in net.index])
    voorlopig = definitive / (1 + revision)
    versions = {"voorlopig": voorlopig, "nader_voorlopig": voorlopig * (1 + revision / 2), "definitief": definitive}
    peil = pd.Timestamp(peildatum)
    rows = []
    for fase in FASEN:
        offset, month = PUBLICATIE[fase]
        published = [pd.Timestamp(year + offset, month, 1) <= peil for year in net.index]
        rows.append(pd.DataFrame({"gemeente_code": profile.gemeente_code, "jaar": net.index.to_numpy(), "fase": fase,
                                  "bedrag": np.round(versions[fase])})[published])
    return pd.concat(rows, ignore_index=True).sort_values(["jaar", "fase"], kind="stable").reset_index(drop=True)
