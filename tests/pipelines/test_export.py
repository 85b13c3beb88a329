"""Exports: Dutch Excel CSV and .xlsx read back equal to the frame; `wimi export kpi`."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipelines.build import build
from pipelines.cli import app
from pipelines.export import KPI_COLUMNS, ExportError, demo_note_path, export_kpi_table, to_dutch_csv, to_xlsx
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "gemeente_code": ["GM1234", "GM1234"],
        "periode": ["2024Q3", "2024Q4"],
        "teller": [37.0, 12.0],
        "waarde": [37 / 1204.5, 1234.5],
        "volledig": [True, False],
    })


def test_dutch_csv_has_bom_semicolons_and_decimal_commas_and_reads_back_equal():
    raw = to_dutch_csv(_frame())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, so Excel reads UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "gemeente_code;periode;teller;waarde;volledig"
    assert lines[2] == "GM1234;2024Q4;12;1234,5;nee"  # a count without ",0", yes/no in Dutch
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", true_values=["ja"],
                       false_values=["nee"])
    pd.testing.assert_frame_equal(back, _frame(), check_dtype=False)


def test_files_carry_no_float_noise_and_dates_without_midnight():
    frame = pd.DataFrame({
        "bedrag": [855649.6399999857, 0.1 + 0.2],  # a sum of doubles: cents as written, 0,3
        "aantal": [9703.0, None],
        "peildatum": pd.to_datetime(["2024-12-31", "2025-01-31"]),
        "geladen_op": pd.to_datetime(["2024-12-31 09:15:00", "2025-01-31 00:00:00"]),
    })
    lines = to_dutch_csv(frame).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["855649,64;9703;31-12-2024;31-12-2024 09:15:00", "0,3;;31-01-2025;31-01-2025 00:00:00"]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, "x"))).active
    assert sheet["A2"].value == 855649.64 and sheet["B2"].value == 9703 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "DD-MM-YYYY" and sheet["D2"].number_format == "DD-MM-YYYY HH:MM"


def test_xlsx_ratios_as_percentages_and_a_sheet_saying_period_and_source():
    frame = pd.DataFrame({"indicator": ["uitstroomkans_werk"], "waarde": [53 / 76]})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, "Cijfers", procenten=["waarde"],
                                                         toelichting=["Periode: 3e kwartaal 2024", "Bron: CBS"])))
    cell = workbook["Cijfers"]["B2"]
    assert cell.value == pytest.approx(0.697368, abs=1e-6) and cell.number_format == "0.0%"  # Excel: 69,7%
    assert [c.value for c in workbook["Toelichting"]["A"]] == ["Toelichting", "Periode: 3e kwartaal 2024",
                                                                "Bron: CBS"]


def test_xlsx_reads_back_with_dutch_number_formats():
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(_frame(), "Overzicht")))
    sheet = workbook["Overzicht"]
    assert [c.value for c in sheet[1]] == list(_frame().columns)
    assert sheet["C2"].value == 37 and sheet["C2"].number_format == "#,##0"  # whole numbers: 37, 12
    assert sheet["D3"].value == 1234.5 and sheet["D3"].number_format == "#,##0.00"  # Dutch Excel: 1.234,50
    assert sheet.freeze_panes == "A2"
    back = pd.read_excel(io.BytesIO(to_xlsx(_frame(), "Overzicht")))
    assert list(back["volledig"]) == ["ja", "nee"]
    pd.testing.assert_frame_equal(back.drop(columns="volledig"), _frame().drop(columns="volledig"),
                                  check_dtype=False)  # Excel has one number type


def test_xlsx_sheet_name_is_cut_to_excels_limit():
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(_frame(), "x" * 40)))
    assert workbook.sheetnames == ["x" * 31]


def _warehouse(demo_gemeenten: list[str] | None = None) -> None:
    """Two KPI rows of GM1234; with demo_gemeenten, a build_info naming the demo deliveries' municipalities."""
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("CREATE SCHEMA marts")
    if demo_gemeenten is not None:
        con.execute("CREATE TABLE marts.build_info AS SELECT 'snapshot' AS cbs_bron, ?::VARCHAR[] AS demo_gemeenten",
                    [demo_gemeenten])
    con.execute("""CREATE TABLE marts.kpi AS SELECT * FROM (VALUES
        ('GM1234', '2024Q3', 'uitstroomkans_werk', '', 37.0, 1204.5, 37 / 1204.5, 'extract', true,
         'kwartaal', DATE '2024-09-30'),
        ('GM1234', '2024Q3', 'bijstandsvolume', '', NULL, NULL, 1234.0, 'extract', true,
         'kwartaal', DATE '2024-09-30'))
        AS t(gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde, bron, volledig,
             periode_soort, periode_einde)""")
    con.close()


