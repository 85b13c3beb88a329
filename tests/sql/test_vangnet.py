"""The vangnet rule (domain.md) on hand-worked cases, through the macros the build creates."""
from __future__ import annotations

import duckdb
import pytest

from pipelines.models import forecast_vangnet
from pipelines.settings import get_settings


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA intermediate")
    forecast_vangnet.run(con, get_settings())
    yield con
    con.close()


def _compensation(con, year: int, deficit: float, deficit_3y: float) -> float:
    return con.execute("SELECT intermediate.vangnet_vergoeding(?, ?, ?)", [year, deficit, deficit_3y]).fetchone()[0]


@pytest.mark.parametrize(
    ("year", "deficit", "deficit_3y", "expected"),
    [
        # 15% deficit: (12.5 - 7.5) x 50% + (15 - 12.5) x 100% = 2.5 + 2.5 = 5% of the budget
        (2022, 0.15, 0.20, 0.05),
        # 10%: (10 - 7.5) x 50% = 1.25%
        (2021, 0.10, 0.12, 0.0125),
        # under the threshold of 7.5%: nothing
        (2022, 0.07, 0.20, 0.0),
        # exactly at the threshold is not above it
        (2022, 0.075, 0.20, 0.0),
        # a 15% deficit, but surpluses in the two years before bring the three years to 6%: nothing
        (2022, 0.15, 0.06, 0.0),
        # a surplus never gets anything
        (2022, -0.05, -0.10, 0.0),
        # up to 2018 the threshold is 5%: (10 - 5) x 50% = 2.5%
        (2017, 0.10, 0.10, 0.025),
        # 6% in 2018 passes the 5% threshold: (6 - 5) x 50% = 0.5%; in 2019 it would give nothing
        (2018, 0.06, 0.06, 0.005),
        (2019, 0.06, 0.06, 0.0),
        # 2025 has no published rules: those of 2023 apply, so 15% gives 5% again
        (2025, 0.15, 0.20, 0.05),
        # 20%: 2.5 + (20 - 12.5) x 100% = 10%
        (2023, 0.20, 0.25, 0.10),
    ],
)
def test_compensation_on_hand_worked_cases(con, year, deficit, deficit_3y, expected) -> None:
    assert _compensation(con, year, deficit, deficit_3y) == pytest.approx(expected, abs=1e-12)


def test_rule_year_says_which_rules_a_year_assumes(con) -> None:
    years = con.execute("SELECT intermediate.vangnet_regeljaar(j) FROM (VALUES (2016), (2023), (2024), (2030)) t(j)").fetchall()
    assert [row[0] for row in years] == [2016, 2023, 2023, 2023]
