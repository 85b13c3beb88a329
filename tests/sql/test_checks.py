"""The checks in sql/checks/ find the rows that break their rule (run on hand-made tables)."""
from __future__ import annotations

import duckdb

from pipelines.settings import SQL_DIR

KPI_COLUMNS = ("gemeente_code VARCHAR, periode VARCHAR, indicator VARCHAR, uitsplitsing VARCHAR, "
               "teller DOUBLE, noemer DOUBLE, waarde DOUBLE, bron VARCHAR, volledig BOOLEAN, "
               "periode_soort VARCHAR, periode_einde DATE")


def run_check(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    return con.execute((SQL_DIR / "checks" / f"{name}.sql").read_text(encoding="utf-8")).fetchall()


def kpi_db(table: str, rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    schema = table.split(".")[0]
    con.execute(f"CREATE SCHEMA {schema}")
    con.execute(f"CREATE TABLE {table} ({KPI_COLUMNS})")
    con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * 11)})", rows)
    return con


def test_stock_reconciliation_check_flags_the_period_that_does_not_add_up():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.voorraad_aansluiting (gemeente_code VARCHAR, periode VARCHAR, verschil DOUBLE)")
    # right, off by one (a window counted differently from the stock), and a missing flow (NULL)
    con.execute("INSERT INTO marts.voorraad_aansluiting VALUES ('GM0001', '2024-01', 0), ('GM0001', '2024-02', 1), "
                "('GM0001', '2024-03', NULL)")
    assert [row[:2] for row in run_check(con, "voorraad_aansluiting__sluit")] == [
        ("GM0001", "2024-02"), ("GM0001", "2024-03")]


def test_ratio_check_flags_a_wrong_waarde_and_accepts_empty_for_zero_noemer():
    con = kpi_db("marts.kpi", [
        ("GM0001", "2024", "a", "", 1.0, 4.0, 0.25, "extract", True, "jaar", "2024-12-31"),  # 1/4 right
        ("GM0001", "2024", "b", "", 0.0, 0.0, None, "extract", True, "jaar", "2024-12-31"),  # empty: right
        ("GM0001", "2024", "c", "", 1.0, 3.0, 0.3, "extract", True, "jaar", "2024-12-31"),   # 1/3 is not 0.3
        ("GM0001", "2024", "d", "", 2.0, 0.0, 0.0, "extract", True, "jaar", "2024-12-31"),   # must be empty
    ])
    assert sorted(row[2] for row in run_check(con, "kpi__waarde_is_teller_door_noemer")) == ["c", "d"]


def test_bsn_column_check():
    con = duckdb.connect()
    con.execute("CREATE TABLE clienten (client_id VARCHAR, bsn VARCHAR)")
    assert run_check(con, "extract__geen_bsn_kolom") == [("main", "clienten", "bsn")]
