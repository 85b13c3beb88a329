"""Reading delivery files as they really come: every value as text with its line number.

A CSV is hashed and checked for UTF-8 in one streaming pass; a Windows-1252 file is transcoded
(streaming) to a temporary UTF-8 copy because DuckDB reads UTF-8. DuckDB then reads it with the
separator found in the header line; rows it cannot split go to a rejects table and later to
quarantine. Parquet is read by DuckDB, .xlsx (small by nature) through openpyxl.

Line numbers count records (a record may span lines inside quotes), header = record 1, in every
quarantine row alike: DuckDB numbers the lines it rejects the same way, and an accepted row's number
is its position among the data records plus the rejected records before it. Blank lines are skipped,
yet DuckDB counts them in a rejected record's number (a known difference, only after a blank line).
For Parquet and .xlsx the header counts as record 1 as well (xlsx: the sheet's row number).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa

from pipelines.load.contract import quote

EXTENSIONS = (".csv", ".parquet", ".xlsx")
_CHUNK = 1 << 20
# a free-text column outside the contract may hold megabytes in one line; DuckDB's default is 2 MB
MAX_LINE = 64 << 20


class LoadError(Exception):
    """A delivery cannot be loaded at all; the message names the file and the cause."""


@dataclass
class SourceFile:
    stem: str
    path: Path
    sha256: str
    utf8: bool  # CSV only: the bytes are valid UTF-8 (else read as Windows-1252)

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class ReadResult:
    table: str  # temp table: regel BIGINT plus one VARCHAR per normalised header name
    rejects: str  # temp table: regel, rij (rows that could not be split into columns)
    columns: list[str]
    rows_read: int


def locate(folder: Path, stem: str) -> Path | None:
    """The file for a contract stem, any case, .csv / .parquet / .xlsx."""
    named = [p for p in folder.iterdir() if p.stem.lower() == stem and p.suffix.lower() in EXTENSIONS]
    if folders := [p for p in named if p.is_dir()]:
        raise LoadError(f"{folders[0].name}: is een map, geen bestand")
    matches = [p for p in named if p.is_file()]
    if len(matches) > 1:
        raise LoadError(f"{stem}: meer dan een bestand ({', '.join(sorted(p.name for p in matches))})")
    return matches[0] if matches else None


def fingerprint(stem: str, path: Path) -> SourceFile:
    """sha256 of the bytes and, for CSV, whether they are UTF-8: one streaming pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if path.suffix.lower() == ".csv" else None
    utf8 = decoder is not None
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    return SourceFile(stem, path, digest.hexdigest(), utf8)


LINE_COLUMN = "regel"  # the loader's own column in every source table


def normalise_header(names: list[str], file_name: str) -> list[str]:
    """Names stripped and lower-cased; a nameless column (a trailing separator) becomes kolom_<n>, and a
    column named like the loader's line column (outside the contract of every file) `regel (kolom <n>)`."""
    normalised = [n.strip().lower() or f"kolom_{i}" for i, n in enumerate(names, start=1)]
    normalised = [f"{n} (kolom {i})" if n == LINE_COLUMN else n for i, n in enumerate(normalised, start=1)]
    seen: set[str] = set()
    for name in normalised:
        if name in seen:
            raise LoadError(f"{file_name}: kolom '{name}' komt twee keer voor")
        seen.add(name)
    return normalised


def invisible_character(name: str) -> tuple[str, int] | None:
    """The first character of a header name that shows as nothing (zero-width space, BOM, a control
    character, a non-breaking space) as U+XXXX, with its position counted from 1."""
    for position, char in enumerate(name, start=1):
        if unicodedata.category(char) in ("Cf", "Cc") or (unicodedata.category(char) == "Zs" and char != " "):
            return f"U+{ord(char):04X}", position
    return None


def visible(name: str) -> str:
    return "".join(c for c in name if invisible_character(c) is None).strip()


def read_source(con, source: SourceFile, scratch: Path) -> ReadResult:
    suffix = source.path.suffix.lower()
    table, rejects = f"bron_{source.stem}", f"onleesbaar_{source.stem}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {rejects} (regel BIGINT, rij VARCHAR)")
    try:
        if suffix == ".csv":
            columns = _read_csv(con, source, scratch, table, rejects)
        elif suffix == ".parquet":
            columns = _read_parquet(con, source, table)
        else:
            columns = _read_xlsx(con, source, table)
    except LoadError:
        raise
    except Exception as exc:  # a file DuckDB or openpyxl cannot open is not a table
        raise LoadError(f"{source.name}: geen leesbare tabel ({exc.__class__.__name__}: {str(exc)[:200]})") from exc
    rows = con.execute(f"SELECT (SELECT count(*) FROM {table}) + (SELECT count(*) FROM {rejects})").fetchone()[0]
    return ReadResult(table, rejects, columns, rows)


def _refuse_other_formats(source: SourceFile) -> None:
    """A file that is no text at all gets the name of what it is, not a misleading encoding error."""
    with source.path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        raise LoadError(f"{source.name}: is een zip-archief (of een Excel-bestand met de naam .csv), geen CSV; "
                        "pak het uit, of geef een Excel-bestand de extensie .xlsx")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise LoadError(f"{source.name}: tekenset is UTF-16 (of het is geen tekstbestand); "
                        "sla het op als CSV in UTF-8 of Windows-1252")


