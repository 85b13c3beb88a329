"""Benchmark the forecasts: build-step time for every municipality, accuracy on the real national series.

Usage: python bench/forecast_bench.py [--feed PATH] [--skip-timing]
1. Time: the build's forecast step (pipelines/models/forecast.py, scope all) on the synthetic feed of
   `wimi demo` (342 municipalities and NL, months and quarters, with backtests). Target: under 60 s.
2. Accuracy: CBS 37789ksz, bijstandsuitkeringen totaal, monthly 1998-2013; the last 24 months held out.
   Per step ahead the absolute error and MASE of the build's choice, the seasonal naive and default
   AutoETS, and how often the held-out month fell inside the 80% and 95% intervals.
Writes the figures with date and machine under "## Prognoses" in bench/RESULTS.md (other sections kept).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, SeasonalNaive

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from pipelines.build import render
from pipelines.forecast import FREQUENCIES, forecast_series
from pipelines.models import feed, forecast
from pipelines.settings import SHARED_CBS_DIR, SQL_DIR, get_settings

NATIONAL = SHARED_CBS_DIR / "cbs_37789ksz_uitkeringen_nederland_1998_2013.csv"
HELD_OUT = 24
RESULTS = BENCH / "RESULTS.md"
LOAD_AT_START = os.getloadavg()[0]  # other work on the machine slows every figure below
KPI_SHAPE = ("gemeente_code VARCHAR, periode VARCHAR, indicator VARCHAR, uitsplitsing VARCHAR, teller DOUBLE, "
             "noemer DOUBLE, waarde DOUBLE, bron VARCHAR, volledig BOOLEAN, periode_soort VARCHAR, periode_einde DATE")


def time_build_step(feed_path: Path) -> dict:
    """The forecast model of the build on the feed alone (no extracts), scope all."""
    settings = replace(get_settings(), data_dir=feed_path.parent.parent, forecast_scope="all")
    con = duckdb.connect()
    for schema in ("staging", "intermediate", "marts"):
        con.execute(f"CREATE SCHEMA {schema}")
    feed.run(con, settings)
    kpi_feed = render((SQL_DIR / "intermediate" / "kpi_feed.sql").read_text(), {"feed_dir": feed_path.parent.as_posix()})
    con.execute("CREATE TABLE intermediate.kpi_feed AS " + kpi_feed)
    con.execute(f"CREATE TABLE intermediate.kpi_extract ({KPI_SHAPE})")
    con.execute("CREATE TABLE intermediate.forecast_invoer AS "
                + (SQL_DIR / "intermediate" / "forecast_invoer.sql").read_text())
    started = time.perf_counter()
    forecast.run(con, settings)
    seconds = time.perf_counter() - started
    monthly = con.execute("SELECT gemeente_code AS unique_id, periode_start AS ds, waarde AS y "
                          "FROM intermediate.forecast_invoer WHERE periode_soort = 'maand' ORDER BY 1, 2").df()
    monthly = monthly.groupby("unique_id").tail(forecast.HISTORY["maand"])
    monthly["ds"] = pd.to_datetime(monthly["ds"])
    ets_seconds = {}
    for search in ("AZZ", "ZZZ"):  # the build's search against the full AutoETS
        fitter = StatsForecast(models=[AutoETS(season_length=12, model=search)], freq="MS", n_jobs=settings.duckdb_threads)
        begun = time.perf_counter()
        fitter.forecast(h=24, df=monthly, level=[80, 95])
        ets_seconds[search] = time.perf_counter() - begun
    counts = con.execute("SELECT periode_soort, count(*) AS reeksen, sum(waarnemingen) AS waarnemingen "
                         "FROM marts.forecast_modellen GROUP BY ALL ORDER BY ALL").df()
    chosen = con.execute("SELECT periode_soort, model, count(*) AS n FROM marts.forecast_modellen "
                         "GROUP BY ALL ORDER BY ALL").df()
    coverage = con.execute("SELECT periode_soort, avg(dekking_80) AS d80, avg(dekking_95) AS d95, "
                           "median(mase) AS mase FROM marts.forecast_backtest WHERE gekozen "
                           "GROUP BY ALL ORDER BY ALL").df()
    return {"seconds": seconds, "counts": counts, "chosen": chosen, "coverage": coverage,
            "threads": settings.duckdb_threads,
            "ets_seconds": ets_seconds, "monthly_series": monthly["unique_id"].nunique()}


def _mase_scale(train: np.ndarray, m: int) -> float:
    return float(np.mean(np.abs(train[m:] - train[:-m])))


def national_accuracy() -> pd.DataFrame:
    raw = pd.read_csv(NATIONAL)
    months = raw[raw["periode_type"] == "maand"].sort_values(["jaar", "maand"])
    series = pd.DataFrame({
        "unique_id": "NL",
        "ds": pd.to_datetime({"year": months["jaar"], "month": months["maand"], "day": 1}),
        "y": months["bijstandsuitkeringen_totaal_x1000"].astype(float) * 1000,
    }).reset_index(drop=True)
    train, test = series.iloc[:-HELD_OUT], series.iloc[-HELD_OUT:]
    scale = _mase_scale(train["y"].to_numpy(), FREQUENCIES["maand"].season_length)

    ours = forecast_series(train, "maand", HELD_OUT)
    reference = StatsForecast(models=[SeasonalNaive(season_length=12), AutoETS(season_length=12)], freq="MS",
                              n_jobs=1).forecast(h=HELD_OUT, df=train)
    actual = test["y"].to_numpy()
    rows = pd.DataFrame({"stap": np.arange(1, HELD_OUT + 1), "werkelijk": actual})
    rows["keuze_fout"] = np.abs(ours.forecast["waarde"].to_numpy() - actual)
    rows["seizoensnaief_fout"] = np.abs(reference["SeasonalNaive"].to_numpy() - actual)
    rows["autoets_fout"] = np.abs(reference["AutoETS"].to_numpy() - actual)
    for name in ("keuze", "seizoensnaief", "autoets"):
        rows[f"{name}_mase"] = rows[f"{name}_fout"] / scale
    rows["in_80"] = (ours.forecast["p10"].to_numpy() <= actual) & (actual <= ours.forecast["p90"].to_numpy())
    rows["in_95"] = (ours.forecast["p2_5"].to_numpy() <= actual) & (actual <= ours.forecast["p97_5"].to_numpy())
    rows.attrs["model"] = ours.chosen["model"].iloc[0]
    rows.attrs["scale"] = scale
    return rows


def _nl(x: float, decimals: int = 2) -> str:
    return f"{x:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _markdown(timing: dict | None, accuracy: pd.DataFrame) -> str:
    lines = ["## Prognoses", "",
             (f"Gemeten {datetime.now():%Y-%m-%d %H:%M} op {platform.node()} ({platform.machine()}, "
             f"{os.cpu_count()} cores, gedeeld; belasting bij de start {_nl(LOAD_AT_START, 1)}; Python "
             f"{platform.python_version()}); `python bench/forecast_bench.py`."), ""]
    if timing:
        per_soort = ", ".join(f"{r.periode_soort}: {r.reeksen} reeksen" for r in timing["counts"].itertuples())
        gekozen = "; ".join(f"{soort}: " + ", ".join(f"{r.model} {r.n}" for r in groep.itertuples())
                            for soort, groep in timing["chosen"].groupby("periode_soort"))
        lines += ["### Bouwstap: alle gemeenten en NL, maanden en kwartalen, met backtests", "",
                  f"- {_nl(timing['seconds'], 1)} s met n_jobs = {timing['threads']} (doel: onder 60 s); {per_soort}.",
                  f"- Gekozen modellen: {gekozen}.",
                  "- Backtest van de gekozen modellen (gemiddeld over reeksen en stappen): " + "; ".join(
                      f"{r.periode_soort}: mediane MASE {_nl(r.mase)}, {r.d80:.0%} binnen het 80%-interval, "
                      f"{r.d95:.0%} binnen het 95%-interval" for r in timing["coverage"].itertuples()) + ".",
                  (f"- AutoETS zoekt in de bouw alleen modellen met additieve fout (AZZ): één fit van "
                  f"{timing['monthly_series']} maandreeksen kost {_nl(timing['ets_seconds']['AZZ'], 1)} s, het "
                  f"volledige AutoETS (ZZZ) {_nl(timing['ets_seconds']['ZZZ'], 1)} s."),
                  ("- Backtest: 3 afkappunten een half seizoen uit elkaar, 24 maanden / 8 kwartalen vooruit; "
                  "modellen één keer geschat op het eerste afkappunt (refit=False)."), ""]
    a = accuracy
    lines += ["### Nauwkeurigheid: landelijke reeks CBS 37789ksz (bijstandsuitkeringen, maanden 1998-2013)", "",
              (f"Laatste {HELD_OUT} maanden (2012-2013) achtergehouden; gekozen model: {a.attrs['model']}. "
              f"MASE = absolute fout / {_nl(a.attrs['scale'], 0)} (gemiddelde fout van 'zelfde maand vorig jaar' "
              "binnen de trainingsperiode)."), "",
              "| stappen vooruit | keuze MASE | seizoensnaïef MASE | AutoETS MASE |", "|---|---|---|---|"]
    for lo, hi in ((1, 3), (4, 6), (7, 12), (13, 18), (19, 24), (1, 24)):
        part = a[(a["stap"] >= lo) & (a["stap"] <= hi)]
        lines.append(f"| {lo}-{hi} | {_nl(part['keuze_mase'].mean())} | {_nl(part['seizoensnaief_mase'].mean())} | "
                     f"{_nl(part['autoets_mase'].mean())} |")
    lines += ["", (f"Intervaldekking van de keuze over de 24 maanden: 80%-interval {a['in_80'].mean():.0%}, "
                  f"95%-interval {a['in_95'].mean():.0%}. De kolom AutoETS is het volledige standaardmodel (ZZZ)."), ""]
    return "\n".join(lines)


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Prognoses\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feed", type=Path, default=get_settings().demo_feed_path)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    timing = None
    if not args.skip_timing:
        if not args.feed.exists():
            raise SystemExit(f"geen feed in {args.feed}; draai eerst `wimi demo`")
        timing = time_build_step(args.feed)
        print(f"bouwstap: {timing['seconds']:.1f} s")
    accuracy = national_accuracy()
    section = _markdown(timing, accuracy)
    print(section)
    write_results(section)


if __name__ == "__main__":
    main()
