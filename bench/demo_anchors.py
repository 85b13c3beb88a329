"""The demo against the national anchors, side by side with each anchor's source (issue 8, item 7).

Usage: python bench/demo_anchors.py [--warehouse PATH]. Reads a built warehouse (default: the one
bench/run.py builds for the default demo, bench/out/default/warehouse.duckdb; when it is missing, the
default demo is generated, loaded and built there first). The figures are computed by the queries in
pipelines/demo/anchors.py; this script only prints them as a Markdown table for bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from pipelines.demo.anchors import markdown, measure  # noqa: E402

DEFAULT_WAREHOUSE = BENCH / "out" / "default" / "warehouse.duckdb"


def build_default_demo(data_dir: Path) -> None:
    env = {**os.environ, "WIMI_DATA_DIR": str(data_dir)}
    for step in (["demo"], ["load", "--demo"], ["build"]):
        subprocess.run([sys.executable, "-m", "pipelines.cli", *step], env=env, check=True,
                       stdout=subprocess.DEVNULL)


def table(warehouse: Path) -> str:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return markdown(measure(con))
    finally:
        con.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    warehouse = parser.parse_args().warehouse
    if not warehouse.exists():
        build_default_demo(warehouse.parent)
    print(f"\n### Demo tegen de landelijke ijkpunten ({warehouse})\n")
    print(table(warehouse))
