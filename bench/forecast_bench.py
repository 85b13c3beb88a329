"""Benchmark the forecasts: build-step time for every municipality, accuracy on the real national series.

Usage: python bench/forecast_bench.py [--feed PATH] [--skip-timing]
1. Time: the build's forecast step (pipelines/models/forecast.py, scope all) on the synthetic feed of
   `wimi demo` (342 municipalities and NL, months and quarters, with backtests). Target: under 60 s.
   Interval coverage per series in the rolling-origin backtest: the published (calibrated) bands as
   stored in marts.forecast_dekking, against the chosen models' own bands through the same cuts (what
   the build published before calibration). Target: median coverage of the 80% band 75-85%.
2. Accuracy: CBS 37789ksz, bijstandsuitkeringen totaal, monthly 1998-2013; the last 24 months held out.
   Per step ahead the absolute error and MASE of the build's choice, the seasonal naive and default
   AutoETS, and how often the held-out month fell inside the 80% and 95% intervals.
3. Coverage on real series: every complete monthly benefit series of 37789ksz (ten years up to 2013),
   through the build's engine, calibrated against own bands.
Writes the figures with date and machine under "## Prognoses" in bench/RESULTS.md (other sections kept).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, SeasonalNaive, Theta

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # bench runs as a script: the project first, then its imports
from pipelines.build import render  # noqa: E402
from pipelines.forecast.engine import BACKTEST_WINDOWS, ETS_SEARCH, FREQUENCIES, LEVELS, forecast_series  # noqa: E402
from pipelines.models import feed, forecast  # noqa: E402
from pipelines.settings import SHARED_CBS_DIR, SQL_DIR, get_settings  # noqa: E402

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
    kpi_feed = render((SQL_DIR / "intermediate" / "kpi_feed.sql").read_text(),
                      {"feed_dir": feed_path.parent.as_posix()})
    con.execute("CREATE TABLE intermediate.kpi_feed AS " + kpi_feed)
    con.execute(f"CREATE TABLE intermediate.kpi_extract ({KPI_SHAPE})")
    con.execute("CREATE TABLE intermediate.forecast_invoer AS "
                + (SQL_DIR / "intermediate" / "forecast_invoer.sql").read_text())
    load = os.getloadavg()[0]
    started, cpu_before = time.perf_counter(), _cpu_seconds()
    forecast.run(con, settings)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_before
    con.execute("CREATE TABLE marts.forecast_dekking AS "
                + (SQL_DIR / "marts" / "forecast_dekking.sql").read_text(encoding="utf-8"))
    published = con.execute("SELECT gemeente_code AS unique_id, periode_soort, dekking_80, dekking_95, interval "
                            "FROM marts.forecast_dekking").df()
    invoer = con.execute("SELECT gemeente_code AS unique_id, periode_soort, periode_start AS ds, waarde AS y "
                         "FROM intermediate.forecast_invoer ORDER BY 1, 2, 3").df()
    invoer["ds"] = pd.to_datetime(invoer["ds"])
    models = con.execute("SELECT gemeente_code AS unique_id, periode_soort, model FROM marts.forecast_modellen "
                         "WHERE reden = 'backtest'").df()
    own = pd.concat([
        own_band_coverage(invoer[invoer["periode_soort"] == soort].groupby("unique_id").tail(history),
                          models[models["periode_soort"] == soort], soort, forecast.HORIZON[soort],
                          settings.duckdb_threads).assign(periode_soort=soort)
        for soort, history in forecast.HISTORY.items()], ignore_index=True)
    monthly = con.execute("SELECT gemeente_code AS unique_id, periode_start AS ds, waarde AS y "
                          "FROM intermediate.forecast_invoer WHERE periode_soort = 'maand' ORDER BY 1, 2").df()
    monthly = monthly.groupby("unique_id").tail(forecast.HISTORY["maand"])
    monthly["ds"] = pd.to_datetime(monthly["ds"])
    ets_seconds = {}
    for search in ("AZZ", "ZZZ"):  # the build's search against the full AutoETS
        fitter = StatsForecast(models=[AutoETS(season_length=12, model=search)], freq="MS",
                               n_jobs=settings.duckdb_threads)
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
    return {"seconds": seconds, "cpu": cpu, "load": load, "counts": counts, "chosen": chosen, "coverage": coverage,
            "published": published, "own": own, "threads": settings.duckdb_threads,
            "ets_seconds": ets_seconds, "monthly_series": monthly["unique_id"].nunique()}


def _cpu_seconds() -> float:
    """User and system time of this process and its finished workers (statsforecast's pool)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def own_band_coverage(series: pd.DataFrame, chosen: pd.DataFrame, soort: str, horizon: int,
                      n_jobs: int) -> pd.DataFrame:
    """Per series the share of backtest values inside the chosen model's own 80% and 95% bands (AutoETS
    searching its form as the build did before calibration), through the build's cuts."""
    freq = FREQUENCIES[soort]
    h = min(horizon, freq.max_backtest_horizon)
    models = {"AutoETS": AutoETS(season_length=freq.season_length, model=ETS_SEARCH),
              "Theta": Theta(season_length=freq.season_length),
              "SeasonalNaive": SeasonalNaive(season_length=freq.season_length)}
    parts = []
    for name, group in chosen.groupby("model"):
        cv = StatsForecast(models=[models[name]], freq=freq.pandas_freq, n_jobs=n_jobs).cross_validation(
            df=series.loc[series["unique_id"].isin(group["unique_id"]), ["unique_id", "ds", "y"]], h=h,
            n_windows=BACKTEST_WINDOWS,
            step_size=freq.backtest_step, refit=False, level=list(LEVELS))
        inside = pd.DataFrame({f"dekking_{level}": cv["y"].between(cv[f"{name}-lo-{level}"], cv[f"{name}-hi-{level}"])
                               for level in LEVELS})
        parts.append(inside.groupby(cv["unique_id"]).mean().reset_index())
    return pd.concat(parts, ignore_index=True)


