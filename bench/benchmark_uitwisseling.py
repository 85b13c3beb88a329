"""Scale of the benchmark exchange (issue 15): import 342 partner packages and rebuild, against the floor.

Usage: python bench/benchmark_uitwisseling.py [--map MAP]. In a scratch data folder (or MAP): `wimi demo`'s
synthetic feed for every municipality, one package per municipality made from it as a partner would make one
(its quarters and years, small numbers removed by the same SQL rule, written and checked by `wimi deel`'s own
writer), a build without packages, `wimi benchmark importeer` of the 342 folders, and the build again. The
floor is DuckDB reading the same 342 cijfers.csv files once. Prints Markdown for bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipelines.benchmark import pakket  # noqa: E402
from pipelines.benchmark.deel import schrijf_pakket  # noqa: E402
from pipelines.benchmark.importeer import importeer  # noqa: E402
from pipelines.build import create_schemas_and_macros, literal  # noqa: E402
from pipelines.settings import CONFIG_DIR, get_settings  # noqa: E402

BENCH = Path(__file__).resolve().parent
WIMI = [sys.executable, "-m", "pipelines.cli"]


def gemeten(stap: list[str], env: dict) -> dict:
    uit = subprocess.run([sys.executable, str(BENCH / "measure.py"), *stap], env=env, capture_output=True, text=True,
                         check=False)
    resultaat = json.loads(uit.stdout.strip().splitlines()[-1])
    if resultaat["exit"]:
        sys.exit(f"{' '.join(stap)} mislukt:\n{uit.stderr[-2000:]}")
    return resultaat


def pakketten(feed: Path, output: Path) -> list[Path]:
    """A partner's package per municipality of the synthetic feed (peildatum: the feed's last quarter end)."""
    con = duckdb.connect()
    create_schemas_and_macros(con)
    con.execute(f"""CREATE TABLE deelbaar AS
        SELECT f.gemeente_code, f.periode, f.indicator, coalesce(f.uitsplitsing, '') AS uitsplitsing,
               f.teller, f.noemer, f.waarde, f.volledig
        FROM read_parquet({literal(feed.as_posix())}) AS f
        LEFT JOIN read_csv({literal((CONFIG_DIR / 'indicatoren.csv').as_posix())}) AS d ON d.id = f.indicator
        WHERE f.gemeente_code <> 'NL' AND (f.periode LIKE '____Q_' OR length(f.periode) = 4)
          AND NOT klein_aantal(f.teller, f.noemer, f.waarde, d.eenheid)""")
    laatste = con.execute("SELECT max(periode) FROM deelbaar WHERE periode LIKE '____Q_'").fetchall()[0][0]
    jaar, kwartaal = int(laatste[:4]), int(laatste[-1])
    peildatum = duckdb.sql(f"SELECT last_day(make_date({jaar}, {kwartaal * 3}, 1))").fetchall()[0][0]
    codes = [row[0] for row in con.execute("SELECT DISTINCT gemeente_code FROM deelbaar ORDER BY 1").fetchall()]
    output.mkdir(parents=True, exist_ok=True)
    controle = pakket.Controle()
    try:
        return [schrijf_pakket(con, controle, output, code, peildatum, "synthetisch", True, "2026-01-05T09:00:00Z",
                               tabel="deelbaar") for code in codes]
    finally:
        controle.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, help="datamap (standaard een tijdelijke)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wimi-bench-uitwisseling-") as scratch:
        data_dir = (args.map or Path(scratch)).resolve()
        env = os.environ | {"WIMI_DATA_DIR": str(data_dir), "WIMI_FORECAST_SCOPE": "none",
                            "PYTHONPATH": str(BENCH.parent)}
        os.environ.update(env)
        settings = get_settings()
        demo = gemeten([*WIMI, "demo", "--gemeenten", "GM0344", "--scale", "0.05"], env)  # the feed is what counts
        started = time.perf_counter()
        mappen = pakketten(settings.demo_feed_path, data_dir / "pakketten")
        maken = time.perf_counter() - started
        zonder = gemeten([*WIMI, "build"], env)
        started = time.perf_counter()
        uitkomsten = importeer(settings, mappen)
        importeren = time.perf_counter() - started
        geladen = sum(u.status == "geladen" for u in uitkomsten)
        met = gemeten([*WIMI, "build"], env)
        bestanden = [(m / pakket.CIJFERS).as_posix() for m in mappen]
        started = time.perf_counter()
        rijen = duckdb.sql(f"SELECT count(*) FROM read_csv([{', '.join(map(literal, bestanden))}], header = true, "
                           f"columns = {{{', '.join(f'{k!r}: {t!r}' for k, t in pakket.KOLOMMEN.items())}}})"
                           ).fetchall()[0][0]
        vloer = time.perf_counter() - started
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
        partner_rijen = con.execute("SELECT count(*) FROM marts.kpi WHERE bron = 'partner'").fetchall()[0][0]
        con.close()
        megabytes = sum(Path(b).stat().st_size for b in bestanden) / 1e6
    totaal = importeren + met["seconds"]
    belasting = Path("/proc/loadavg").read_text().split()[:3]
    print(f"Machine: {os.uname().machine}, nproc {os.cpu_count()}, belasting (1/5/15 min) {' / '.join(belasting)}; "
          f"DuckDB {duckdb.__version__}")
    print(f"{len(mappen)} pakketten, {rijen:,} cijfers, {megabytes:.1f} MB CSV; {geladen} geladen; "
          f"{partner_rijen:,} partnerrijen in marts.kpi (met de afgeleide per 1.000 en aandeel voorraad)")
    print("| stap | wandtijd s |\n|---|---|")
    print(f"| demo (feed voor 342 gemeenten) | {demo['seconds']:.1f} |")
    print(f"| 342 pakketten maken (wimi deel's schrijver en controle) | {maken:.1f} |")
    print(f"| bouwen zonder pakketten | {zonder['seconds']:.1f} |")
    print(f"| importeren (controle, historie, plaatsen) | {importeren:.1f} |")
    print(f"| bouwen met pakketten | {met['seconds']:.1f} |")
    print(f"| **importeren + bouwen** | **{totaal:.1f}** |")
    print(f"| vloer: DuckDB leest de 342 bestanden één keer | {vloer:.2f} |")
    print(f"Verhouding (importeren + bouwen) / vloer = {totaal / vloer:.0f}x; importeren / vloer = "
          f"{importeren / vloer:.0f}x; extra bouwtijd door de pakketten {met['seconds'] - zonder['seconds']:.1f} s")


if __name__ == "__main__":
    main()
