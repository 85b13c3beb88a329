"""The municipality frame and the fictional CBS files it falls back on."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

import pipelines.settings as settings_module
from pipelines.demo.frame import FRAME_COLUMNS, load_frame
from pipelines.settings import get_settings

CBS_FILES = [
    "cbs_gemeenten_per_jaar_2015_2025.csv",
    "cbs_bijstand_personen_gemeenten_2015_2024.csv",
    "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv",
    "cbs_kwb2024_gemeenten_kerncijfers.csv",
    "cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv",
    "cbs_kwb_gemeenten_wonen_2020_2025.csv",
    "cbs_inkomen_huishoudens_gemeenten_2024.csv",
    "gemeente_crosswalk_naar_2025.csv",
]


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


@pytest.mark.snapshot
@pytest.mark.parametrize("name", CBS_FILES)
def test_fictional_files_have_the_snapshot_headers(fictional_cbs_dir: Path, cbs_snapshot: Path, name: str):
    assert _header(fictional_cbs_dir / name) == _header(cbs_snapshot / name)


@pytest.mark.snapshot
def test_fictional_boundaries_have_the_snapshot_properties(fictional_cbs_dir: Path, cbs_snapshot: Path):
    real = json.loads((cbs_snapshot / "geo" / "cbs_gemeenten_2025.geojson").read_text(encoding="utf-8"))
    fake = json.loads((fictional_cbs_dir / "geo" / "cbs_gemeenten_2025.geojson").read_text(encoding="utf-8"))
    assert {tuple(f["properties"]) for f in fake["features"]} == {tuple(real["features"][0]["properties"])}


def test_fictional_frame_is_thirty_varied_municipalities(fictional_cbs_dir: Path):
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT gwb_code, a_inw FROM read_csv('{fictional_cbs_dir}/cbs_kwb_gemeenten_wonen_2020_2025.csv')
        WHERE jaar = 2025 ORDER BY gwb_code""").fetchall()
    assert [code for code, _ in rows] == [f"GM{9001 + i}" for i in range(30)]
    sizes = [inhabitants for _, inhabitants in rows]
    # spread from 2,000 to 300,000 with at most 3% jitter
    assert 1_940 <= min(sizes) <= 2_100 and 285_000 <= max(sizes) <= 309_000
    assert (fictional_cbs_dir / ".complete").exists()


def test_fictional_nl_row_is_the_sum_of_the_municipalities(fictional_cbs_dir: Path):
    con = duckdb.connect()
    differences = con.execute(f"""
        WITH t AS (SELECT * FROM read_csv('{fictional_cbs_dir}/cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv'))
        SELECT jaar, leeftijd_code,
               sum(bijstandsontvangers) FILTER (WHERE regio_type = 'GM')
                 - sum(bijstandsontvangers) FILTER (WHERE regio_code = 'NL01') AS verschil,
               count(*) FILTER (WHERE regio_code = 'NL01') AS nl_rijen
        FROM t GROUP BY ALL""").fetchall()
    assert len(differences) == 9  # 3 years x 3 age groups
    assert all(verschil == 0 and nl_rijen == 1 for _, _, verschil, nl_rijen in differences)


def test_fictional_crosswalk_maps_every_code_onto_itself(fictional_cbs_dir: Path):
    con = duckdb.connect()
    kinds = con.execute(f"""
        SELECT DISTINCT soort, aandeel, gemeente_code_oud = gemeente_code_2025
        FROM read_csv('{fictional_cbs_dir}/gemeente_crosswalk_naar_2025.csv')""").fetchall()
    assert kinds == [("gelijk", 1.0, True)]


def test_load_frame_reads_the_configured_folder(data_dir: Path, fictional_cbs_dir: Path, monkeypatch):
    monkeypatch.setenv("WIMI_CBS_DIR", str(fictional_cbs_dir))
    frame = load_frame(get_settings())
    assert list(frame.columns) == FRAME_COLUMNS
    assert len(frame) == 30 and frame["gemeente_code"].is_unique
    assert frame["bijstand_personen"].notna().all() and (frame["bijstand_personen"] % 10 == 0).all()


def test_load_frame_writes_the_fictional_frame_when_no_cbs_data_exists(data_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(settings_module, "SHARED_CBS_DIR", tmp_path / "no_snapshot_here")
    frame = load_frame(get_settings())
    assert (data_dir / "demo" / "cbs_fictief" / ".complete").exists()
    assert frame["gemeentenaam"].iloc[0] == "Fictiefdam"


@pytest.mark.snapshot
def test_load_frame_on_the_snapshot(data_dir: Path, cbs_snapshot: Path):
    frame = load_frame(get_settings()).set_index("gemeente_code")
    assert len(frame) == 342  # the 2025 division
    utrecht = frame.loc["GM0344"]
    # KWB 2024 lists 10,750 persons on bijstand in Utrecht (cbs_kwb2024_gemeenten_kerncijfers.csv)
    assert utrecht["bijstand_personen"] == 10_750 and utrecht["bijstand_jaar"] == 2024
    assert utrecht["provincie"] == "Utrecht" and utrecht["stedelijkheid"] == 1


def test_fictional_quarterly_file_ends_each_year_on_the_year_end_count(fictional_cbs_dir: Path):
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT count(*), count(DISTINCT k.periode), bool_and(k.bijstand_personen = p.bijstand_personen),
               bool_and(k.cbs_tabel = 'fictief'), min(k.periode), max(k.periode)
        FROM read_csv('{fictional_cbs_dir}/cbs_bijstand_kwartaal_gemeenten.csv') AS k
        JOIN read_csv('{fictional_cbs_dir}/cbs_bijstand_personen_gemeenten_2015_2024.csv') AS p
            ON p.gemeente_code = k.gemeente_code AND p.jaar = k.jaar
        WHERE k.kwartaal = 4 AND p.jaar IN (2016, 2017)""").fetchone()
    assert rows == (60, 2, True, True, "2016Q4", "2017Q4")  # 30 municipalities x 2016Q4 and 2017Q4