def real_series_coverage() -> pd.DataFrame:
    """Every complete monthly benefit series of 37789ksz, its last ten years (as the build keeps), through
    forecast_series: per series the calibrated coverage, and its chosen model's own."""
    raw = pd.read_csv(NATIONAL)
    months = raw[raw["periode_type"] == "maand"].sort_values(["jaar", "maand"])
    ds = pd.to_datetime({"year": months["jaar"], "month": months["maand"], "day": 1})
    columns = [c for c in months.columns if c.endswith("_x1000") and months[c].notna().all()]
    series = pd.concat([pd.DataFrame({"unique_id": c.removesuffix("_x1000"), "ds": ds.to_numpy(),
                                      "y": months[c].to_numpy() * 1000}) for c in columns], ignore_index=True)
    series = series.groupby("unique_id").tail(forecast.HISTORY["maand"])
    result = forecast_series(series, "maand", forecast.HORIZON["maand"])
    winner = result.backtest[result.backtest["gekozen"]]
    calibrated = winner.groupby("unique_id")[["dekking_80", "dekking_95"]].mean()
    own = own_band_coverage(series, result.chosen, "maand", forecast.HORIZON["maand"], 1).set_index("unique_id")
    return calibrated.join(own, rsuffix="_eigen").join(result.chosen.set_index("unique_id")[["model", "interval"]])


def _spread(values: pd.Series) -> str:
    q = values.quantile([0.1, 0.25, 0.5, 0.75, 0.9])
    return (f"**{q[0.5]:.0%}** (p10-p90 {q[0.1]:.0%}-{q[0.9]:.0%}, kwartielen {q[0.25]:.0%}-{q[0.75]:.0%}, "
            f"min {values.min():.0%})")


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


def _coverage_lines(published: pd.DataFrame, own: pd.DataFrame) -> list[str]:
    """A table row per frequency and level: median and spread over series, own bands against calibrated."""
    lines = ["| reeksen | band | eigen banden van het model (vóór) | gekalibreerd, gepubliceerd (na) |",
             "|---|---|---|---|"]
    for soort in ("maand", "kwartaal"):
        ours, theirs = published[published["periode_soort"] == soort], own[own["periode_soort"] == soort]
        for level in LEVELS:
            lines.append(f"| {soort} ({len(ours)}) | {level}% | {_spread(theirs[f'dekking_{level}'])} | "
                         f"{_spread(ours[f'dekking_{level}'])} |")
    for level in LEVELS:
        lines.append(f"| alle ({len(published)}) | {level}% | {_spread(own[f'dekking_{level}'])} | "
                     f"{_spread(published[f'dekking_{level}'])} |")
    return lines


