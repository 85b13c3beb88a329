"""The demo's BUIG budget: whole (wage-cost subsidies included), revised by the same share for every
municipality of a year, and close to what the BUIG pays for."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from pipelines.demo.budget import budget_tables

PEILDATUM = np.datetime64("2025-12-31")


def _payments() -> pd.DataFrame:
    """100,000 a month in 2024 and 2025: 1,200,000 of benefits a year."""
    months = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]
    return pd.DataFrame({"maand": months, "bruto_bedrag": 100000.0})


def _tables(code: str, seed: int) -> dict[str, pd.DataFrame]:
    # deficit_chance 0: every year's definitive budget lies close to spending
    profile = SimpleNamespace(gemeente_code=code, deficit_chance=0.0)
    movements = pd.DataFrame({"soort": pd.Series(dtype=str), "datum": pd.Series(dtype=str),
                              "bedrag": pd.Series(dtype=float)})
    return budget_tables(np.random.default_rng(seed), _payments(), movements, profile, PEILDATUM)


def test_revisions_are_shared_by_every_municipality_of_a_year() -> None:
    """voorlopig -> definitief: +5.5% for 2024 and +4.0% for 2025 in both municipalities (issue 8); the
    nader voorlopig carries half of it. Amounts are rounded to euros, hence the tolerance."""
    for code, seed in (("GM0001", 1), ("GM0002", 2)):
        budget = _tables(code, seed)["budget"].pivot(index="jaar", columns="fase", values="bedrag")
        assert budget.loc[2024, "definitief"] / budget.loc[2024, "voorlopig"] == pytest.approx(1.055, abs=1e-5)
        assert budget.loc[2025, "definitief"] / budget.loc[2025, "voorlopig"] == pytest.approx(1.040, abs=1e-5)
        assert budget.loc[2025, "nader_voorlopig"] / budget.loc[2025, "voorlopig"] == pytest.approx(1.020, abs=1e-5)
        # a delivery at 31 December 2025 carries 2026's voorlopig budget only
        assert budget.loc[2026].notna().tolist() == [False, False, True]  # definitief, nader_voorlopig, voorlopig


def test_the_budget_is_whole_and_close_to_what_the_buig_pays() -> None:
    """lasten_lks.csv: 7.5% of benefit spending from 2022 on, times the municipality's own use
    (lognormal); the definitive budget lies within 10% of benefits + subsidies (no repayments here),
    so leaving the subsidies out would make every year look like a surplus of about their size."""
    tables = _tables("GM0001", 1)
    lks = tables["lasten_lks"].set_index("jaar")["bedrag"]
    assert list(lks.index) == [2024, 2025]
    use = lks[2024] / (1200000 * 0.075)
    assert lks[2025] == pytest.approx(1200000 * 0.075 * use) and 0.3 < use < 3
    definitief = tables["budget"].query("fase == 'definitief'").set_index("jaar")["bedrag"]
    for jaar in (2024, 2025):
        assert definitief[jaar] / (1200000 + lks[jaar]) == pytest.approx(1.0, abs=0.10)