def test_export_kpi_csv_has_only_contract_columns(data_dir):
    _warehouse()
    target = data_dir / "uit" / "kpi.csv"
    assert export_kpi_table(target, get_settings()) == 2
    back = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == KPI_COLUMNS  # periode_soort and periode_einde are page helpers
    volume, kans = back.to_dict("records")  # ordered by indicator
    assert volume["indicator"] == "bijstandsvolume" and volume["teller"] == "" and volume["waarde"] == 1234
    assert kans["waarde"] == pytest.approx(0.030718, abs=1e-6)  # 37 / 1204.5


def test_export_kpi_parquet_through_the_command(data_dir):
    _warehouse()
    target = data_dir / "kpi.parquet"
    result = CliRunner().invoke(app, ["export", "kpi", "--output", str(target)])
    assert result.exit_code == 0, result.output
    back = pd.read_parquet(target)
    assert list(back.columns) == KPI_COLUMNS and len(back) == 2
    assert back.loc[back["indicator"] == "bijstandsvolume", "waarde"].item() == 1234


def test_two_rebuilds_with_other_thread_counts_export_the_same_bytes(data_dir, tmp_path):
    """The same inputs give the same file: sums are exact (som_exact, DECIMAL money), a ratio divides those exact
    sums, and the export is ordered on the KPI table's key. One thread and four add in other orders."""
    load_delivery(EXTRACT_MINI, get_settings())
    for threads in (1, 4):
        settings = replace(get_settings(), duckdb_threads=threads)
        build(settings)
        for suffix in ("parquet", "csv"):
            export_kpi_table(tmp_path / f"kpi_{threads}.{suffix}", settings)
    for suffix in ("parquet", "csv"):
        assert (tmp_path / f"kpi_1.{suffix}").read_bytes() == (tmp_path / f"kpi_4.{suffix}").read_bytes()
    assert len(pd.read_parquet(tmp_path / "kpi_1.parquet")) > 100  # the build made figures to compare


def test_export_errors_name_the_problem(data_dir):
    with pytest.raises(ExportError, match="wimi build"):
        export_kpi_table(data_dir / "kpi.csv", get_settings())
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_kpi_table(data_dir / "kpi.xlsx", get_settings())
    result = CliRunner().invoke(app, ["export", "kpi", "--output", str(data_dir / "kpi.csv")])
    assert result.exit_code == 1
    assert not (data_dir / "kpi.csv").exists()