def _utf8_copy(source: SourceFile, scratch: Path) -> Path:
    _refuse_other_formats(source)
    if source.utf8:
        return source.path
    target = scratch / f"{source.stem}.utf8.csv"
    try:
        with source.path.open("r", encoding="cp1252", newline="") as src, target.open("w", encoding="utf-8",
                                                                                       newline="") as dst:
            while chunk := src.read(_CHUNK):
                dst.write(chunk)
    except UnicodeDecodeError as exc:
        raise LoadError(f"{source.name}: tekenset is geen UTF-8 en geen Windows-1252") from exc
    return target


def _header(path: Path, file_name: str) -> tuple[list[str], str]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    if not line.strip():
        raise LoadError(f"{file_name}: bestand is leeg")
    separator = ";" if line.count(";") >= line.count(",") else ","
    names = next(csv.reader([line], delimiter=separator, quotechar='"'))
    return normalise_header(names, file_name), separator


def _read_csv(con, source: SourceFile, scratch: Path, table: str, rejects: str) -> list[str]:
    path = _utf8_copy(source, scratch)
    columns, separator = _header(path, source.name)
    positional = {f"c{i}": "VARCHAR" for i in range(len(columns))}
    renames = ", ".join(f"c{i} AS {quote(name)}" for i, name in enumerate(columns))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table}_gelezen AS
        SELECT * FROM read_csv(?, header = false, skip = 1, delim = ?, quote = '"', escape = '"',
            columns = {positional!r}, auto_detect = false, store_rejects = true, max_line_size = {MAX_LINE},
            rejects_table = '{table}_afgewezen', rejects_scan = '{table}_scan')""",
        [path.as_posix(), separator],
    )
    # Rejected lines shift the rows after them: an accepted row's line is its ordinal + 2 plus the
    # number of rejected lines before it. `voor` is how many accepted rows precede rejected line i.
    con.execute(f"""
        INSERT INTO {rejects}
        SELECT line, any_value(to_json({{'ruwe_regel': csv_line}})::VARCHAR)
        FROM {table}_afgewezen GROUP BY line""")
    if con.execute(f"SELECT count(*) FROM {rejects}").fetchone()[0] == 0:  # the usual case: no second copy
        con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT rowid + 2 AS regel, {renames} FROM {table}_gelezen")
    else:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {table} AS
            WITH afgewezen AS (
                SELECT regel - 1 - row_number() OVER (ORDER BY regel) AS voor,
                       row_number() OVER (ORDER BY regel) AS aantal
                FROM {rejects}
            ), tot_en_met AS (SELECT voor, max(aantal) AS aantal FROM afgewezen GROUP BY voor
            ), gelezen AS (SELECT rowid AS volgnummer, * FROM {table}_gelezen)
            SELECT g.volgnummer + 2 + coalesce(a.aantal, 0) AS regel, {renames}
            FROM gelezen g ASOF LEFT JOIN tot_en_met a ON g.volgnummer >= a.voor""")
    for leftover in (f"{table}_afgewezen", f"{table}_scan"):
        con.execute(f"DROP TABLE IF EXISTS {leftover}")
    return columns


def _read_parquet(con, source: SourceFile, table: str) -> list[str]:
    described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [source.path.as_posix()]).fetchall()
    columns = normalise_header([row[0] for row in described], source.name)
    as_text = []
    for (name, kind, *_), target in zip(described, columns, strict=True):
        value = quote(name)
        if kind.startswith("TIMESTAMP") or kind == "DATE":  # a date column must read as a contract date
            value = f"strftime({value}::DATE, '%Y-%m-%d')"
        as_text.append(f"CAST({value} AS VARCHAR) AS {quote(target)}")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT file_row_number + 2 AS regel, {', '.join(as_text)}
        FROM read_parquet(?, file_row_number = true)""",
        [source.path.as_posix()],
    )
    return columns


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(con, source: SourceFile, table: str) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(source.path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise LoadError(f"{source.name}: bestand is leeg")
        names = [_cell_text(v) or "" for v in header]
        while names and not names[-1].strip():  # formatted but empty cells right of the table
            names.pop()
        columns = normalise_header(names, source.name)
        values: dict[str, list] = {"regel": []} | {f"c{i}": [] for i in range(len(columns))}
        for line, row in enumerate(rows, start=2):
            if all(v is None for v in row):
                continue
            values["regel"].append(line)
            for i in range(len(columns)):
                values[f"c{i}"].append(_cell_text(row[i]) if i < len(row) else None)
    finally:
        workbook.close()
    arrow = pa.table({k: pa.array(v, type=pa.int64() if k == "regel" else pa.string()) for k, v in values.items()})
    con.register(f"{table}_xlsx", arrow)
    renames = ", ".join(f"c{i} AS {quote(name)}" for i, name in enumerate(columns))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT regel, {renames} FROM {table}_xlsx")
    con.unregister(f"{table}_xlsx")
    return columns
