"""The benchmark feed: every file in the feed folder, in KPI shape; an empty table when there is none."""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.build import create_schemas_and_macros
from pipelines.models import feed
from pipelines.settings import SQL_DIR, get_settings


def build_feed(settings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_schemas_and_macros(con)  # the period macros kpi_feed reads its periods with
    feed.run(con, settings)
    # no extract here: a partner's package is left out only for a municipality with its own extract
    con.execute("CREATE TABLE intermediate.gemeente_leveringen (gemeente_code VARCHAR)")
    con.execute("CREATE TABLE intermediate.kpi_feed AS "
                + (SQL_DIR / "intermediate" / "kpi_feed.sql").read_text(encoding="utf-8"))
    return con


def test_no_feed_gives_an_empty_table_of_kpi_shape(data_dir):
    con = build_feed(get_settings())
    assert con.execute("SELECT count(*) FROM intermediate.kpi_feed").fetchone()[0] == 0
    columns = [row[0] for row in con.execute("DESCRIBE intermediate.kpi_feed").fetchall()]
    assert columns == ["gemeente_code", "periode", "indicator", "uitsplitsing", "teller", "noemer", "waarde",
                       "bron", "volledig", "periode_soort", "periode_einde"]


def test_parquet_and_csv_feeds_are_merged_with_period_kind_and_end(data_dir):
    settings = get_settings()
    settings.feed_dir.mkdir()
    pd.DataFrame({
        "gemeente_code": ["GM0363", "GM0363"], "periode": ["2024Q3", "2024-02"],
        "indicator": ["bijstandsvolume", "instroom"], "uitsplitsing": ["", ""],
        "teller": [None, None], "noemer": [None, None], "waarde": [100.0, 7.0],
        "bron": ["synthetic", "synthetic"], "volledig": [True, True],
    }).to_parquet(settings.feed_dir / "synthetic_demo.parquet")
    # a partner's CSV without uitsplitsing values: the total is ''
    (settings.feed_dir / "partner.csv").write_text(
        "gemeente_code,periode,indicator,uitsplitsing,teller,noemer,waarde,bron,volledig\n"
        "GM0344,2023,aandeel_uitstroom_werk,,3,4,0.75,synthetic,true\n", encoding="utf-8")
    rows = build_feed(settings).execute(
        "SELECT gemeente_code, periode, uitsplitsing, teller, waarde, periode_soort, CAST(periode_einde AS VARCHAR) "
        "FROM intermediate.kpi_feed ORDER BY gemeente_code, periode").fetchall()
    assert rows == [
        ("GM0344", "2023", "", 3.0, 0.75, "jaar", "2023-12-31"),
        ("GM0363", "2024-02", "", None, 7.0, "maand", "2024-02-29"),   # leap year
        ("GM0363", "2024Q3", "", None, 100.0, "kwartaal", "2024-09-30"),
    ]