def _markdown(timing: dict | None, accuracy: pd.DataFrame, real: pd.DataFrame) -> str:
    lines = ["## Prognoses", "",
             (f"Gemeten {datetime.now():%Y-%m-%d %H:%M} op {platform.node()} ({platform.machine()}, "
             f"{os.cpu_count()} cores, gedeeld; belasting bij de start {_nl(LOAD_AT_START, 1)}; Python "
             f"{platform.python_version()}); `python bench/forecast_bench.py`."), ""]
    if timing:
        per_soort = ", ".join(f"{r.periode_soort}: {r.reeksen} reeksen" for r in timing["counts"].itertuples())
        gekozen = "; ".join(f"{soort}: " + ", ".join(f"{r.model} {r.n}" for r in groep.itertuples())
                            for soort, groep in timing["chosen"].groupby("periode_soort"))
        lines += ["### Bouwstap: alle gemeenten en NL, maanden en kwartalen, met backtests", "",
                  (f"- {_nl(timing['seconds'], 1)} s wandtijd, {_nl(timing['cpu'], 1)} s processortijd, met n_jobs = "
                   f"{timing['threads']}, belasting bij de start van de stap {_nl(timing['load'], 1)} "
                   "(doel: onder 60 s); "
                   f"{per_soort}."),
                  f"- Gekozen modellen: {gekozen}.",
                  "- Backtest van de gekozen modellen (gemiddeld over reeksen en stappen): " + "; ".join(
                      f"{r.periode_soort}: mediane MASE {_nl(r.mase)}, {r.d80:.0%} binnen het 80%-interval, "
                      f"{r.d95:.0%} binnen het 95%-interval" for r in timing["coverage"].itertuples()) + ".",
                  (f"- AutoETS zoekt in de bouw alleen modellen met additieve fout (AZZ): één fit van "
                  f"{timing['monthly_series']} maandreeksen kost {_nl(timing['ets_seconds']['AZZ'], 1)} s, het "
                  f"volledige AutoETS (ZZZ) {_nl(timing['ets_seconds']['ZZZ'], 1)} s."),
                  ("- Backtest: 3 afkappunten een half seizoen uit elkaar, 24 maanden / 8 kwartalen vooruit; "
                  "modellen één keer geschat op het eerste afkappunt (refit=False)."), "",
                  "### Intervaldekking per reeks in de backtest (doel: mediaan 80%-band 75-85%)", "",
                  ("Per reeks het aandeel van de 72 (maand) of 24 (kwartaal) achtergehouden waarden binnen de band; "
                   "mediaan en spreiding over de reeksen. Vóór: de eigen banden van het gekozen model (AutoETS met "
                   "vormzoektocht) door dezelfde afkappunten, wat de bouw vóór de kalibratie publiceerde. Na: "
                   "conformal (statsforecast ConformalIntervals, 2 kalibratievensters, conformal_error), bij elk "
                   "afkappunt gekalibreerd op de gegevens ervóór (marts.forecast_dekking). Intervalsoort: "
                   + ", ".join(f"{k} {v}" for k, v in timing["published"]["interval"].value_counts().items())
                   + "."), "", *_coverage_lines(timing["published"], timing["own"]), ""]
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
    lines += ["### Intervaldekking op echte reeksen: alle volledige maandreeksen van CBS 37789ksz", "",
              ("Uitkeringen per regeling, maanden 2004-2013 (de laatste tien jaar, zoals de bouw), door de "
               "prognosemotor met dezelfde backtest; per reeks het aandeel binnen de band."), "",
              "| reeks | model | interval | 80% eigen | 80% gekalibreerd | 95% eigen | 95% gekalibreerd |",
              "|---|---|---|---|---|---|---|"]
    for name, r in real.iterrows():
        lines.append(f"| {name} | {r['model']} | {r['interval']} | {r['dekking_80_eigen']:.0%} | "
                     f"{r['dekking_80']:.0%} | {r['dekking_95_eigen']:.0%} | {r['dekking_95']:.0%} |")
    medians = real[["dekking_80_eigen", "dekking_80", "dekking_95_eigen", "dekking_95"]].median()
    lines += [f"| mediaan ({len(real)}) | | | " + " | ".join(f"{m:.0%}" for m in medians) + " |", ""]
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
    section = _markdown(timing, accuracy, real_series_coverage())
    print(section)
    write_results(section)


if __name__ == "__main__":
    main()
