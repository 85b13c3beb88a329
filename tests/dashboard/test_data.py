"""dashboard.data: the read-only warehouse access, reopened when a build replaces the file."""
from __future__ import annotations

import os

import duckdb
import pytest

from dashboard import data


def test_no_warehouse_is_reported(data_dir):
    assert data.warehouse_version() is None
    with pytest.raises(FileNotFoundError, match="geen warehouse"):
        data.query("SELECT 1")


def test_a_rebuilt_warehouse_is_read_without_restart(warehouse, tmp_path, monkeypatch):
    path = warehouse.write([warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)])
    assert data.query("SELECT waarde FROM marts.kpi").loc[0, "waarde"] == 1234
    # a build writes a new file elsewhere and renames it over the old one (pipelines/build.py)
    monkeypatch.setenv("WIMI_DATA_DIR", str(tmp_path / "nieuw"))
    (tmp_path / "nieuw").mkdir()
    new = warehouse.write([warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1250)])
    old_mtime = path.stat().st_mtime_ns
    os.utime(new, ns=(old_mtime, old_mtime + 1_000_000_000))  # coarse clocks: make sure it is newer
    new.replace(path)
    monkeypatch.setenv("WIMI_DATA_DIR", str(path.parent))
    assert data.query("SELECT waarde FROM marts.kpi").loc[0, "waarde"] == 1250


def test_kpi_gemeenten_and_perioden(warehouse):
    row = warehouse.row
    warehouse.write([
        row("GM1234", "2024Q3", "bijstandsvolume", 1234),
        row("GM1234", "2024Q4", "bijstandsvolume", 1100, volledig=False),
        row("GM1234", "2024Q3", "bijstandsvolume", 999, bron="synthetic"),
        row("GM1234", "2024-09", "bijstandsvolume", 1234),
        row("GM5678", "2024Q3", "bijstandsvolume", 80, bron="synthetic"),
        row("NL", "2024Q3", "bijstandsvolume", 400000, bron="synthetic"),
    ], gemeenten={"GM1234": "Teststad", "GM5678": "Appeldorp"})

    gemeenten = data.gemeenten()
    assert gemeenten.to_dict("records") == [  # by name; NL is not a municipality to choose
        {"gemeente_code": "GM5678", "gemeentenaam": "Appeldorp", "heeft_extract": False},
        {"gemeente_code": "GM1234", "gemeentenaam": "Teststad", "heeft_extract": True},
    ]
    perioden = data.perioden("GM1234", "kwartaal", "extract")
    assert perioden["periode"].tolist() == ["2024Q3", "2024Q4"]
    assert perioden["volledig"].tolist() == [True, False]
    rows = data.kpi(["GM1234"], ["bijstandsvolume"], "kwartaal", "extract")
    assert rows["waarde"].tolist() == [1234, 1100]  # not the synthetic 999, not the month
    assert data.build_info()["cbs_bron"] == "snapshot"
    assert data.indicatoren().loc["uitstroomkans_werk", "eenheid"] == "percentage"


def test_a_missing_table_fails_instead_of_reading_a_python_object(warehouse):
    warehouse.write([warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)])
    # dashboard.data has a function named `kpi`; DuckDB must not scan it for the missing marts table
    with pytest.raises(duckdb.CatalogException, match="kpi_ontbreekt|does not exist"):
        data.query("SELECT * FROM marts.kpi_ontbreekt")
    with pytest.raises(duckdb.CatalogException):
        data.query("SELECT * FROM kpi")
