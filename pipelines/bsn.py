"""The BSN guard of the loader (data-contract §1, loading rules): a BSN must never enter.

A delivery fails as a whole when any column of any file, in the contract or not, is named like a BSN
or holds BSNs: at least half of its non-empty values are 9 digits after removing spaces, dots and
dashes (8 digits count too: a spreadsheet dropped the leading zero) that pass the elfproef. About
one random 9-digit number in eleven passes, so the column is judged, never a single value. The test
runs inside DuckDB over every column of a file in one scan.
"""
from __future__ import annotations

import re

from pipelines.load_contract import quote
from pipelines.load_read import LoadError

# Squashed names (lower case, without spaces, underscores, dashes and dots) a BSN column goes by.
BSN_NAMES = frozenset({"bsn", "bsnnummer", "bsnnr", "burgerservicenummer", "sofinummer", "sofinr"})
# A column is judged to hold BSNs when at least this share of its non-empty values are BSNs.
BSN_SHARE = 0.5
# With fewer values a column cannot be judged: two random ids out of three pass with 2.4% chance.
BSN_MIN_VALUES = 3

# A value written as a contract date (2024-03-31, 31-03-2024) is a date, even when its 8 digits pass
# the elfproef: without this a small file whose dates mostly fall on one such day would fail.
MACROS = r"""
CREATE OR REPLACE TEMP MACRO wimi_elfproef(v) AS
    CASE WHEN length(v) <> 9 OR v = '000000000' THEN false WHEN regexp_full_match(v, '[0-9]{9}') THEN
        (9 * v[1]::INT + 8 * v[2]::INT + 7 * v[3]::INT + 6 * v[4]::INT + 5 * v[5]::INT
         + 4 * v[6]::INT + 3 * v[7]::INT + 2 * v[8]::INT - v[9]::INT) % 11 = 0
    ELSE false END;
CREATE OR REPLACE TEMP MACRO wimi_bsn_cijfers(v) AS
    CASE WHEN regexp_full_match(v, '\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}-[0-9]{4})\s*') THEN NULL
         ELSE regexp_replace(v, '[\s.\-\x{00A0}]', '', 'g') END;
CREATE OR REPLACE TEMP MACRO wimi_is_bsn(v) AS
    CASE length(wimi_bsn_cijfers(v))
        WHEN 9 THEN wimi_elfproef(wimi_bsn_cijfers(v))
        WHEN 8 THEN wimi_elfproef('0' || wimi_bsn_cijfers(v))
        ELSE false END;
"""


def named_like_bsn(column: str) -> bool:
    return re.sub(r"[\s_.\-]", "", column.lower()) in BSN_NAMES


def refuse_bsn(con, file_name: str, table: str, columns: list[str]) -> None:
    """Raise LoadError naming file and column when a column of `table` is named like a BSN or holds BSNs."""
    for column in columns:
        if named_like_bsn(column):
            raise LoadError(f"{file_name}: kolom '{column}' heeft de naam van een burgerservicenummer (BSN). "
                            "Een BSN mag nooit worden geladen: laat de kolom weg.")
    if not columns:
        return
    con.execute(MACROS)
    counts = ", ".join(
        f"count(nullif(trim({quote(c)}), '')), count_if(wimi_is_bsn({quote(c)}))" for c in columns
    )
    row = con.execute(f"SELECT {counts} FROM {table}").fetchone()
    for i, column in enumerate(columns):
        values, passing = row[2 * i], row[2 * i + 1]
        if values >= BSN_MIN_VALUES and passing >= BSN_SHARE * values:
            raise LoadError(f"{file_name}: kolom '{column}' bevat burgerservicenummers (BSN; {_count(passing)} van "
                            f"{_count(values)} waarden zijn een BSN volgens de elfproef). Een BSN mag nooit "
                            "worden geladen: pseudonimiseer de kolom of laat hem weg.")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")
