"""The benchmark feed: KPI-shaped rows of other municipalities (bron synthetic or partner).

Reads every *.parquet and *.csv in settings.feed_dir (the synthetic demo feed) and every partner package
`wimi benchmark importeer` put in feed/partners/ (bron partner, with the package's peildatum and demo flag)
into staging.benchmark_feed, cast to the KPI columns; an empty table of that shape when there is none, so the
build never depends on a feed.
"""
from __future__ import annotations

import duckdb

from pipelines.benchmark import pakket
from pipelines.build import literal
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
PARTNER_COLUMNS = {"peildatum": "DATE", "partner_demo": "BOOLEAN"}  # NULL for the synthetic feed


def _reader(path) -> str:
    literal = path.as_posix().replace("'", "''")
    if path.suffix == ".parquet":
        return f"SELECT * FROM read_parquet('{literal}')"
    return f"SELECT * FROM read_csv('{literal}', header = true, all_varchar = true)"


def _partners(settings: Settings) -> str | None:
    """One read of every imported package (checked on import), with its manifest's peildatum and demo flag."""
    folders = sorted(pakket.partners_dir(settings).glob("GM*"))
    if not folders:
        return None
    manifests = " UNION ALL ".join(
        f"SELECT {literal((folder / pakket.CIJFERS).as_posix())} AS filename, "
        f"DATE {literal(m.peildatum.isoformat())} AS peildatum, {str(m.demo).lower()} AS partner_demo"
        for folder in folders for m in [pakket.lees_manifest(folder)])
    files = ", ".join(literal((folder / pakket.CIJFERS).as_posix()) for folder in folders)
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in pakket.KOLOMMEN.items())
    return (f"SELECT cijfers.* EXCLUDE (filename), 'partner' AS bron, manifest.peildatum, manifest.partner_demo "
            f"FROM read_csv([{files}], header = true, delim = ',', columns = {{{types}}}, filename = true) "
            f"AS cijfers JOIN ({manifests}) AS manifest USING (filename)")


def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    files = sorted(settings.feed_dir.glob("*.parquet")) + sorted(settings.feed_dir.glob("*.csv"))
    sources = [f"({_reader(path)})" for path in files]
    if partners := _partners(settings):
        sources.append(f"({partners})")
    if sources:
        source = " UNION ALL BY NAME ".join(sources)
        # a missing uitsplitsing means the total, which the KPI table writes as ''
        columns = ", ".join(
            f"coalesce(CAST({name} AS {kind}), '') AS {name}" if name == "uitsplitsing"
            else f"CAST({name} AS {kind}) AS {name}"
            for name, kind in KPI_COLUMNS.items()
        )
        extra = ", ".join(f"CAST({name} AS {kind}) AS {name}" if partners else f"CAST(NULL AS {kind}) AS {name}"
                          for name, kind in PARTNER_COLUMNS.items())
        con.execute(f"CREATE OR REPLACE TABLE staging.benchmark_feed AS SELECT {columns}, {extra} FROM ({source})")
    else:
        columns = ", ".join(f"CAST(NULL AS {kind}) AS {name}"
                            for name, kind in (KPI_COLUMNS | PARTNER_COLUMNS).items())
        con.execute(f"CREATE OR REPLACE TABLE staging.benchmark_feed AS SELECT {columns} LIMIT 0")
