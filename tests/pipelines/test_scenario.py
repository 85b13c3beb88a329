"""The stock-flow scenario: one step worked by hand, and the SQL-estimated model replaying a synthetic
caseload in sample within the stated tolerance."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.build import create_schemas_and_macros
from pipelines.scenario import StockFlowModel, caseload_change, replay, simulate
from pipelines.settings import SQL_DIR

DURATIONS = 61  # 0..60 months: duur_max_maanden() in SQL, the last holding every longer duration

# Stated in the report: replayed over the 24 months before the last, the model stays within 5% of the
# observed caseload of a municipality with about 2,000 benefits in every month (inflow noise dominates:
# each calendar month's season rests on three draws). The page shows the measured deviation per
# municipality (demo: 0.7% for Utrecht's 10,000, 4.5% for Tynaarlo's 400).
IN_SAMPLE_TOLERANCE = 0.05


def _flat_model(stock_at_zero: float = 100, work: float = 0.1, inflow: float = 10) -> StockFlowModel:
    stock = np.zeros(DURATIONS)
    stock[0] = stock_at_zero
    return StockFlowModel(pd.Timestamp("2025-12-31"), stock, np.full(12, inflow), np.full(DURATIONS, work),
                          np.zeros(DURATIONS))


def test_steps_worked_by_hand() -> None:
    # 100 benefits, 10% leave for work each month, 10 new ones a month: 100 * 0.9 + 10 = 100, steady
    base = simulate(_flat_model(), 3)
    assert base["volume"].tolist() == pytest.approx([100, 100, 100])
    assert base["maandeinde"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02", "2026-03"]
    # 10% more inflow: 90 + 11 = 101, then 101 * 0.9 + 11 = 101.9
    assert simulate(_flat_model(), 2, inflow_change=0.10)["volume"].tolist() == pytest.approx([101, 101.9])
    # 50% more outflow to work (15%): 85 + 10 = 95, then 95 * 0.85 + 10 = 90.75
    assert simulate(_flat_model(), 2, work_change=0.5)["volume"].tolist() == pytest.approx([95, 90.75])
    # the same change from month 2 on: 100, then 100 * 0.85 + 10 = 95
    assert simulate(_flat_model(), 2, work_change=0.5, change_from=2)["volume"].tolist() == pytest.approx([100, 95])


def test_caseload_change_is_what_the_budget_adds_to_its_baseline() -> None:
    """10% more inflow from month 2: the unchanged model stays at 100; the scenario is 100 in January,
    100 x 0.9 + 11 = 101 in February, 101 x 0.9 + 11 = 101.9 in March. The budget gets the differences
    0, 1 and 1.9 on the first day of each month (the key of its monthly forecast)."""
    model = _flat_model()
    change = caseload_change(simulate(model, 3), simulate(model, 3, inflow_change=0.10, change_from=2))
    assert [d.isoformat() for d in change["maand"]] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert change["verschil"].tolist() == pytest.approx([0, 1, 1.9])


def test_durations_age_and_the_last_one_holds_the_longest() -> None:
    stock = np.zeros(DURATIONS)
    stock[59] = 5
    hazard = np.zeros(DURATIONS)
    hazard[60] = 1.0  # only five years and longer leave, all of them
    model = StockFlowModel(pd.Timestamp("2025-12-31"), stock, np.zeros(12), hazard, np.zeros(DURATIONS))
    # month 1: the five age from 59 to 60 months and stay; month 2: at 60 they all leave
    assert simulate(model, 2)["volume"].tolist() == pytest.approx([5, 0])


def _synthetic_benefits(rng: np.random.Generator) -> pd.DataFrame:
    """Benefits from 2016 to 2025 with monthly exit probabilities by duration band and seasonal inflow."""
    work = {0: 0.020, 12: 0.012, 24: 0.006, 60: 0.003}
    other = {0: 0.015, 12: 0.013, 24: 0.013, 60: 0.013}
    season = 1 + 0.25 * np.cos(2 * np.pi * np.arange(12) / 12)  # January peak
    months = pd.date_range("2016-01-01", "2025-12-01", freq="MS")
    rows = []
    for month in months:
        for _ in range(rng.poisson(45 * season[month.month - 1])):
            start = month + pd.Timedelta(days=int(rng.integers(0, month.days_in_month)))
            end, to_work, age = None, False, 0
            while True:  # a month-end passes: does the benefit end in the month after?
                band = max(b for b in work if b <= age)
                draw = rng.random()
                if draw < work[band] + other[band]:
                    exit_month = start + pd.offsets.MonthBegin(age + 1)
                    end = exit_month + pd.Timedelta(days=int(rng.integers(0, exit_month.days_in_month)))
                    to_work = draw < work[band]
                    break
                age += 1
                if start + pd.offsets.MonthBegin(age) > months[-1]:
                    break
            rows.append((start.date(), end.date() if end is not None and end <= pd.Timestamp("2025-12-31") else None,
                         to_work and end is not None and end <= pd.Timestamp("2025-12-31")))
    frame = pd.DataFrame(rows, columns=["startdatum", "einddatum", "naar_werk"])
    frame["uitkering_id"] = [f"U{i}" for i in range(len(frame))]
    return frame


@pytest.fixture(scope="module")
def estimated() -> duckdb.DuckDBPyConnection:
    """The scenario SQL models run on synthetic row-level inputs shaped like the extract models."""
    con = duckdb.connect()
    create_schemas_and_macros(con)  # the duration cap is a macro
    con.register("benefits", _synthetic_benefits(np.random.default_rng(11)))
    # every benefit its own client, so its own bijstandsperiode
    con.execute("""CREATE TABLE intermediate.uitkeringen AS SELECT 'L1' AS levering_id, 'GM9999' AS gemeente_code,
                   uitkering_id, uitkering_id AS client_id, CAST(startdatum AS DATE) AS startdatum,
                   CAST(einddatum AS DATE) AS einddatum, naar_werk,
                   CASE WHEN einddatum IS NOT NULL THEN CASE WHEN naar_werk THEN 'werk' ELSE 'overig' END END
                       AS reden_einde,
                   1 AS bijstandsperiode_nr, CAST(startdatum AS DATE) AS periode_startdatum FROM benefits""")
    con.execute("""CREATE TABLE intermediate.gemeente_leveringen AS
                   SELECT 'GM9999' AS gemeente_code, 'L1' AS levering_id, DATE '2025-12-31' AS peildatum""")
    con.execute("""CREATE TABLE intermediate.uitkering_standen AS
                   SELECT u.gemeente_code, u.levering_id, CAST(t AS DATE) AS stand_datum, u.uitkering_id,
                          u.startdatum, u.einddatum
                   FROM intermediate.uitkeringen AS u,
                        generate_series(DATE '2016-02-01', DATE '2026-01-01', INTERVAL 1 MONTH) AS g(d),
                        LATERAL (SELECT d - INTERVAL 1 DAY AS t)
                   WHERE u.startdatum <= t AND (u.einddatum IS NULL OR u.einddatum > t)""")
    for name in ("intermediate/bijstandsperiodes", "intermediate/forecast_duur_stromen",
                 "marts/scenario_uitstroomkans", "marts/scenario_instroom", "marts/scenario_voorraad"):
        sql = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"CREATE TABLE {name.replace('/', '.')} AS {sql}")
    yield con
    con.close()


def test_exit_probabilities_come_back_from_the_rows(estimated) -> None:
    bands = estimated.execute("SELECT * FROM marts.scenario_uitstroomkans ORDER BY duur_van").df()
    assert bands["duurband"].tolist() == ["<1jr", "1-2jr", "2-5jr", "5jr+"]
    # the generator's monthly probabilities, to work and otherwise, within sampling noise
    assert bands["kans_werk"].to_numpy() == pytest.approx([0.020, 0.012, 0.006, 0.003], abs=0.004)
    assert bands["kans_overig"].to_numpy() == pytest.approx([0.015, 0.013, 0.013, 0.013], abs=0.004)
    inflow = estimated.execute("SELECT * FROM marts.scenario_instroom ORDER BY kalendermaand").df()
    assert len(inflow) == 12
    # January peak 45 * 1.25, July low 45 * 0.75, minus the few that end in their first month
    assert inflow["instroom"].iloc[0] > inflow["instroom"].iloc[6] * 1.3


def test_model_reproduces_the_observed_caseload_in_sample(estimated) -> None:
    voorraad = estimated.execute("SELECT * FROM marts.scenario_voorraad").df()
    model_inputs = (estimated.execute("SELECT * FROM marts.scenario_instroom").df(),
                    estimated.execute("SELECT * FROM marts.scenario_uitstroomkans").df())
    observed = voorraad.groupby(pd.to_datetime(voorraad["stand_datum"]))["voorraad"].sum()
    begin = observed.index[-25]  # December 2023: replay January 2024 to December 2025
    replayed = simulate(StockFlowModel.from_tables(voorraad, *model_inputs, begin), 24).set_index("maandeinde")
    deviation = (replayed["volume"] / observed.reindex(replayed.index) - 1).abs()
    assert observed.iloc[-1] > 1500  # a municipality of some size, as the tolerance assumes
    assert deviation.max() < IN_SAMPLE_TOLERANCE
    # the page's check is this replay: from December 2023, the same largest deviation
    check = replay(voorraad, *model_inputs)
    assert check.begin == pd.Timestamp("2023-12-31")
    assert check.max_deviation == pytest.approx(deviation.max(), rel=1e-12)
    # a history no longer than the replay has nothing to check against
    assert replay(voorraad[pd.to_datetime(voorraad["stand_datum"]) > begin], *model_inputs) is None
    # the start stock is the last month-end: scenarios start where the observations stop
    assert bool(voorraad.loc[voorraad["startpunt"], "stand_datum"].eq(pd.Timestamp("2025-12-31")).all())
