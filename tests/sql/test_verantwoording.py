"""The yearly spending statement (marts.verantwoording) and its controls on the hand-made delivery
tests/fixtures/extract_mini (GM0289, peildatum 2024-11-15), worked out by hand from its CSV files.

Payment rows (betalingen.csv) by year and regeling (the benefit's, uitkeringen.csv):
  2023: PW   U05 700 + U01 1000 + U02 1500 + U12 1100 = 4300 (4 rows)
        IOAW U03 800 (1), IOAZ U09 1200 (1), BBZ none               total 6300 (6 rows)
  2024: PW   U01 1000 + U06 0 + U08 1100 + U11 1050 + U12 1100 = 4250 (5 rows)
        IOAW U03 800 (1), IOAZ U09 1200 (1), BBZ none               total 6250 (7 rows)
Claim movements of soort aflossing on BUIG claims (aflossingen.csv; kwijtschelding, afboeking and
buiten_invordering are no income; V9 is a claim of bijzondere bijstand, regeling BB: its 100 + 200 in
2023 are no BUIG income either):
  2023: V1 (terugvordering) 200                                     total 200
  2024: terugvordering V1 300 + V5 50 = 350, verhaal V2 150, boete V3 100   total 600
Net spending: 2023 6300 - 200 = 6100; 2024 6250 - 600 = 5650. All payment rows: 6300 + 6250 = 12550.
"""
from __future__ import annotations

import io
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.build import build
from pipelines.export import to_xlsx
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"


def statement(con, jaar: str) -> dict[str, tuple[float, int]]:
    rows = con.execute("SELECT onderdeel, volgorde, bedrag, aantal_rijen FROM marts.verantwoording "
                       "WHERE gemeente_code = 'GM0289' AND jaar = ? ORDER BY volgorde", [jaar]).fetchall()
    return {f"{volgorde}:{onderdeel}": (float(bedrag), aantal) for onderdeel, volgorde, bedrag, aantal in rows}


def test_statement_2023_by_hand(mini_warehouse):
    assert statement(mini_warehouse, "2023") == {
        "1:PW": (4300.0, 4), "2:IOAW": (800.0, 1), "3:IOAZ": (1200.0, 1), "4:BBZ": (0.0, 0),
        "5:totaal": (6300.0, 6),
        "6:terugvordering": (200.0, 1), "7:verhaal": (0.0, 0), "8:boete": (0.0, 0),
        "9:totaal": (200.0, 1),
        "10:lks": (0.0, 0),  # the mini delivery has no lasten_lks.csv
        "11:netto": (6100.0, 7),
    }


def test_statement_2024_by_hand_is_marked_incomplete(mini_warehouse):
    assert statement(mini_warehouse, "2024") == {
        "1:PW": (4250.0, 5), "2:IOAW": (800.0, 1), "3:IOAZ": (1200.0, 1), "4:BBZ": (0.0, 0),
        "5:totaal": (6250.0, 7),
        "6:terugvordering": (350.0, 2), "7:verhaal": (150.0, 1), "8:boete": (100.0, 1),
        "9:totaal": (600.0, 4),
        "10:lks": (0.0, 0),
        "11:netto": (5650.0, 11),
    }
    volledig = mini_warehouse.execute("SELECT DISTINCT volledig FROM marts.verantwoording "
                                      "WHERE jaar = '2024'").fetchall()
    assert volledig == [(False,)]  # peildatum 2024-11-15


def test_every_control_ties_out(mini_warehouse):
    controls = mini_warehouse.execute(
        "SELECT jaar, controle, bedrag_overzicht, bedrag_controle, verschil, sluitend "
        "FROM marts.verantwoording_aansluiting WHERE gemeente_code = 'GM0289'").df()
    assert len(controls) > 0
    assert controls["sluitend"].all(), controls[~controls["sluitend"]].to_string()
    alle = controls[controls["jaar"] == "alle jaren"].iloc[0]
    assert float(alle["bedrag_overzicht"]) == 12550.0 and float(alle["bedrag_controle"]) == 12550.0
    netto = controls["controle"].str.contains("= Netto uitkeringslasten in de KPI-tabel")
    jaar_2024 = controls[(controls["jaar"] == "2024") & netto]
    assert float(jaar_2024["bedrag_controle"].iloc[0]) == 5650.0  # the KPI table's netto_lasten


def test_a_payment_outside_the_reported_years_shows_as_a_difference(data_dir: Path, tmp_path: Path):
    """A payment for 2010-01 (before the first benefit year, 2018) is in no year of the statement:
    the control over all years must show it, 12550 + 123.45 = 12673.45 against 12550."""
    delivery = tmp_path / "levering"
    shutil.copytree(EXTRACT_MINI, delivery)
    with (delivery / "betalingen.csv").open("a", encoding="utf-8") as f:
        f.write("U12,2010-01,123.45,0.00,0.00\n")
    settings = get_settings()
    load_delivery(delivery, settings, now=datetime(2024, 11, 20, 9, 0))
    build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        alle = con.execute("SELECT bedrag_overzicht, bedrag_controle, verschil, sluitend "
                           "FROM marts.verantwoording_aansluiting WHERE jaar = 'alle jaren'").fetchone()
    finally:
        con.close()
    assert [float(x) for x in alle[:3]] == [12550.0, 12673.45, -123.45]
    assert alle[3] is False


@pytest.mark.parametrize("jaar", ["2023", "2024"])
def test_statement_total_equals_sum_of_payment_rows(mini_warehouse, jaar):
    """The statement's total against the payment rows read straight from staging, per year."""
    totaal, = mini_warehouse.execute(
        "SELECT bedrag FROM marts.verantwoording WHERE jaar = ? AND volgorde = 5", [jaar]).fetchone()
    betalingen, = mini_warehouse.execute(
        "SELECT sum(bruto_bedrag) FROM staging.extract__betalingen WHERE year(maand) = ?", [int(jaar)]).fetchone()
    assert totaal == betalingen == {"2023": 6300, "2024": 6250}[jaar]


def test_statement_per_year_downloads_as_excel_with_the_amounts(mini_warehouse):
    """Lines down, years across (2023 and 2024: the first payment or movement is V1's of 2023-06-30),
    and the .xlsx holds the amounts as numbers in a Dutch-displayed format."""
    per_jaar = mini_warehouse.execute("SELECT * FROM marts.verantwoording_per_jaar "
                                      "WHERE gemeente_code = 'GM0289' ORDER BY volgorde").df()
    assert [c for c in per_jaar.columns if c.isdigit()] == ["2023", "2024"]
    tabel = per_jaar.drop(columns=["gemeente_code", "volgorde"]).astype({"2023": float, "2024": float})
    sheet = load_workbook(io.BytesIO(to_xlsx(tabel, "verantwoording"))).active
    assert [c.value for c in sheet[1]] == ["post", "2023", "2024"]
    totaal = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Totaal uitkeringslasten")
    assert [c.value for c in totaal[1:]] == [6300, 6250]
    assert totaal[1].number_format in ("#,##0", "#,##0.00")
