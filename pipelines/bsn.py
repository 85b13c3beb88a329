"""The BSN guard of the loader (data-contract §1, loading rules): a BSN must never enter.

A delivery fails as a whole when any column of any file, in the contract or not, is named like a BSN
or holds BSNs: at least half of its non-empty values are 9 digits after removing spaces, dots and
dashes (8 digits count too: a spreadsheet dropped the leading zero) that pass the elfproef. About
one random 9-digit number in eleven passes, so the column is judged, never a single value. The test
runs inside DuckDB over every column of a file in one scan.
"""
from __future__ import annotations

import re

from pipelines.load.contract import quote
from pipelines.load.read import LoadError

# Squashed names (lower case, without spaces, underscores, dashes and dots) a BSN column goes by.
BSN_NAMES = frozenset({"bsn", "bsnnummer", "bsnnr", "burgerservicenummer", "sofinummer", "sofinr"})
# A column is judged to hold BSNs when at least this share of its non-empty values are BSNs.
BSN_SHARE = 0.5
# With fewer values a column cannot be judged: two random ids out of three pass with 2.4% chance.
BSN_MIN_VALUES = 3

# One scan over every column of a file. The digits are taken once per value in a subquery (a macro
# would repeat the regular expression per use) and only values of 8 to 24 characters are looked at;
# the elfproef is arithmetic: a column of 1M ids in 0.35 s on 2 threads. A value written as a contract date (2024-03-31,
# 31-03-2024) is a date even when its 8 digits pass: else a small file whose dates mostly fall on such a
# day would fail. Likewise an amount with a decimal point and one or two decimals (2337081.6): no way of
# writing a BSN ends in such a group, and without the point one amount in eleven passes.
MACROS = r"""
CREATE OR REPLACE TEMP MACRO wimi_bsn_cijfers(v) AS
    CASE WHEN length(v) BETWEEN 8 AND 24 THEN regexp_replace(v, '[\s.\-\x{00A0}]', '', 'g') END;
CREATE OR REPLACE TEMP MACRO wimi_bsn_getal(d) AS
    CASE WHEN length(d) IN (8, 9) AND regexp_full_match(d, '[0-9]+') THEN d::UBIGINT END;
CREATE OR REPLACE TEMP MACRO wimi_elfproef(n) AS n > 0 AND (
    (n // 100000000) % 10 * 9 + (n // 10000000) % 10 * 8 + (n // 1000000) % 10 * 7 + (n // 100000) % 10 * 6
    + (n // 10000) % 10 * 5 + (n // 1000) % 10 * 4 + (n // 100) % 10 * 3 + (n // 10) % 10 * 2 - n % 10) % 11 = 0;
CREATE OR REPLACE TEMP MACRO wimi_datumvorm(v) AS
    regexp_full_match(v, '\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}-[0-9]{4})\s*');
CREATE OR REPLACE TEMP MACRO wimi_bedragvorm(v) AS
    regexp_full_match(v, '\s*-?[0-9]+\.[0-9]{1,2}\s*');
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
    texts = ", ".join(f"{quote(c)} AS v{i}, wimi_bsn_cijfers({quote(c)}) AS d{i}" for i, c in enumerate(columns))
    numbers = ", ".join(f"v{i}, wimi_bsn_getal(d{i}) AS n{i}" for i in range(len(columns)))
    counts = ", ".join(f"count(nullif(trim(v{i}), '')), "
                       f"count_if(CASE WHEN wimi_elfproef(n{i}) "
                       f"THEN NOT (wimi_datumvorm(v{i}) OR wimi_bedragvorm(v{i})) ELSE false END)"
                       for i in range(len(columns)))
    row = con.execute(f"SELECT {counts} FROM (SELECT {numbers} FROM (SELECT {texts} FROM {table}))").fetchone()
    for i, column in enumerate(columns):
        values, passing = row[2 * i], row[2 * i + 1]
        if values >= BSN_MIN_VALUES and passing >= BSN_SHARE * values:
            raise LoadError(f"{file_name}: kolom '{column}' bevat burgerservicenummers (BSN; {_count(passing)} van "
                            f"{_count(values)} waarden zijn een BSN volgens de elfproef). Een BSN mag nooit "
                            "worden geladen: pseudonimiseer de kolom of laat hem weg.")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")
