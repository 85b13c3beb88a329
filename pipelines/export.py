"""Tables out of WIMI in the shapes Dutch users open: Excel-dialect CSV, .xlsx, and Parquet.

The CSV dialect is the data contract's (UTF-8 with byte-order mark, ';', decimal comma), so Dutch
Excel opens it with numbers as numbers. Used by `wimi export kpi` and by the dashboard's download
buttons, so a table downloaded from a page and the exported KPI table read the same way. Both writers
neutralise text a spreadsheet would run as a formula (`without_formulas`): the one place for every download.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl.utils import get_column_letter

from pipelines.build import connect
from pipelines.settings import Settings

KPI_COLUMNS = ["gemeente_code", "periode", "indicator", "uitsplitsing", "teller", "noemer", "waarde",
               "bron", "volledig"]

# Excel stores number formats in its own notation; Dutch Excel shows "#,##0.00" as 1.234,56.
XLSX_WHOLE = "#,##0"
XLSX_DECIMAL = "#,##0.00"
XLSX_PERCENT = "0.0%"
XLSX_DATE = "DD-MM-YYYY"
XLSX_DATETIME = "DD-MM-YYYY HH:MM"
XLSX_SHEET_NAME_MAX = 31
TOELICHTING_SHEET = "Toelichting"
JA, NEE = "ja", "nee"
# digits a figure keeps: past these a double only holds the noise of summing (855649.6399999857)
SIGNIFICANT = 12
# A text cell starting with one of these is a formula to Excel or LibreOffice (=cmd|' /C calc'!A0).
FORMULA_START = r"[=+\-@\t\r]"


class ExportError(RuntimeError):
    """The export cannot be written (no warehouse yet, unknown file type)."""


def without_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that start like a formula get a leading single quote (OWASP on CSV injection), so a
    spreadsheet shows them as text; numbers, negative ones included, stay numbers."""
    out = df
    for name in df.columns:
        column = df[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue
        try:
            formula = column.str.match(FORMULA_START, na=False).to_numpy(dtype=bool)
        except AttributeError:  # an object column without any text
            continue
        if formula.any():
            values = column.to_numpy(dtype=object, copy=True)
            values[formula] = ["'" + v for v in values[formula]]
            out = df.copy() if out is df else out
            out[name] = values
    return out


def _is_bool(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column):
        return True
    values = column.dropna()
    return column.dtype == object and len(values) > 0 and all(isinstance(v, bool) for v in values)


def _is_date_only(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(len(values)) and bool((values == values.dt.normalize()).all())


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """Values as a Dutch reader expects them in a file: yes/no as ja/nee, a count as 9703 (not 9703,0),
    amounts without the noise of summing doubles (855649,64, not 855649,6399999857)."""
    out = df.copy()
    for name in out.columns:
        column = out[name]
        if _is_bool(column):
            out[name] = column.map({True: JA, False: NEE})
        elif pd.api.types.is_float_dtype(column):
            column = column.map(lambda x: x if pd.isna(x) else float(f"{x:.{SIGNIFICANT}g}"))
            whole = column.dropna()
            out[name] = column.astype("Int64") if bool((whole == whole.round()).all()) else column
    return out


def to_dutch_csv(df: pd.DataFrame) -> bytes:
    df = readable(without_formulas(df))
    for name in df.columns:  # a date as Dutch Excel reads it: 31-12-2024, with the time only where there is one
        if pd.api.types.is_datetime64_any_dtype(df[name]):
            df[name] = df[name].dt.strftime("%d-%m-%Y" if _is_date_only(df[name]) else "%d-%m-%Y %H:%M:%S")
    text = df.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _number_format(column: pd.Series, percent: bool) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(column):
        return XLSX_DATE if _is_date_only(column) else XLSX_DATETIME
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        return None
    if percent:
        return XLSX_PERCENT
    values = column.dropna()
    whole = pd.api.types.is_integer_dtype(column) or bool((values == values.round()).all())
    return XLSX_WHOLE if whole else XLSX_DECIMAL


def to_xlsx(df: pd.DataFrame, sheet: str, procenten: Iterable[str] = (), toelichting: Iterable[str] = ()) -> bytes:
    """One sheet, header frozen, numeric columns in Dutch-displayed number formats: the ratios named in
    `procenten` (stored as fractions) as 69,7%, dates as 31-12-2024. The lines of `toelichting` (period,
    source, the CBS attribution) go on a second sheet, so the table itself stays a plain table."""
    sheet = sheet[:XLSX_SHEET_NAME_MAX]
    df = readable(without_formulas(df))
    procenten = set(procenten)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=sheet, index=False)
        worksheet = writer.sheets[sheet]
        worksheet.freeze_panes = "A2"
        for index, name in enumerate(df.columns, start=1):
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = max(10, min(40, len(str(name)) + 2))
            number_format = _number_format(df[name], name in procenten)
            if number_format:
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        regels = list(toelichting)
        if regels:
            pd.DataFrame({TOELICHTING_SHEET: regels}).to_excel(writer, sheet_name=TOELICHTING_SHEET, index=False)
            writer.sheets[TOELICHTING_SHEET].column_dimensions["A"].width = 100
    return buffer.getvalue()


def demo_note_path(path: Path) -> Path:
    """The note beside an export that holds figures of a demo delivery."""
    path = Path(path)
    return path.with_name(f"{path.stem}_LEESMIJ_DEMO.txt")


def demo_note(codes: list[str]) -> str:
    return (f"Let op: demo. De cijfers met bron 'extract' van {', '.join(codes)} komen uit een demolevering "
            "(bronsysteem WIMI-demo): ze zijn verzonnen door `wimi demo` en zijn geen gegevens van die "
            "gemeente(n). Cijfers met bron 'synthetic' zijn eveneens verzonnen.\n")


def cbs_note_path(path: Path) -> Path:
    """The note beside an export that says which CBS series each period's persons with bijstand come from."""
    path = Path(path)
    return path.with_name(f"{path.stem}_LEESMIJ_CBS.txt")


def cbs_note(reeksen: pd.DataFrame) -> str:
    """marts.cbs_reeksen in words: per period the series, its reference date and population, breaks marked."""
    regels = ["CBS-cijfers (bron 'cbs'): cbs_bijstandsontvangers en cbs_bijstand_per_1000_inwoners komen per "
              "periode uit de reeks hieronder. BREUK: vanaf die periode een andere CBS-tabel of noemer; "
              "vergelijk niet over die grens. CBS telt personen, het extract uitkeringen.", ""]
    for soort, deel in reeksen.groupby("periode_soort", sort=True):
        regels.append("Per jaar:" if soort == "jaar" else "Per kwartaal:")
        regels += [f"{r.periode}: {'BREUK: ' if r.breuk else ''}{r.toelichting}" for r in deel.itertuples()]
        regels.append("")
    return "\n".join(regels)


def _cbs_reeksen(con) -> pd.DataFrame:
    """marts.cbs_reeksen; empty for a warehouse built before the quarterly series."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts' "
                         "AND table_name = 'cbs_reeksen'").fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=["periode_soort", "periode", "breuk", "toelichting"])
    return con.execute("SELECT periode_soort, periode, breuk, toelichting FROM marts.cbs_reeksen "
                       "ORDER BY periode_soort, periode_einde").df()


def _demo_codes(con) -> list[str]:
    """marts.build_info.demo_gemeenten; empty for a warehouse built before the build recorded it."""
    has_column = con.execute("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'marts' "
                             "AND table_name = 'build_info' AND column_name = 'demo_gemeenten'").fetchone()[0]
    return list(con.execute("SELECT demo_gemeenten FROM marts.build_info").fetchone()[0]) if has_column else []


def export_kpi_table(path: Path, settings: Settings) -> int:
    """Write marts.kpi (contract columns only) to .csv or .parquet; returns the number of rows.

    The contract fixes the columns and the bron values, so figures of a demo delivery are marked beside
    them: a note `<name>_LEESMIJ_DEMO.txt` next to the file, and in Parquet also the key-value metadata
    `wimi_demo_gemeenten` (comma-separated codes). A stale note from an earlier demo export is removed.
    Likewise `<name>_LEESMIJ_CBS.txt` names the CBS series of every period and where it breaks."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet"}:
        raise ExportError(f"onbekend bestandstype {path.suffix or '(geen)'}: kies .csv of .parquet")
    if not settings.warehouse_path.exists():
        raise ExportError(f"geen warehouse in {settings.warehouse_path}; draai eerst `wimi build`")
    columns = ", ".join(KPI_COLUMNS)
    select = f"SELECT {columns} FROM marts.kpi ORDER BY gemeente_code, indicator, periode, uitsplitsing, bron"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _export(path, suffix, select, settings)
    except duckdb.Error as exc:  # DuckDB's English message stays out of what the user reads
        if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
            raise ExportError(f"het warehouse {settings.warehouse_path} is in gebruik door een ander proces") from exc
        raise ExportError(f"het warehouse {settings.warehouse_path} is beschadigd of onvolledig; "
                          "bouw het opnieuw met `wimi build`") from exc


def _export(path: Path, suffix: str, select: str, settings: Settings) -> int:
    con = connect(settings.warehouse_path, settings, read_only=True)
    try:
        demo = _demo_codes(con)
        reeksen = _cbs_reeksen(con)
        note = demo_note_path(path)
        note.unlink(missing_ok=True)
        cbs_note_path(path).unlink(missing_ok=True)
        if suffix == ".parquet":
            target = path.as_posix().replace("'", "''")
            metadata = f", KV_METADATA {{wimi_demo_gemeenten: '{','.join(demo)}'}}" if demo else ""
            rows = con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet{metadata})").fetchone()[0]
        else:
            frame = con.execute(select).df()
            path.write_bytes(to_dutch_csv(frame))
            rows = len(frame)
    finally:
        con.close()
    if demo:
        note.write_text(demo_note(demo), encoding="utf-8")
    if len(reeksen):
        cbs_note_path(path).write_text(cbs_note(reeksen), encoding="utf-8")
    return rows
