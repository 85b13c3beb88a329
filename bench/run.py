"""Benchmark the spine: demo generation, load and build, for the default demo and national volume.

Usage: python bench/run.py [--scenario default|national|all]. Each stage runs in its own process
(bench/measure.py) with WIMI_DATA_DIR=bench/out/<scenario>, so wall time and peak memory are that
stage's own. Then three KPIs are computed on the same extract files by DuckDB and by plain pandas
(bench/pandas_reference.py) for a speed ratio. Results are printed as a Markdown table to paste into
bench/RESULTS.md. After the default scenario, the demo against the national anchors (demo_anchors.py).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from demo_anchors import table as anchor_table  # noqa: E402
from pandas_reference import kpis as pandas_kpis  # noqa: E402

SCENARIOS = {
    "default": ["demo"],
    "national": ["demo", "--gemeenten", "all", "--scale", "1.0"],
}
WIMI = [sys.executable, "-m", "pipelines.cli"]


def stage(name: str, args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, str(BENCH / "measure.py"), *WIMI, *args], env=env,
                         capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["exit"] != 0:
        raise SystemExit(f"{name} faalde:\n{out.stderr[-3000:]}")
    return {"stage": name, **result}


def duckdb_kpis(root: Path) -> None:
    """The same three KPIs as pandas_reference, in DuckDB, on the same files."""
    suffix = "parquet" if any(root.glob("*/uitkeringen.parquet")) else "csv"
    read = "read_parquet" if suffix == "parquet" else "read_csv"
    con = duckdb.connect()
    con.execute(f"""
        CREATE TEMP VIEW u AS SELECT gemeente_code, CAST(startdatum AS DATE) s, CAST(einddatum AS DATE) e, reden_einde,
               uitkering_id, filename FROM {read}('{root}/*/uitkeringen.{suffix}', filename = true);
        CREATE TEMP VIEW b AS SELECT uitkering_id, maand, CAST(inkomsten_arbeid AS DOUBLE) inkomsten_arbeid,
               replace(filename, 'betalingen', 'uitkeringen') AS filename
               FROM {read}('{root}/*/betalingen.{suffix}', filename = true);""")
    con.execute("""
        WITH m AS (SELECT unnest(generate_series(date_trunc('month', min(s)), date_trunc('month', max(s)),
                                                 INTERVAL 1 MONTH)) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS t FROM u)
        SELECT gemeente_code, t, count(*) FROM u JOIN m ON s <= t AND (e IS NULL OR e > t) GROUP BY ALL""").fetchall()
    con.execute("""SELECT gemeente_code, date_trunc('quarter', e), count(*) FROM u
                   WHERE reden_einde IN ('werk', 'eigen_bedrijf') GROUP BY ALL""").fetchall()
    con.execute("""SELECT gemeente_code, maand, avg((inkomsten_arbeid > 0)::INT)
                   FROM b JOIN u USING (filename, uitkering_id)
                   GROUP BY ALL""").fetchall()


def run(scenario: str) -> list[dict]:
    data_dir = BENCH / "out" / scenario
    env = {**os.environ, "WIMI_DATA_DIR": str(data_dir)}
    results = [stage("demo", SCENARIOS[scenario], env), stage("load", ["load", "--demo"], env),
               stage("build", ["build"], env)]
    root = data_dir / "demo" / "extracts"
    con = duckdb.connect(str(data_dir / "landing.duckdb"), read_only=True)
    rows = con.execute("SELECT count(*) FROM betalingen").fetchone()[0]
    benefits = con.execute("SELECT count(*) FROM uitkeringen").fetchone()[0]
    con.close()
    for r in results:
        r["rows_per_s"] = round(rows / r["seconds"]) if r["seconds"] else None
    t0 = time.perf_counter()
    duckdb_kpis(root)
    duck_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pandas_kpis(root)
    pandas_s = time.perf_counter() - t0
    results.append({"stage": "3 KPI's DuckDB", "seconds": round(duck_s, 2)})
    results.append({"stage": "3 KPI's pandas", "seconds": round(pandas_s, 2),
                    "ratio": round(pandas_s / duck_s, 1)})
    print(f"\n### {scenario}: {benefits:,} uitkeringen, {rows:,} betaalmaanden "
          f"({date.today()}, {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"DuckDB {duckdb.__version__})")
    print("| stap | wandtijd s | piekgeheugen MB | betaalmaanden/s | noot |\n|---|---|---|---|---|")
    for r in results:
        note = f"pandas/DuckDB = {r['ratio']}x" if "ratio" in r else ""
        print(f"| {r['stage']} | {r['seconds']} | {r.get('peak_mb', '')} | {r.get('rows_per_s', '') or ''} | {note} |")
    if scenario == "default":
        print(f"\n### Demo tegen de landelijke ijkpunten\n\n{anchor_table(data_dir / 'warehouse.duckdb')}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    chosen = parser.parse_args().scenario
    for name in SCENARIOS if chosen == "all" else [chosen]:
        run(name)
