"""Writing a delivery folder: every contract file, CSV (as the contract's plainest form) or Parquet.

The folder is written under a temporary name and renamed when complete, so a loader never sees half
a delivery.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.load.contract import CONTRACT

# levering.csv's bronsysteem names the system that wrote the delivery: the build recognises a demo by it
# (sql/intermediate/gemeente_leveringen.sql) and every page and export marks its figures as invented
DEMO_BRONSYSTEEM = "WIMI-demo"
# the loader's contract is the one written-down copy of data-contract.md section 1
CONTRACT_COLUMNS: dict[str, list[str]] = {spec.stem: [c.name for c in spec.columns] for spec in CONTRACT}
DATE_COLUMNS = {c.name for spec in CONTRACT for c in spec.columns if c.kind == "datum"}


def _as_dates(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    for column in DATE_COLUMNS & set(table.columns):
        table[column] = pd.to_datetime(table[column]).dt.date
    return table


def csv_bytes(table: pd.DataFrame, delimiter: str = ",", eol: str = "\n", header: list[str] | None = None) -> bytes:
    """CSV text of a table: no quoting (no value holds a separator; pyarrow refuses if one does)."""
    buffer = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pandas(table, preserve_index=False), buffer,
                    pacsv.WriteOptions(include_header=False, delimiter=delimiter, eol=eol, quoting_style="none"))
    return (delimiter.join(header or list(table.columns)) + eol).encode("utf-8") + buffer.getvalue()


def write_delivery(folder: Path, tables: dict[str, pd.DataFrame], parquet: bool) -> None:
    folder = Path(folder)
    # beside the extracts folder, so `wimi load --demo` never finds a half-written delivery
    staging = folder.parent.with_name(folder.parent.name + ".tmp") / folder.name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, columns in CONTRACT_COLUMNS.items():
        table = _as_dates(tables[name][columns])
        if parquet:
            pq.write_table(pa.Table.from_pandas(table, preserve_index=False), staging / f"{name}.parquet")
        else:
            (staging / f"{name}.csv").write_bytes(csv_bytes(table))
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(folder)
    staging.parent.rmdir()
