"""The synthetic benchmark feed: KPI rows for every municipality and NL, indicators CBS does not publish.

Per municipality an aggregate stock-flow series (the same profile as its extract; one generator for
the whole feed, so every municipality is simulated in the same vectorised step): monthly outflow
binomial on the stock, inflow following the target stock with a January peak and noise, outflow to
work peaking in spring and autumn. Yearly quality and money figures are drawn around the profile.
Rows are in the shape of marts.kpi (docs/architecture.md); NL sums tellers and noemers (levels: values).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.demo.benefits import INFLOW_SEASON, LEEFVORM_SHARES, LEEFVORMEN, WORK_SEASON
from pipelines.demo.calendar import last_day, norms
from pipelines.demo.claims import CLAIM_KINDS
from pipelines.demo.payments import gross
from pipelines.demo.profile import Profile

KPI_SCHEMA = pa.schema([
    ("gemeente_code", pa.string()), ("periode", pa.string()), ("indicator", pa.string()),
    ("uitsplitsing", pa.string()), ("teller", pa.float64()), ("noemer", pa.float64()), ("waarde", pa.float64()),
    ("bron", pa.string()), ("volledig", pa.bool_()), ("periode_soort", pa.string()), ("periode_einde", pa.date32()),
])
# the collection ratio's denominator per benefit: outstanding at the start of the year plus new claims,
# about EUR 1,500 + 470 in the demo extracts of 2019 (claims.py); the ratio itself about theirs (10-20%)
COLLECTABLE_PER_BENEFIT = 2000.0
COLLECTION_RATIO, COLLECTION_RATIO_SPREAD = 0.13, 0.025
COUPLE_SHARE = LEEFVORM_SHARES[list(LEEFVORMEN).index("gehuwd")]
FINES_PER_BENEFIT_YEAR = sum(kind.per_benefit_year for kind in CLAIM_KINDS if kind.soort == "boete")
FEED_STREAM = 11  # the feed draws from its own generator: seed and this number
PARTTIME_EARNINGS_MEAN = 490.0 * np.exp(0.55 ** 2 / 2)  # mean of the lognormal in payments.py


def _monthly_series(rng: np.random.Generator, profiles: list[Profile], months: np.ndarray) -> pd.DataFrame:
    """One row per municipality per month: stock at the start, inflow, outflow, outflow to work."""
    every_month = np.concatenate([[months[0] - 1], months])
    target = np.array([p.target_stock(every_month) for p in profiles])
    hazard = np.array([p.outflow_rate for p in profiles]) / 12
    work_share = np.array([p.work_share for p in profiles])
    stock = np.round(target[:, 0]).astype(np.int64)
    columns = {name: np.zeros((len(profiles), len(months)), dtype=np.int64)
               for name in ("begin", "instroom", "uitstroom", "uitstroom_naar_werk")}
    for t, month in enumerate(months, start=1):
        leaving = rng.binomial(stock, hazard)
        # follow the target, and pull back towards it when noise has moved the stock away
        expected = target[:, t] * hazard + (target[:, t] - target[:, t - 1]) + 0.1 * (target[:, t] - stock)
        entering = rng.poisson(np.maximum(expected, 0) * INFLOW_SEASON[month % 12]
                               * rng.lognormal(0, 0.04, len(profiles)))
        to_work = rng.binomial(leaving, np.minimum(work_share * WORK_SEASON[month % 12], 1.0))
        for name, value in (("begin", stock), ("instroom", entering), ("uitstroom", leaving),
                            ("uitstroom_naar_werk", to_work)):
            columns[name][:, t - 1] = value
        stock = stock + entering - leaving
    table = pd.DataFrame({name: value.ravel() for name, value in columns.items()})
    table.insert(0, "gemeente_code", np.repeat([p.gemeente_code for p in profiles], len(months)))
    table.insert(1, "month", np.tile(months, len(profiles)))
    table["eind"] = table["begin"] + table["instroom"] - table["uitstroom"]
    return table


PERIOD_MONTHS = {"maand": 1, "kwartaal": 3, "jaar": 12}


def _period_label(months: np.ndarray, soort: str) -> np.ndarray:
    year, month_of_year = months // 12, months % 12 + 1
    if soort == "maand":
        return np.array([f"{y}-{m:02d}" for y, m in zip(year, month_of_year, strict=True)])
    if soort == "kwartaal":
        return np.array([f"{y}Q{(m - 1) // 3 + 1}" for y, m in zip(year, month_of_year, strict=True)])
    return year.astype(str)


def _aggregate(series: pd.DataFrame, months: np.ndarray, soort: str) -> pd.DataFrame:
    """Per municipality and period; a period that began before `van` would be counted in part: left out."""
    length = PERIOD_MONTHS[soort]
    first_whole = months[0] + (-months[0]) % length
    labels = dict(zip(months, _period_label(months, soort), strict=True))
    kept = series[series["month"] >= first_whole]
    grouped = kept.groupby(["gemeente_code", kept["month"].map(labels).rename("periode")], sort=True)
    period = grouped.agg(begin=("begin", "first"), eind=("eind", "last"), instroom=("instroom", "sum"),
                         uitstroom=("uitstroom", "sum"), uitstroom_naar_werk=("uitstroom_naar_werk", "sum"),
                         last_month=("month", "max"), mean_stock=("eind", "mean"), lasten=("lasten", "sum"),
                         last_leaving=("uitstroom", "last")).reset_index()
    period["periode_soort"] = soort
    return period


def _rows(rng: np.random.Generator, profiles: list[Profile], first: int, last: int) -> pd.DataFrame:
    months = np.arange(first, last + 1)
    series = _monthly_series(rng, profiles, months)
    single, couple = norms(series["month"].to_numpy())
    parttime_by_code = {p.gemeente_code: p.parttime_share for p in profiles}
    parttime_share = series["gemeente_code"].map(parttime_by_code).to_numpy()
    net = (1 - COUPLE_SHARE) * single + COUPLE_SHARE * couple
    series["lasten"] = series["eind"] * gross(net) * (1 - 0.3 * parttime_share)
    monthly, quarters, years = (_aggregate(series, months, soort) for soort in ("maand", "kwartaal", "jaar"))
    rows = [_level(period, "bijstandsvolume", "eind") for period in (monthly, quarters, years)]
    for period in (quarters, years):
        rows += [_level(period, name, name) for name in ("instroom", "uitstroom", "uitstroom_naar_werk")]
        rows.append(_ratio(period, "uitstroomkans_werk", period["uitstroom_naar_werk"],
                           (period["begin"] + period["eind"]) / 2))
        rows.append(_ratio(period, "aandeel_uitstroom_werk", period["uitstroom_naar_werk"], period["uitstroom"]))
    count = len(years)
    profile = {p.gemeente_code: p for p in profiles}

    def share(name: str) -> np.ndarray:
        return years["gemeente_code"].map(lambda code: getattr(profile[code], name)).to_numpy(dtype=float)

    paid = (years["eind"] + years["last_leaving"]).to_numpy()
    parttime = rng.binomial(paid, share("parttime_share"))
    growth = 1.03 ** (years["periode"].astype(int).to_numpy() - 2025)
    earnings = parttime * PARTTIME_EARNINGS_MEAN * growth * rng.lognormal(0, 0.03, count)
    owed = years["mean_stock"].to_numpy() * COLLECTABLE_PER_BENEFIT * rng.lognormal(0, 0.1, count)
    decisions = np.round(years["instroom"] * 1.45).astype(int).to_numpy()
    fines = rng.poisson(FINES_PER_BENEFIT_YEAR * years["mean_stock"].to_numpy())
    stock = years["eind"].to_numpy()
    rows += [
        _ratio(years, "aandeel_parttime", parttime, paid),
        _ratio(years, "gem_inkomsten_parttime", earnings, parttime),
        _ratio(years, "incassoratio", owed * np.clip(rng.normal(COLLECTION_RATIO, COLLECTION_RATIO_SPREAD, count),
                                                     0.05, 0.3), owed),
        _ratio(years, "tijdig_besloten", rng.binomial(decisions, share("timely_share")), decisions),
        _ratio(years, "contact_12m", rng.binomial(stock, share("contact_share")), stock),
        _ratio(years, "aandeel_boete_verwijtbaar", rng.binomial(fines, share("culpable_fine_share")), fines),
        _level(years, "uitkeringslasten", "lasten"),
        _ratio(years, "gem_lasten_per_uitkering", years["lasten"], years["mean_stock"]),
    ]
    return pd.concat(rows, ignore_index=True)


def _frame(period: pd.DataFrame, indicator: str, teller, noemer, waarde) -> pd.DataFrame:
    return pd.DataFrame({
        "gemeente_code": period["gemeente_code"].to_numpy(), "periode": period["periode"].to_numpy(),
        "indicator": indicator,
        "teller": np.asarray(teller, dtype=float) if teller is not None else np.nan,
        "noemer": np.asarray(noemer, dtype=float) if noemer is not None else np.nan,
        "waarde": np.asarray(waarde, dtype=float), "last_month": period["last_month"].to_numpy(),
        "periode_soort": period["periode_soort"].to_numpy(),
    })


def _level(period: pd.DataFrame, indicator: str, column: str) -> pd.DataFrame:
    return _frame(period, indicator, None, None, period[column])


def _ratio(period: pd.DataFrame, indicator: str, teller, noemer) -> pd.DataFrame:
    teller, noemer = np.asarray(teller, dtype=float), np.asarray(noemer, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        waarde = np.where(noemer != 0, teller / noemer, np.nan)
    return _frame(period, indicator, teller, noemer, waarde)


def _national(rows: pd.DataFrame) -> pd.DataFrame:
    keys = ["periode", "indicator", "periode_soort", "last_month"]
    nl = rows.groupby(keys, sort=False).agg(teller=("teller", "sum"), noemer=("noemer", "sum"),
                                            level=("waarde", "sum"), is_level=("teller", lambda s: s.isna().all()))
    nl = nl.reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(nl["noemer"] != 0, nl["teller"] / nl["noemer"], np.nan)
    nl["waarde"] = np.where(nl["is_level"], nl["level"], ratio)
    nl.loc[nl["is_level"], ["teller", "noemer"]] = np.nan
    nl.insert(0, "gemeente_code", "NL")
    return nl.drop(columns=["level", "is_level"])


def build_feed(profiles: list[Profile], seed: int, first: int, last: int) -> pd.DataFrame:
    """KPI rows (contract columns plus volledig, periode_soort, periode_einde) for every profile and NL."""
    rows = _rows(np.random.default_rng([seed, FEED_STREAM]), profiles, first, last)
    rows = pd.concat([rows, _national(rows)], ignore_index=True)
    peildatum = last_day(np.array([last]))[0]
    # a period cut short by `tot` ends where the whole period would
    length = rows["periode_soort"].map(PERIOD_MONTHS)
    period_last = rows["last_month"] - rows["last_month"] % length + length - 1
    rows["periode_einde"] = last_day(period_last.to_numpy())
    rows["volledig"] = rows["periode_einde"] <= peildatum
    rows["uitsplitsing"] = ""
    rows["bron"] = "synthetic"
    rows = rows.sort_values(["gemeente_code", "indicator", "periode_soort", "periode"], kind="stable")
    return rows[[field.name for field in KPI_SCHEMA]].reset_index(drop=True)


def write_feed(rows: pd.DataFrame, path) -> None:
    table = rows.copy()
    table["periode_einde"] = pd.to_datetime(table["periode_einde"]).dt.date
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(table, schema=KPI_SCHEMA, preserve_index=False), path)
