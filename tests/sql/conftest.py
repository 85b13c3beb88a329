"""The hand-made deliveries tests/fixtures/extract_mini and extract_ketens, each built once per test run
(tests/conftest.py) and opened read-only per module."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def _read_only(folder: Path):
    con = duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def mini_warehouse(mini_warehouse_dir: Path):
    """A read-only connection to the warehouse built from extract_mini alone (no feed, no demo)."""
    yield from _read_only(mini_warehouse_dir)


@pytest.fixture(scope="module")
def ketens_warehouse(ketens_warehouse_dir: Path):
    """The warehouse built from extract_ketens: benefit chains for the flows on bijstandsperiodes."""
    yield from _read_only(ketens_warehouse_dir)
