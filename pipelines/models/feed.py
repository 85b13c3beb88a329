"""The benchmark feed: KPI-shaped rows of other municipalities (bron synthetic or a partner's).

Reads every *.parquet and *.csv in settings.feed_dir into staging.benchmark_feed, cast to the KPI
columns; an empty table of that shape when the folder holds none, so the build never depends on a feed.
"""
from __future__ import annotations

import duckdb

from pipelines.settings import Settings

PRODUCES = ["staging.benchmark_feed"]
DEPENDS_ON: list[str] = []
KEYS = {"staging.benchmark_feed": ("gemeente_code", "periode", "indicator", "uitsplitsing", "bron")}

KPI_COLUMNS = {
    "gemeente_code": "VARCHAR",
    "periode": "VARCHAR",
    "indicator": "VARCHAR",
    "uitsplitsing": "VARCHAR",
    "teller": "DOUBLE",
    "noemer": "DOUBLE",
    "waarde": "DOUBLE",
    "bron": "VARCHAR",
    "volledig": "BOOLEAN",
}


def _reader(path) -> str:
    literal = path.as_posix().replace("'", "''")
    if path.suffix == ".parquet":
        return f"SELECT * FROM read_parquet('{literal}')"
    return f"SELECT * FROM read_csv('{literal}', header = true, all_varchar = true)"


def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    files = sorted(settings.feed_dir.glob("*.parquet")) + sorted(settings.feed_dir.glob("*.csv"))
    if files:
        source = " UNION ALL BY NAME ".join(f"({_reader(path)})" for path in files)
        # a missing uitsplitsing means the total, which the KPI table writes as ''
        columns = ", ".join(
            f"coalesce(CAST({name} AS {kind}), '') AS {name}" if name == "uitsplitsing"
            else f"CAST({name} AS {kind}) AS {name}"
            for name, kind in KPI_COLUMNS.items()
        )
        con.execute(f"CREATE OR REPLACE TABLE staging.benchmark_feed AS SELECT {columns} FROM ({source})")
    else:
        columns = ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in KPI_COLUMNS.items())
        con.execute(f"CREATE OR REPLACE TABLE staging.benchmark_feed AS SELECT {columns} LIMIT 0")
