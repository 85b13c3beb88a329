"""Stock-flow scenario: the caseload month by month from inflow and outflow by duration.

The state is the stock by duration in months (0 = started this month, the last = five years and longer).
Each month every duration keeps the benefits that do not leave (the outflow probabilities of its band,
to work and otherwise), ages one month, and the month's new benefits enter at duration 0. The
parameters are estimated in SQL (marts.scenario_instroom, marts.scenario_uitstroomkans,
marts.scenario_voorraad); this module only runs them forward, fast enough for a slider (microseconds).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class StockFlowModel:
    start: pd.Timestamp          # the month-end of the start stock
    start_stock: np.ndarray      # benefits by duration in months at `start`
    inflow: np.ndarray           # expected new benefits per calendar month, January first
    hazard_work: np.ndarray      # monthly probability of leaving to work, by duration in months
    hazard_other: np.ndarray     # monthly probability of leaving otherwise, by duration in months

    @classmethod
    def from_tables(cls, voorraad: pd.DataFrame, instroom: pd.DataFrame, uitstroomkans: pd.DataFrame,
                    start: pd.Timestamp) -> StockFlowModel:
        """From one municipality's rows of the scenario marts; `start` picks the stock's month-end. The
        durations run to the last band's end (duur_max_maanden() in SQL), which holds every longer one."""
        durations = int(uitstroomkans["duur_tot"].max()) + 1
        at_start = voorraad[pd.to_datetime(voorraad["stand_datum"]) == pd.Timestamp(start)]
        stock = np.zeros(durations)
        np.add.at(stock, at_start["duur_maanden"].to_numpy(dtype=int), at_start["voorraad"].to_numpy(dtype=float))
        inflow = np.zeros(12)
        inflow[instroom["kalendermaand"].to_numpy(dtype=int) - 1] = instroom["instroom"].to_numpy(dtype=float)
        work, other = np.zeros(durations), np.zeros(durations)
        for band in uitstroomkans.itertuples():
            work[int(band.duur_van):int(band.duur_tot) + 1] = band.kans_werk
            other[int(band.duur_van):int(band.duur_tot) + 1] = band.kans_overig
        return cls(pd.Timestamp(start), stock, inflow, work, other)


def simulate(model: StockFlowModel, months: int, inflow_change: float = 0.0, work_change: float = 0.0,
             change_from: int = 1) -> pd.DataFrame:
    """The caseload at each of the next `months` month-ends.

    inflow_change and work_change are relative (0.05 = 5% more new benefits, 5% more outflow to work)
    and apply from month `change_from` on (1 = the first simulated month).
    """
    stock = model.start_stock.astype(float).copy()
    path = np.empty(months)
    month_ends = pd.date_range(model.start + pd.offsets.MonthEnd(1), periods=months, freq="ME")
    for step, month_end in enumerate(month_ends, start=1):
        changed = step >= change_from
        work = model.hazard_work * (1 + work_change) if changed else model.hazard_work
        staying = stock * np.clip(1 - work - model.hazard_other, 0, 1)
        stock = np.empty(staying.size)
        stock[1:] = staying[:-1]
        stock[-1] += staying[-1]
        stock[0] = model.inflow[month_end.month - 1] * ((1 + inflow_change) if changed else 1)
        path[step - 1] = stock.sum()
    return pd.DataFrame({"maandeinde": month_ends, "volume": path})


def caseload_change(unchanged: pd.DataFrame, scenario: pd.DataFrame) -> pd.DataFrame:
    """The scenario's effect per month, as the budget forecast takes it: maand (the month's first day, the
    key of intermediate.forecast_lasten_maand) and verschil (scenario minus unchanged caseload at its end).

    The budget keeps one baseline, the statistical forecast, and adds this effect of the levers to it, so
    a scenario without change gives the baseline exactly, wherever the stock-flow line itself starts.
    """
    return pd.DataFrame({"maand": scenario["maandeinde"].dt.to_period("M").dt.to_timestamp().dt.date,
                         "verschil": scenario["volume"].to_numpy() - unchanged["volume"].to_numpy()})


REPLAY_MONTHS = 24  # the check replays the last two years, the window the outflow probabilities are estimated on


@dataclass(frozen=True)
class Replay:
    begin: pd.Timestamp   # the month-end the replay starts from
    max_deviation: float  # the largest |replayed / observed - 1| over the replayed month-ends


def replay(voorraad: pd.DataFrame, instroom: pd.DataFrame, uitstroomkans: pd.DataFrame) -> Replay | None:
    """The model run forward from the stock of REPLAY_MONTHS before the last month-end, with the same
    inflow and outflow probabilities, against the observed stock: how far off it gets in sample.
    None when the history is shorter than the replay."""
    observed = voorraad.groupby(pd.to_datetime(voorraad["stand_datum"]))["voorraad"].sum()
    if len(observed) <= REPLAY_MONTHS:
        return None
    begin = observed.index[-REPLAY_MONTHS - 1]
    path = simulate(StockFlowModel.from_tables(voorraad, instroom, uitstroomkans, begin), REPLAY_MONTHS)
    deviation = (path.set_index("maandeinde")["volume"] / observed.reindex(path["maandeinde"]) - 1).abs()
    return Replay(begin, float(deviation.max()))