def test_export_of_a_demo_delivery_says_so_beside_the_contract_columns(data_dir):
    _warehouse(demo_gemeenten=["GM1234"])
    target = data_dir / "kpi.parquet"
    result = CliRunner().invoke(app, ["export", "kpi", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "Let op: demo" in result.output
    assert list(pd.read_parquet(target).columns) == KPI_COLUMNS  # the contract's columns and bron values stay
    assert pq.read_metadata(target).metadata[b"wimi_demo_gemeenten"] == b"GM1234"
    note = demo_note_path(target)
    assert note.name == "kpi_LEESMIJ_DEMO.txt"
    assert note.read_text(encoding="utf-8").startswith("Let op: demo. De cijfers met bron 'extract' van GM1234")
    export_kpi_table(data_dir / "kpi.csv", get_settings())
    assert demo_note_path(data_dir / "kpi.csv").exists()


def test_export_of_a_real_delivery_has_no_demo_note_and_removes_a_stale_one(data_dir):
    _warehouse(demo_gemeenten=[])
    target = data_dir / "kpi.parquet"
    demo_note_path(target).write_text("oud", encoding="utf-8")
    export_kpi_table(target, get_settings())
    assert not demo_note_path(target).exists()
    assert b"wimi_demo_gemeenten" not in (pq.read_metadata(target).metadata or {})


def test_export_names_the_cbs_series_of_every_period_and_marks_its_breaks(data_dir):
    _warehouse()
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("""CREATE TABLE marts.cbs_reeksen AS SELECT * FROM (VALUES
        ('jaar', '2017', DATE '2017-12-31', false, 'tabel bijstand, stand eind 2017'),
        ('jaar', '2018', DATE '2018-12-31', true, 'kwartaalreeks, stand op 31-12-2018'),
        ('kwartaal', '2018Q4', DATE '2018-12-31', false, 'kwartaalreeks, stand op 31-12-2018'))
        AS t(periode_soort, periode, periode_einde, breuk, toelichting)""")
    con.close()
    target = data_dir / "kpi.csv"
    result = CliRunner().invoke(app, ["export", "kpi", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "Welke CBS-reeks elke periode gebruikt" in result.output
    regels = (data_dir / "kpi_LEESMIJ_CBS.txt").read_text(encoding="utf-8").splitlines()
    assert regels[2:] == ["Per jaar:", "2017: tabel bijstand, stand eind 2017",
                          "2018: BREUK: kwartaalreeks, stand op 31-12-2018", "",
                          "Per kwartaal:", "2018Q4: kwartaalreeks, stand op 31-12-2018"]


# ---------------------------------------------------------------- formula injection (CSV injection, OWASP)

ATTACK = "=cmd|' /C calc'!A0"


def _hostile() -> pd.DataFrame:
    return pd.DataFrame({
        "client_id": [ATTACK, "+31612345678", "-1+1", "@SUM(A1)", "\tTAB", "\rCR", "C-7", None],
        "bedrag": [-12.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        "gemengd": [1, "=1+1", None, 2, 3, 4, 5, "x"],  # an object column holding numbers and text
    })


NEUTRAL = ["'" + ATTACK, "'+31612345678", "'-1+1", "'@SUM(A1)", "'\tTAB", "'\rCR", "C-7", None]


def test_csv_text_that_starts_like_a_formula_gets_a_quote_and_numbers_stay_numbers():
    raw = to_dutch_csv(_hostile())
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    assert back["client_id"].tolist() == [v or "" for v in NEUTRAL]
    assert back["bedrag"].tolist() == [-12.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]  # still numbers
    assert raw.decode("utf-8-sig").splitlines()[1].startswith("'=cmd|' /C calc'!A0;-12,5;1")
    assert back["gemengd"].tolist()[:2] == ["1", "'=1+1"]


def test_xlsx_text_that_starts_like_a_formula_is_a_string_cell_and_numbers_are_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(_hostile(), "Rijen")))["Rijen"]
    # XML reads a carriage return back as a line feed
    assert [sheet.cell(row=r, column=1).value for r in range(2, 10)] == [v and v.replace("\r", "\n") for v in NEUTRAL]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=")
    assert sheet["B2"].value == -12.5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 1 and sheet["C3"].value == "'=1+1" and sheet["C3"].data_type == "s"


def test_the_kpi_export_csv_neutralises_its_text_columns(data_dir):
    con = duckdb.connect(str(get_settings().warehouse_path))
    con.execute("CREATE SCHEMA marts")
    con.execute(f"""CREATE TABLE marts.kpi AS SELECT 'GM1234' AS gemeente_code, '2024Q3' AS periode,
                    'saldo' AS indicator, '{ATTACK.replace("'", "''")}' AS uitsplitsing, NULL::DOUBLE AS teller,
                    NULL::DOUBLE AS noemer, -12.5::DOUBLE AS waarde, 'extract' AS bron, true AS volledig""")
    con.close()
    export_kpi_table(data_dir / "kpi.csv", get_settings())
    line = (data_dir / "kpi.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert line == "GM1234;2024Q3;saldo;'=cmd|' /C calc'!A0;;;-12,5;extract;ja"
