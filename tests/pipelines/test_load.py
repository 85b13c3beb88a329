"""The loader against data-contract §1: dialects, quarantine reasons, fatal errors, BSN guard,
identity by peildatum, counts and quarantine retention. Every delivery is written by the test."""
from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.load.delivery import LoadError, load_delivery, purge_quarantine
from pipelines.settings import get_settings

# A minimal valid delivery for GM0344. Row counts per file: levering 1, uitkeringen 3, betalingen 5,
# vorderingen 2, aflossingen 2, aanvragen 2, budget 1.
VALID = {
    "levering": [{"peildatum": "2024-12-31", "bronsysteem": "Suite4SD"}],
    "uitkeringen": [
        {"uitkering_id": "U1", "client_id": "C1", "gemeente_code": "GM0344", "regeling": "PW",
         "leefvorm": "alleenstaand", "geboortejaar": "1980", "startdatum": "2023-01-01", "einddatum": "",
         "reden_einde": ""},
        {"uitkering_id": "U2", "client_id": "C2", "gemeente_code": "GM0344", "regeling": "IOAW",
         "leefvorm": "gehuwd", "geboortejaar": "1962", "startdatum": "2022-05-01", "einddatum": "2024-06-30",
         "reden_einde": "werk"},
        {"uitkering_id": "U3", "client_id": "C3", "gemeente_code": "GM0344", "regeling": "PW",
         "leefvorm": "alleenstaande_ouder", "geboortejaar": "1990", "startdatum": "2024-02-01", "einddatum": "",
         "reden_einde": ""},
    ],
    "betalingen": [
        {"uitkering_id": "U1", "maand": "2024-01", "bruto_bedrag": "1200.50", "inkomsten_arbeid": "0"},
        {"uitkering_id": "U1", "maand": "2024-02", "bruto_bedrag": "1000.00", "inkomsten_arbeid": "200.50"},
        {"uitkering_id": "U2", "maand": "2024-01", "bruto_bedrag": "1800.00", "inkomsten_arbeid": "0"},
        {"uitkering_id": "U2", "maand": "2024-02", "bruto_bedrag": "0", "inkomsten_arbeid": "2500.00"},
        {"uitkering_id": "U3", "maand": "2024-02", "bruto_bedrag": "1300.00", "inkomsten_arbeid": "0"},
    ],
    "vorderingen": [
        {"vordering_id": "V1", "client_id": "C1", "gemeente_code": "GM0344", "soort": "terugvordering",
         "ontstaan": "2024-03-01", "bedrag": "500.00", "verwijtbaarheid": ""},
        {"vordering_id": "V2", "client_id": "C2", "gemeente_code": "GM0344", "soort": "boete",
         "ontstaan": "2024-04-01", "bedrag": "250.00", "verwijtbaarheid": "opzet"},
    ],
    "aflossingen": [
        {"vordering_id": "V1", "datum": "2024-04-01", "bedrag": "100.00", "soort": "aflossing"},
        {"vordering_id": "V2", "datum": "2024-05-01", "bedrag": "50.00", "soort": "aflossing"},
    ],
    "aanvragen": [
        {"aanvraag_id": "A1", "client_id": "C3", "gemeente_code": "GM0344", "ontvangen": "2024-01-05",
         "besluit_datum": "2024-01-25", "besluit": "toegekend"},
        {"aanvraag_id": "A2", "client_id": "C4", "gemeente_code": "GM0344", "ontvangen": "2024-12-01",
         "besluit_datum": "", "besluit": ""},
    ],
    "budget": [{"gemeente_code": "GM0344", "jaar": "2024", "fase": "definitief", "bedrag": "1000000.00"}],
}
CONTRACT_TABLES = ["leveringen", "laadrapport", "quarantaine", "uitkeringen", "betalingen", "vorderingen",
                   "aflossingen", "aanvragen", "contacten", "maatregelen", "budget"]
NOW = datetime(2025, 1, 15, 9, 0)


def rows() -> dict[str, list[dict]]:
    return copy.deepcopy(VALID)


def write_csv(path: Path, table: list[dict], sep: str = ",", encoding: str = "utf-8", header=None) -> None:
    header = header or list(table[0])

    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or '"' in value else value

    lines = [sep.join(cell(h) for h in header)]
    lines += [sep.join(cell(str(r.get(h.strip().lower(), ""))) for h in header) for r in table]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def write_delivery(folder: Path, data: dict[str, list[dict]] | None = None, **csv_options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, table in (data or rows()).items():
        write_csv(folder / f"{stem}.csv", table, **csv_options)
    return folder


def landing(data_dir: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(data_dir / "landing.duckdb"), read_only=True)


def query(data_dir: Path, sql: str, params=None) -> list[tuple]:
    with landing(data_dir) as con:
        return con.execute(sql, params or []).fetchall()


def quarantine(data_dir: Path) -> list[tuple]:
    return query(data_dir, "SELECT bestand, regel, kolom, reden FROM quarantaine ORDER BY bestand, regel")


def snapshot(data_dir: Path) -> dict[str, list[tuple]]:
    with landing(data_dir) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in CONTRACT_TABLES}


def load(folder: Path, now: datetime = NOW):
    return load_delivery(folder, get_settings(), now=now)


# ---------------------------------------------------------------- a valid delivery, every dialect

def test_valid_delivery_loads_every_row_typed(data_dir, tmp_path):
    report = load(write_delivery(tmp_path / "a"))
    assert report.status == "geladen" and report.gemeenten == ["GM0344"]
    assert report.peildatum == date(2024, 12, 31)
    assert {f.bestand: (f.gelezen, f.geladen, f.quarantaine) for f in report.bestanden} == {
        "levering.csv": (1, 1, 0), "uitkeringen.csv": (3, 3, 0), "betalingen.csv": (5, 5, 0),
        "vorderingen.csv": (2, 2, 0), "aflossingen.csv": (2, 2, 0), "aanvragen.csv": (2, 2, 0),
        "budget.csv": (1, 1, 0)}
    # 1200.50 + 1000.00 + 1800.00 + 0 + 1300.00 = 5300.50; earnings 200.50 + 2500.00 = 2700.50
    assert query(data_dir, "SELECT sum(bruto_bedrag), sum(inkomsten_arbeid) FROM betalingen") == [
        (Decimal("5300.50"), Decimal("2700.50"))]
    assert query(data_dir, "SELECT maand FROM betalingen WHERE uitkering_id = 'U3'") == [(date(2024, 2, 1),)]
    assert query(data_dir, "SELECT einddatum, reden_einde FROM uitkeringen WHERE uitkering_id = 'U2'") == [
        (date(2024, 6, 30), "werk")]
    assert query(data_dir, "SELECT peildatum, bronsysteem, gemeenten, heeft_vrijlating FROM leveringen") == [
        (date(2024, 12, 31), "Suite4SD", ["GM0344"], False)]
    assert query(data_dir, "SELECT count(*) FROM quarantaine") == [(0,)]
    summary = report.summary()
    assert "uitkeringen.csv" in summary and "gelezen 3, geladen 3, quarantaine 0" in summary


def _amounts(data_dir: Path) -> list[tuple]:
    return query(data_dir, "SELECT uitkering_id, maand, bruto_bedrag FROM betalingen ORDER BY ALL")


EXPECTED_AMOUNTS = [("U1", date(2024, 1, 1), Decimal("1200.50")), ("U1", date(2024, 2, 1), Decimal("1000.00")),
                    ("U2", date(2024, 1, 1), Decimal("1800.00")), ("U2", date(2024, 2, 1), Decimal("0.00")),
                    ("U3", date(2024, 2, 1), Decimal("1300.00"))]


@pytest.mark.parametrize("sep", [";", ","])
def test_separator_is_detected_from_the_header(data_dir, tmp_path, sep):
    load(write_delivery(tmp_path / "a", sep=sep))
    assert _amounts(data_dir) == EXPECTED_AMOUNTS


def test_utf8_with_byte_order_mark(data_dir, tmp_path):
    load(write_delivery(tmp_path / "a", encoding="utf-8-sig"))
    assert _amounts(data_dir) == EXPECTED_AMOUNTS
    assert query(data_dir, "SELECT peildatum FROM leveringen") == [(date(2024, 12, 31),)]


def test_windows_1252_is_transcoded(data_dir, tmp_path):
    data = rows()
    data["levering"][0]["bronsysteem"] = "Socrates € “Zuid”"
    folder = write_delivery(tmp_path / "a", data, encoding="cp1252", sep=";")
    assert "€".encode("cp1252") in (folder / "levering.csv").read_bytes()  # 0x80: not valid UTF-8
    load(folder)
    assert query(data_dir, "SELECT bronsysteem FROM leveringen") == [("Socrates € “Zuid”",)]


def test_decimal_comma_with_semicolon_and_quoted_with_comma(data_dir, tmp_path):
    data = rows()
    for row in data["betalingen"]:
        row["bruto_bedrag"] = row["bruto_bedrag"].replace(".", ",")
    data["budget"][0]["bedrag"] = "1.000.000,00"  # thousands grouped with points, decimal comma
    load(write_delivery(tmp_path / "a", data, sep=";"))
    assert _amounts(data_dir) == EXPECTED_AMOUNTS
    assert query(data_dir, "SELECT bedrag FROM budget") == [(Decimal("1000000.00"),)]


def test_decimal_comma_in_comma_separated_file_is_quoted(data_dir, tmp_path):
    data = rows()
    data["betalingen"][0]["bruto_bedrag"] = "1200,50"  # the writer quotes it: "1200,50"
    folder = write_delivery(tmp_path / "a", data, sep=",")
    assert '"1200,50"' in (folder / "betalingen.csv").read_text()
    load(folder)
    assert _amounts(data_dir) == EXPECTED_AMOUNTS


def test_dates_day_month_year(data_dir, tmp_path):
    data = rows()
    data["levering"][0]["peildatum"] = "31-12-2024"
    data["uitkeringen"][1]["einddatum"] = "30-06-2024"
    load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT peildatum FROM leveringen") == [(date(2024, 12, 31),)]
    assert query(data_dir, "SELECT einddatum FROM uitkeringen WHERE uitkering_id = 'U2'") == [(date(2024, 6, 30),)]


def test_header_names_in_any_case_with_stray_spaces(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    header = [" Uitkering_ID", "MAAND ", " Bruto_Bedrag ", "inkomsten_arbeid"]
    write_csv(folder / "betalingen.csv", VALID["betalingen"], header=header)
    load(folder)
    assert _amounts(data_dir) == EXPECTED_AMOUNTS


def test_parquet_file_with_typed_columns(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    (folder / "uitkeringen.csv").unlink()
    frame = pd.DataFrame(VALID["uitkeringen"])
    frame["startdatum"] = pd.to_datetime(frame["startdatum"])  # a real date column, as systems write it
    frame["geboortejaar"] = frame["geboortejaar"].astype(int)
    frame.to_parquet(folder / "uitkeringen.parquet")
    report = load(folder)
    assert query(data_dir, "SELECT uitkering_id, startdatum, geboortejaar FROM uitkeringen ORDER BY 1") == [
        ("U1", date(2023, 1, 1), 1980), ("U2", date(2022, 5, 1), 1962), ("U3", date(2024, 2, 1), 1990)]
    assert [(f.gelezen, f.geladen) for f in report.bestanden if f.bestand == "uitkeringen.parquet"] == [(3, 3)]


def test_xlsx_file_with_excel_dates_and_numbers(data_dir, tmp_path):
    from openpyxl import Workbook

    folder = write_delivery(tmp_path / "a")
    (folder / "betalingen.csv").unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(["uitkering_id", "maand", "bruto_bedrag", "inkomsten_arbeid"])
    for r in VALID["betalingen"]:
        sheet.append([r["uitkering_id"], r["maand"], float(r["bruto_bedrag"]), float(r["inkomsten_arbeid"])])
    book.save(folder / "betalingen.xlsx")
    load(folder)
    assert _amounts(data_dir) == EXPECTED_AMOUNTS


def test_optional_files_and_vrijlating_column(data_dir, tmp_path):
    data = rows()
    for row in data["betalingen"]:
        row["vrijlating"] = "25.00" if row["uitkering_id"] == "U1" else ""
    data["contacten"] = [{"client_id": "C1", "datum": "2024-05-01", "kanaal": "gesprek"}]
    data["maatregelen"] = [{"maatregel_id": "M1", "client_id": "C1", "start": "2024-03-01", "eind": "2024-05-31",
                            "percentage": "20", "herzien": "ja", "herzien_datum": "2024-04-15"}]
    load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT heeft_vrijlating FROM leveringen") == [(True,)]
    # two payments of U1 with 25.00 each
    assert query(data_dir, "SELECT sum(vrijlating), count(vrijlating) FROM betalingen") == [(Decimal("50.00"), 2)]
    assert query(data_dir, "SELECT kanaal FROM contacten") == [("gesprek",)]
    assert query(data_dir, "SELECT percentage, herzien FROM maatregelen") == [(Decimal("20.00"), True)]


def test_parquet_booleans_read_as_ja_nee(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    pd.DataFrame({"maatregel_id": ["M1", "M2"], "client_id": ["C1", "C2"], "start": ["2024-03-01", "2024-04-01"],
                  "eind": [None, None], "percentage": [20.0, 100.0], "herzien": [True, False],
                  "herzien_datum": [None, None]}).to_parquet(folder / "maatregelen.parquet")
    load(folder)
    assert query(data_dir, "SELECT maatregel_id, herzien FROM maatregelen ORDER BY 1") == [("M1", True), ("M2", False)]


def test_claims_culpability_regeling_and_write_off(data_dir, tmp_path):
    """The five culpability values, the optional regeling of a claim (empty = BUIG, spelling made
    canonical) and the movement afboeking all load; without the regeling column every claim is NULL."""
    load(write_delivery(tmp_path / "zonder"))
    assert query(data_dir, "SELECT vordering_id, regeling FROM vorderingen ORDER BY 1") == [("V1", None), ("V2", None)]
    data = rows()
    data["vorderingen"][0]["regeling"] = "bb"
    data["vorderingen"][1]["regeling"] = ""
    for i, (culpability, regeling) in enumerate([("grove_schuld", "PW"), ("normaal", "BBZ_KAPITAAL"),
                                                 ("verminderd", "Overig"), ("geen", "IOAZ")]):
        data["vorderingen"].append({"vordering_id": f"B{i}", "client_id": "C1", "gemeente_code": "GM0344",
                                    "soort": "boete", "ontstaan": "2024-06-01", "bedrag": "100.00",
                                    "verwijtbaarheid": culpability, "regeling": regeling})
    data["aflossingen"] += [
        {"vordering_id": "V1", "datum": "2024-06-01", "bedrag": "400.00", "soort": "buiten_invordering"},
        {"vordering_id": "V1", "datum": "2024-09-01", "bedrag": "400.00", "soort": "afboeking"}]
    data["levering"][0]["peildatum"] = "2025-01-15"  # a newer delivery replaces the first one
    report = load(write_delivery(tmp_path / "met", data))
    counts = {f.bestand: (f.gelezen, f.geladen) for f in report.bestanden}
    assert (counts["vorderingen.csv"], counts["aflossingen.csv"]) == ((6, 6), (4, 4))
    assert query(data_dir, "SELECT vordering_id, verwijtbaarheid, regeling FROM vorderingen ORDER BY 1") == [
        ("B0", "grove_schuld", "PW"), ("B1", "normaal", "BBZ_KAPITAAL"), ("B2", "verminderd", "OVERIG"),
        ("B3", "geen", "IOAZ"), ("V1", None, "BB"), ("V2", "opzet", None)]
    assert query(data_dir, "SELECT soort, bedrag FROM aflossingen WHERE vordering_id = 'V1' ORDER BY datum") == [
        ("aflossing", Decimal("100.00")), ("buiten_invordering", Decimal("400.00")), ("afboeking", Decimal("400.00"))]


def test_a_landing_database_from_before_claim_regelingen_takes_the_new_column(data_dir, tmp_path):
    """An existing landing.duckdb without vorderingen.regeling: opening it adds the column (its claims,
    delivered before the column existed, are BUIG claims: NULL) and the next delivery loads."""
    con = duckdb.connect(str(data_dir / "landing.duckdb"))
    con.execute("CREATE TABLE vorderingen (levering_id VARCHAR NOT NULL, vordering_id VARCHAR NOT NULL, "
                "client_id VARCHAR NOT NULL, gemeente_code VARCHAR NOT NULL, soort VARCHAR NOT NULL, "
                "ontstaan DATE NOT NULL, bedrag DECIMAL(14, 2) NOT NULL, verwijtbaarheid VARCHAR)")
    con.execute("INSERT INTO vorderingen VALUES "
                "('oud', 'V0', 'C0', 'GM0363', 'terugvordering', '2020-01-01', 10, NULL)")
    con.close()
    data = rows()
    data["vorderingen"][0]["regeling"] = "BB"
    load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT vordering_id, regeling FROM vorderingen ORDER BY 1") == [
        ("V0", None), ("V1", "BB"), ("V2", None)]


# ---------------------------------------------------------------- quarantine, one test per reason

def _set(data, stem, index, **values):
    data[stem][index].update(values)
    return data


# (file, row index to break, change, expected (file, line, column, reason)); line = index + 2
QUARANTINE_CASES = {
    "verplicht": ("uitkeringen", 0, {"client_id": ""},
                  ("uitkeringen.csv", 2, "client_id", "verplichte waarde ontbreekt")),
    "gemeentecode": ("uitkeringen", 1, {"gemeente_code": "0344"},
                     ("uitkeringen.csv", 3, "gemeente_code", "gemeentecode ongeldig")),
    "keuze": ("uitkeringen", 2, {"regeling": "WW"}, ("uitkeringen.csv", 4, "regeling", "onbekende waarde")),
    "datum": ("aanvragen", 1, {"ontvangen": "2024-13-01"}, ("aanvragen.csv", 3, "ontvangen", "datum onleesbaar")),
    "maand": ("betalingen", 4, {"maand": "2024-2"}, ("betalingen.csv", 6, "maand", "maand onleesbaar")),
    "bedrag": ("betalingen", 2, {"bruto_bedrag": "EUR 12"}, ("betalingen.csv", 4, "bruto_bedrag", "bedrag onleesbaar")),
    "negatief": ("betalingen", 0, {"inkomsten_arbeid": "-5"},
                 ("betalingen.csv", 2, "inkomsten_arbeid", "bedrag mag niet negatief zijn")),
    "positief": ("aflossingen", 1, {"bedrag": "0"}, ("aflossingen.csv", 3, "bedrag", "bedrag moet groter dan 0 zijn")),
    "jaar": ("budget", 0, {"jaar": "twintig"}, ("budget.csv", 2, "jaar", "jaar onleesbaar")),
    "einddatum": ("uitkeringen", 1, {"einddatum": "2021-12-31"},
                  ("uitkeringen.csv", 3, "einddatum", "einddatum voor startdatum")),
    "reden_einde": ("uitkeringen", 1, {"reden_einde": ""},
                    ("uitkeringen.csv", 3, "reden_einde", "reden_einde ontbreekt bij einddatum")),
    "boete": ("vorderingen", 1, {"verwijtbaarheid": ""},
              ("vorderingen.csv", 3, "verwijtbaarheid", "verwijtbaarheid ontbreekt bij boete")),
    "geen boete": ("vorderingen", 0, {"verwijtbaarheid": "opzet"},
                   ("vorderingen.csv", 2, "verwijtbaarheid", "verwijtbaarheid alleen bij boete")),
    "verwijtbaarheid": ("vorderingen", 1, {"verwijtbaarheid": "licht"},
                        ("vorderingen.csv", 3, "verwijtbaarheid", "onbekende waarde")),
    "regeling vordering": ("vorderingen", 0, {"regeling": "WWB"},
                           ("vorderingen.csv", 2, "regeling", "onbekende waarde")),
    "soort mutatie": ("aflossingen", 1, {"soort": "afschrijving"},
                      ("aflossingen.csv", 3, "soort", "onbekende waarde")),
    "besluit": ("aanvragen", 0, {"besluit_datum": "2024-01-01"},
                ("aanvragen.csv", 2, "besluit_datum", "besluit_datum voor ontvangen")),
    "onbekende uitkering": ("betalingen", 4, {"uitkering_id": "U9"},
                            ("betalingen.csv", 6, "uitkering_id", "onbekende uitkering")),
    "onbekende vordering": ("aflossingen", 0, {"vordering_id": "V9"},
                            ("aflossingen.csv", 2, "vordering_id", "onbekende vordering")),
}


@pytest.mark.parametrize("case", list(QUARANTINE_CASES))
def test_a_broken_row_goes_to_quarantine_with_file_line_column_and_reason(data_dir, tmp_path, case):
    stem, index, change, expected = QUARANTINE_CASES[case]
    report = load(write_delivery(tmp_path / "a", _set(rows(), stem, index, **change)))
    # children of a quarantined parent follow it (tested below); here only the broken file counts
    assert [q for q in quarantine(data_dir) if q[0] == f"{stem}.csv"] == [expected]
    counts = {f.bestand: (f.gelezen, f.geladen, f.quarantaine) for f in report.bestanden}
    gelezen = len(VALID[stem])
    assert counts[f"{stem}.csv"] == (gelezen, gelezen - 1, 1)
    original = json.loads(query(data_dir, "SELECT rij FROM quarantaine WHERE bestand = ?", [f"{stem}.csv"])[0][0])
    assert original == {k: v or None for k, v in {**VALID[stem][index], **change}.items()}  # empty reads as null


def test_children_of_a_quarantined_parent_are_quarantined_with_that_reason(data_dir, tmp_path):
    data = _set(rows(), "uitkeringen", 0, startdatum="gisteren")  # U1 has payments on lines 2 and 3
    data = _set(data, "vorderingen", 0, bedrag="-500")  # V1 has the movement on line 2
    load(write_delivery(tmp_path / "a", data))
    assert quarantine(data_dir) == [
        ("aflossingen.csv", 2, "vordering_id", "vordering in quarantaine"),
        ("betalingen.csv", 2, "uitkering_id", "uitkering in quarantaine"),
        ("betalingen.csv", 3, "uitkering_id", "uitkering in quarantaine"),
        ("uitkeringen.csv", 2, "startdatum", "datum onleesbaar"),
        ("vorderingen.csv", 2, "bedrag", "bedrag moet groter dan 0 zijn"),
    ]


def test_every_copy_of_a_duplicated_key_after_the_first_is_quarantined(data_dir, tmp_path):
    data = rows()
    data["uitkeringen"] += [dict(VALID["uitkeringen"][0], client_id="C7"), dict(VALID["uitkeringen"][0])]
    data["betalingen"].append(dict(VALID["betalingen"][2], bruto_bedrag="1.00"))  # (U2, 2024-01) again
    report = load(write_delivery(tmp_path / "a", data))
    assert quarantine(data_dir) == [
        ("betalingen.csv", 7, "maand", "dubbele sleutel"),
        ("uitkeringen.csv", 5, "uitkering_id", "dubbele sleutel"),
        ("uitkeringen.csv", 6, "uitkering_id", "dubbele sleutel"),
    ]
    # the first U1 stays, so its payments load: 5 payments + 1 duplicate read, 5 loaded
    assert query(data_dir, "SELECT client_id FROM uitkeringen WHERE uitkering_id = 'U1'") == [("C1",)]
    counts = {f.bestand: (f.gelezen, f.geladen, f.quarantaine) for f in report.bestanden}
    assert counts["uitkeringen.csv"] == (5, 3, 2) and counts["betalingen.csv"] == (6, 5, 1)


def test_a_row_that_cannot_be_split_is_quarantined_and_later_lines_keep_their_numbers(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    lines = (folder / "betalingen.csv").read_text().splitlines()
    lines.insert(2, "U1,2023-12,1,0,extra")  # becomes line 3; old lines 3.. move to 4..
    (folder / "betalingen.csv").write_text("\n".join(lines) + "\n")
    data = rows()
    data["betalingen"][3]["uitkering_id"] = "U9"
    lines[5] = ",".join(data["betalingen"][3].values())  # line 6 = original row index 3, made an orphan
    (folder / "betalingen.csv").write_text("\n".join(lines) + "\n")
    report = load(folder)
    assert quarantine(data_dir) == [(
        "betalingen.csv", 3, None, "regel onleesbaar"), ("betalingen.csv", 6, "uitkering_id", "onbekende uitkering")]
    assert [(f.gelezen, f.geladen, f.quarantaine) for f in report.bestanden if f.bestand == "betalingen.csv"] == [
        (6, 4, 2)]


def test_rows_read_equal_rows_loaded_plus_quarantined_in_report_and_tables(data_dir, tmp_path):
    data = _set(rows(), "betalingen", 0, maand="januari")
    data = _set(data, "aanvragen", 1, besluit="toegekend")  # decision without a date
    load(write_delivery(tmp_path / "a", data))
    checks = query(data_dir, """
        SELECT r.bestand, r.rijen_gelezen, r.rijen_geladen, r.rijen_quarantaine,
               (SELECT count(*) FROM quarantaine q WHERE q.bestand = r.bestand)
        FROM laadrapport r ORDER BY r.bestand""")
    assert all(gelezen == geladen + quar and quar == in_table for _, gelezen, geladen, quar, in_table in checks)
    loaded = dict(query(data_dir, "SELECT 'betalingen.csv', count(*) FROM betalingen UNION ALL "
                                  "SELECT 'aanvragen.csv', count(*) FROM aanvragen"))
    by_file = {bestand: (gelezen, geladen, quar) for bestand, gelezen, geladen, quar, _ in checks}
    assert by_file["betalingen.csv"] == (5, 4, 1) and loaded["betalingen.csv"] == 4
    assert by_file["aanvragen.csv"] == (2, 1, 1) and loaded["aanvragen.csv"] == 1


# ---------------------------------------------------------------- fatal errors leave the landing db as it was

def _loaded_then_broken(data_dir, tmp_path, break_delivery) -> tuple[dict, str]:
    load(write_delivery(tmp_path / "a"))
    before = snapshot(data_dir)
    data = rows()
    data["levering"][0]["peildatum"] = "2025-03-31"
    folder = write_delivery(tmp_path / "b", data)
    break_delivery(folder)
    with pytest.raises(LoadError) as failure:
        load(folder, now=datetime(2025, 4, 2))
    assert snapshot(data_dir) == before
    assert query(data_dir, "SELECT status, melding FROM laadhistorie WHERE status = 'mislukt'") == [
        ("mislukt", str(failure.value))]
    return before, str(failure.value)


def test_missing_file_fails_and_changes_nothing(data_dir, tmp_path):
    _, message = _loaded_then_broken(data_dir, tmp_path, lambda f: (f / "aflossingen.csv").unlink())
    assert "aflossingen" in message and "ontbreekt" in message


def test_missing_required_column_fails_and_changes_nothing(data_dir, tmp_path):
    def drop_column(folder):
        write_csv(folder / "vorderingen.csv", VALID["vorderingen"],
                  header=["vordering_id", "client_id", "gemeente_code", "soort", "ontstaan", "verwijtbaarheid"])

    _, message = _loaded_then_broken(data_dir, tmp_path, drop_column)
    assert message == "vorderingen.csv: verplichte kolom ontbreekt: bedrag"


def test_empty_file_and_not_a_table_fail(data_dir, tmp_path):
    _, message = _loaded_then_broken(data_dir, tmp_path, lambda f: (f / "budget.csv").write_text(""))
    assert message == "budget.csv: bestand is leeg"
    folder = write_delivery(tmp_path / "c")
    (folder / "aanvragen.csv").unlink()
    (folder / "aanvragen.parquet").write_bytes(b"this is not parquet")
    with pytest.raises(LoadError, match="aanvragen.parquet: geen leesbare tabel"):
        load(folder)


def test_header_only_files_load_as_zero_rows_except_benefits(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    header = (folder / "vorderingen.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "vorderingen.csv").write_text(header + "\n", encoding="utf-8")  # a village without claims
    (folder / "aflossingen.csv").write_text(
        (folder / "aflossingen.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = load(folder)
    counts = {f.bestand: (f.gelezen, f.geladen) for f in report.bestanden}
    assert counts["vorderingen.csv"] == (0, 0) and counts["aflossingen.csv"] == (0, 0)
    folder = write_delivery(tmp_path / "b")
    (folder / "uitkeringen.csv").write_text(
        (folder / "uitkeringen.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    (folder / "betalingen.csv").write_text(
        (folder / "betalingen.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match="uitkeringen.csv: bestand is leeg"):
        load(folder)


def test_unreadable_peildatum_fails_naming_the_levering_file(data_dir, tmp_path):
    data = rows()
    data["levering"][0]["peildatum"] = "eind 2024"
    with pytest.raises(LoadError, match="^levering.csv: peildatum: datum onleesbaar$"):
        load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT count(*) FROM leveringen") == [(0,)]


def test_a_trailing_separator_adds_a_nameless_column_that_is_ignored(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a", sep=";")
    lines = (folder / "budget.csv").read_text().splitlines()
    (folder / "budget.csv").write_text("".join(line + ";\n" for line in lines))
    load(folder)
    assert query(data_dir, "SELECT bedrag FROM budget") == [(Decimal("1000000.00"),)]


# ---------------------------------------------------------------- BSN guard

def _with_column(values: list[str]) -> dict:
    data = rows()
    for row, value in zip(data["uitkeringen"], values, strict=True):
        row["client_id"] = value
    return data


def test_a_column_of_bsns_fails_the_delivery_naming_file_and_column(data_dir, tmp_path):
    # elfproef: 111222333 -> 9+8+7+12+10+8+9+6-3 = 66 = 6*11; 123456782 -> 9+16+21+24+25+24+21+16-2 = 154 = 14*11
    # 999999990 -> 9*(9+8+7+6+5+4+3+2) - 0 = 396 = 36*11
    folder = write_delivery(tmp_path / "a", _with_column(["111222333", "123456782", "999999990"]))
    with pytest.raises(LoadError) as failure:
        load(folder)
    assert "uitkeringen.csv" in str(failure.value) and "'client_id'" in str(failure.value)
    assert query(data_dir, "SELECT count(*) FROM uitkeringen") == [(0,)]


def test_nine_digit_ids_failing_the_elfproef_load(data_dir, tmp_path):
    # 111222334 -> 66 - 1 = 65, 123456780 -> 154 + 2 = 156, 999999991 -> 395: none divisible by 11
    load(write_delivery(tmp_path / "a", _with_column(["111222334", "123456780", "999999991"])))
    assert query(data_dir, "SELECT client_id FROM uitkeringen ORDER BY 1") == [
        ("111222334",), ("123456780",), ("999999991",)]


def test_an_extra_column_of_bsns_is_refused_too(data_dir, tmp_path):
    data = rows()
    for row, bsn in zip(data["uitkeringen"], ["111222333", "123456782", "999999990"], strict=True):
        row["bsn"] = bsn
    with pytest.raises(LoadError, match=r"uitkeringen.csv: kolom 'bsn'"):
        load(write_delivery(tmp_path / "a", data))


def _contacts(client_ids: list[str]) -> dict:
    """The delivery with an optional contacten.csv: one contact per client id given."""
    data = rows()
    data["contacten"] = [{"client_id": c, "datum": "2024-05-01", "kanaal": "gesprek"} for c in client_ids]
    return data


def _refused(data_dir: Path, folder: Path, match: str) -> str:
    """The load fails with `match`, and nothing of the delivery stays: no rows, no temp folder, no value."""
    with pytest.raises(LoadError, match=match) as failure:
        load(folder)
    assert all(n == 0 for t, n in _counts(data_dir).items() if t != "laadhistorie")
    assert query(data_dir, "SELECT status, melding FROM laadhistorie") == [("mislukt", str(failure.value))]
    assert sorted(p.name for p in data_dir.iterdir()) == ["landing.duckdb"]
    return str(failure.value)


def _counts(data_dir: Path) -> dict[str, int]:
    return {t: query(data_dir, f"SELECT count(*) FROM {t}")[0][0] for t in CONTRACT_TABLES + ["laadhistorie"]}


# 123456782 and 111222333 pass (see above); 100000009 -> 9 - 9 = 0; 200000007 -> 18 - 7 = 11
WRITTEN = ["1234.56.782", "111 222 333", "1000-00-009", "2000.00.007", " 123.456.782 "]


def test_bsns_written_with_dots_spaces_and_dashes_are_refused(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a", _contacts(WRITTEN))
    message = _refused(data_dir, folder, r"^contacten.csv: kolom 'client_id' bevat burgerservicenummers")
    assert "5 van 5 waarden" in message
    assert not any(v.strip().replace(".", "") in message for v in WRITTEN)  # the message names no BSN


def test_a_column_with_four_bsns_in_five_and_filler_is_refused(data_dir, tmp_path):
    # 4 of the 5 non-empty values are BSNs (80%): more than half; empty values do not count
    folder = write_delivery(tmp_path / "a", _contacts(WRITTEN[:4] + ["onbekend", "", ""]))
    message = _refused(data_dir, folder, r"^contacten.csv: kolom 'client_id' bevat burgerservicenummers")
    assert "4 van 5 waarden" in message


def test_half_of_the_values_is_enough_and_fewer_than_half_loads(data_dir, tmp_path):
    # 2 BSNs in 4 values: exactly half
    _refused(data_dir, write_delivery(tmp_path / "a", _contacts(WRITTEN[:2] + ["K1", "K2"])),
             "kolom 'client_id' bevat burgerservicenummers")
    # an ordinary 9-digit id column: 2 of 5 pass the elfproef (200000007, 200000019 -> 18 + 2 - 9 = 11),
    # 200000001 -> 17, 200000002 -> 16, 200000003 -> 15 do not
    ids = ["200000007", "200000019", "200000001", "200000002", "200000003"]
    load(write_delivery(tmp_path / "b", _contacts(ids)))
    assert query(data_dir, "SELECT client_id FROM contacten ORDER BY 1") == [(i,) for i in sorted(ids)]


def test_an_excel_sofinummer_column_that_lost_its_leading_zeros_is_refused(data_dir, tmp_path):
    from openpyxl import Workbook

    folder = write_delivery(tmp_path / "a")
    (folder / "uitkeringen.csv").unlink()
    book = Workbook()
    book.active.append([*VALID["uitkeringen"][0], "Sofi nummer"])
    # 012345672 -> 8+14+18+20+20+18+14-2 = 110; 010000008 -> 8-8 = 0; 010000021 -> 8+4-1 = 11
    for row, sofi in zip(VALID["uitkeringen"], [12345672, 10000008, 10000021], strict=True):
        book.active.append([*row.values(), sofi])
    book.save(folder / "uitkeringen.xlsx")
    message = _refused(data_dir, folder, r"^uitkeringen.xlsx: kolom 'sofi nummer' heeft de naam van een "
                                         r"burgerservicenummer")
    assert "laat de kolom weg" in message
    # the same numbers under another name: judged by their values, 8 digits as 9 with the lost zero
    book = Workbook()
    book.active.append([*VALID["uitkeringen"][0], "persoon"])
    for row, sofi in zip(VALID["uitkeringen"], [12345672, 10000008, 10000021], strict=True):
        book.active.append([*row.values(), sofi])
    book.save(folder / "uitkeringen.xlsx")
    with pytest.raises(LoadError, match=r"^uitkeringen.xlsx: kolom 'persoon' bevat burgerservicenummers \(BSN; "
                                        r"3 van 3"):
        load(folder)


@pytest.mark.parametrize("name", ["BSN ", "Sofi_Nummer", "burger service nummer", "SOFINUMMER"])
def test_a_column_named_like_a_bsn_is_refused_even_when_empty(data_dir, tmp_path, name):
    folder = write_delivery(tmp_path / "a")
    (folder / "budget.parquet").write_bytes(b"")
    (folder / "budget.csv").unlink()
    pd.DataFrame({**pd.DataFrame(VALID["budget"]), name: [None]}).to_parquet(folder / "budget.parquet")
    _refused(data_dir, folder, f"^budget.parquet: kolom '{name.strip().lower()}' heeft de naam van een "
                               "burgerservicenummer")


def test_parquet_integers_are_judged_like_text(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    (folder / "aanvragen.csv").unlink()
    frame = pd.DataFrame(VALID["aanvragen"] * 2)
    frame["persoon"] = [123456782, 111222333, 12345672, 1]  # 3 of 4 are BSNs
    frame.to_parquet(folder / "aanvragen.parquet")
    _refused(data_dir, folder, r"^aanvragen.parquet: kolom 'persoon' bevat burgerservicenummers \(BSN; 3 van 4")


def test_dates_whose_digits_pass_the_elfproef_are_no_bsns(data_dir, tmp_path):
    # 2024-01-07 -> 020240107: 16 + 12 + 20 + 3 - 7 = 44; both ways of writing it, in a small file
    data = rows()
    data["aanvragen"][0]["ontvangen"] = "2024-01-07"
    data["aanvragen"][1]["ontvangen"] = "07-01-2024"
    data["aanvragen"].append({**data["aanvragen"][0], "aanvraag_id": "A3"})
    load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT DISTINCT ontvangen FROM aanvragen") == [(date(2024, 1, 7),)]


def test_amounts_whose_digits_pass_the_elfproef_are_no_bsns(data_dir, tmp_path):
    # without the point: 2337081.6 -> 023370816: 16 + 21 + 18 + 35 + 24 + 2 - 6 = 110; 1000004.5 -> 010000045:
    # 8 + 8 - 5 = 11; 1000018.5 -> 010000185: 8 + 3 + 16 - 5 = 22. Three of three pass, yet they are amounts
    # (a demo's lasten_lks.csv was refused for this)
    data = rows()
    data["vorderingen"].append({**data["vorderingen"][0], "vordering_id": "V3"})
    for vordering, bedrag in zip(data["vorderingen"], ["2337081.6", "1000004.5", "1000018.5"], strict=True):
        vordering["bedrag"] = bedrag
    load(write_delivery(tmp_path / "a", data))
    assert query(data_dir, "SELECT CAST(bedrag AS DOUBLE) FROM vorderingen ORDER BY 1") == [
        (1000004.5,), (1000018.5,), (2337081.6,)]


def test_a_bsn_in_an_extra_column_too_short_to_judge_is_not_quarantined(data_dir, tmp_path):
    from pipelines.build import build
    from pipelines.settings import SQL_DIR

    data = rows()
    for row, extra in zip(data["vorderingen"], ["123456782", ""], strict=True):  # 1 value: too few to judge
        row["notitie"] = extra
    data["vorderingen"][0]["soort"] = "onbekend"  # the row with the BSN goes to quarantine
    folder = write_delivery(tmp_path / "a", data)
    lines = (folder / "betalingen.csv").read_text().splitlines()
    (folder / "betalingen.csv").write_text("\n".join(
        [lines[0] + ",notitie", lines[1] + ",123456782", "U1,2023-12,1,0,x,123456782"]
        + [line + "," for line in lines[2:]]) + "\n")
    load(folder, now=datetime.now())  # within the retention period, so the build below keeps the rows
    stored = query(data_dir, "SELECT bestand, regel, reden, rij FROM quarantaine ORDER BY bestand, regel")
    assert [(b, r, reden) for b, r, reden, _ in stored] == [
        ("aflossingen.csv", 2, "vordering in quarantaine"), ("betalingen.csv", 3, "regel onleesbaar"),
        ("vorderingen.csv", 2, "onbekende waarde")]
    assert json.loads(stored[2][3]) == {k: v or None for k, v in data["vorderingen"][0].items() if k != "notitie"}
    assert json.loads(stored[1][3]) == {}  # a line that cannot be split, in a file with an extra column
    assert not any("123456782" in rij for *_, rij in stored)
    # the page's only source of quarantined rows, built from its own model alone
    (tmp_path / "sql" / "marts").mkdir(parents=True)
    shutil.copy(SQL_DIR / "marts" / "quarantaine.sql", tmp_path / "sql" / "marts")
    build(sql_dir=tmp_path / "sql", python_models=False)
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        shown = con.execute("SELECT string_agg(rij, ' ') FROM marts.quarantaine").fetchone()[0]
    assert "vordering_id" in shown and "123456782" not in shown and "notitie" not in shown


def test_quarantine_rows_of_an_older_version_lose_their_extra_columns(data_dir, tmp_path):
    from pipelines.settings import SQL_DIR

    with duckdb.connect(str(data_dir / "landing.duckdb")) as con:
        con.execute((SQL_DIR / "landing.sql").read_text())
        con.execute("""INSERT INTO quarantaine VALUES ('x', 'Budget.CSV', 2, 'fase', 'onbekende waarde',
                       '{"gemeente_code":"GM0344","bsn":"123456782","fase":"concept"}', '2025-01-14 10:00')""")
    load(write_delivery(tmp_path / "a"))
    assert query(data_dir, "SELECT rij FROM quarantaine") == [('{"gemeente_code":"GM0344","fase":"concept"}',)]


# ---------------------------------------------------------------- temporary copies of a delivery

# Stops a load right after the transcoded copy of levering.csv is written, so a signal meets it mid-way.
PAUSED_LOAD = """
import sys, time
from pathlib import Path
from pipelines.load import read as load_read
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

copy = load_read._utf8_copy
def paused(source, scratch):
    path = copy(source, scratch)
    print(path, flush=True)
    time.sleep(60)
    return path
load_read._utf8_copy = paused
load_delivery(Path(sys.argv[1]), get_settings())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_load_stopped_by_a_signal_leaves_no_temporary_copy(data_dir, tmp_path, signum):
    data = rows()
    data["levering"][0]["bronsysteem"] = "Suite4SD é"  # Windows-1252: transcoded to a temporary copy
    folder = write_delivery(tmp_path / "a", data, encoding="cp1252")
    # a test worker (pytest-xdist) may ignore SIGINT, and a child inherits that: give it Ctrl-C as a terminal would
    process = subprocess.Popen([sys.executable, "-c", PAUSED_LOAD, str(folder)], stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        copy = Path(process.stdout.readline().strip())
        assert copy.exists() and copy.name == "levering.utf8.csv"
        assert copy.parent == data_dir / f".wimi-tmp-load-{process.pid}"
        process.send_signal(signum)
        assert process.wait(timeout=30) != 0
    finally:
        process.kill()
    assert sorted(p.name for p in data_dir.iterdir()) == ["landing.duckdb"]


def test_a_load_removes_what_a_crashed_load_left_and_nothing_else(data_dir, tmp_path):
    ended = subprocess.Popen(["true"])
    ended.wait()  # its pid no longer runs, like a load killed with -9
    running = subprocess.Popen(["sleep", "30"])
    leftovers = {
        f".wimi-tmp-load-{ended.pid}": "uitkeringen.utf8.csv",
        "tmpab12cd_3": "betalingen.utf8.csv",  # the unnamed folder of a load before this version
    }
    kept = {f".wimi-tmp-load-{running.pid}": "uitkeringen.utf8.csv", "tmpnotities": "notities.txt",
            "tmpxyzxyz12": "eigen.csv"}
    try:
        for name, file in {**leftovers, **kept}.items():
            (data_dir / name).mkdir()
            (data_dir / name / file).write_text("client_id\n")
        load(write_delivery(tmp_path / "a"))
        assert sorted(p.name for p in data_dir.iterdir()) == sorted(["landing.duckdb", *kept])
    finally:
        running.kill()


# ---------------------------------------------------------------- identity by peildatum

def test_same_delivery_twice_changes_nothing(data_dir, tmp_path):
    folder = write_delivery(tmp_path / "a")
    first = load(folder)
    before = snapshot(data_dir)
    second = load(folder, now=datetime(2025, 1, 16))
    assert second.status == "ongewijzigd" and second.levering_id == first.levering_id
    assert second.bestanden == first.bestanden
    assert snapshot(data_dir) == before
    assert query(data_dir, "SELECT status FROM laadhistorie ORDER BY geladen_op") == [("geladen",), ("ongewijzigd",)]


def test_later_peildatum_replaces_the_older_delivery(data_dir, tmp_path):
    old = load(write_delivery(tmp_path / "a"))
    data = rows()
    data["levering"][0]["peildatum"] = "2025-03-31"
    data["uitkeringen"] = data["uitkeringen"][:2]
    data["betalingen"] = data["betalingen"][:4]  # U3 and its payment are gone in the new extract
    new = load(write_delivery(tmp_path / "b", data), now=datetime(2025, 4, 2))
    assert new.vervangen == [old.levering_id]
    assert query(data_dir, "SELECT DISTINCT levering_id FROM uitkeringen") == [(new.levering_id,)]
    assert query(data_dir, "SELECT count(*) FROM uitkeringen") == [(2,)]
    assert query(data_dir, "SELECT levering_id FROM leveringen") == [(new.levering_id,)]
    assert query(data_dir, "SELECT levering_id, status FROM laadhistorie ORDER BY geladen_op") == [
        (old.levering_id, "vervangen"), (new.levering_id, "geladen")]


def test_another_municipality_stays_loaded(data_dir, tmp_path):
    first = load(write_delivery(tmp_path / "a"))
    data = rows()
    for stem in ("uitkeringen", "vorderingen", "aanvragen", "budget"):
        for row in data[stem]:
            row["gemeente_code"] = "GM0363"
    second = load(write_delivery(tmp_path / "b", data))
    assert sorted(r[0] for r in query(data_dir, "SELECT levering_id FROM leveringen")) == sorted(
        [first.levering_id, second.levering_id])
    assert query(data_dir, "SELECT count(*) FROM uitkeringen") == [(6,)]


def test_older_delivery_is_refused(data_dir, tmp_path):
    load(write_delivery(tmp_path / "a"))
    before = snapshot(data_dir)
    data = rows()
    data["levering"][0]["peildatum"] = "2024-09-30"
    with pytest.raises(LoadError, match="ouder dan wat al geladen is: peildatum 30-09-2024"):
        load(write_delivery(tmp_path / "b", data))
    assert snapshot(data_dir) == before


def test_a_corrected_delivery_with_the_same_peildatum_replaces_the_first(data_dir, tmp_path):
    first = load(write_delivery(tmp_path / "a"))
    corrected = load(write_delivery(tmp_path / "b", _set(rows(), "budget", 0, bedrag="1200000.00")))
    assert corrected.vervangen == [first.levering_id]
    assert query(data_dir, "SELECT bedrag FROM budget") == [(Decimal("1200000.00"),)]


def test_a_failure_inside_the_transaction_writes_nothing(data_dir, tmp_path, monkeypatch):
    load(write_delivery(tmp_path / "a"))
    before = snapshot(data_dir)
    data = rows()
    data["levering"][0]["peildatum"] = "2025-03-31"

    def broken_purge(*args):  # the last write of the transaction, after the old delivery was deleted
        raise RuntimeError("schijf vol")

    monkeypatch.setattr("pipelines.load.delivery.purge_quarantine", broken_purge)
    with pytest.raises(LoadError, match="onverwachte fout; er is niets geladen .RuntimeError: schijf vol"):
        load(write_delivery(tmp_path / "b", data), now=datetime(2025, 4, 2))
    assert snapshot(data_dir) == before
    assert query(data_dir, "SELECT status, melding FROM laadhistorie ORDER BY geladen_op") == [
        ("geladen", None), ("mislukt", "onverwachte fout: schijf vol")]


# ---------------------------------------------------------------- quarantine retention

def test_quarantine_older_than_retention_is_purged_on_the_next_load(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("WIMI_QUARANTINE_DAYS", "90")
    load(write_delivery(tmp_path / "a", _set(rows(), "budget", 0, fase="concept")), now=datetime(2025, 1, 15))
    data = _set(rows(), "aanvragen", 0, besluit="goed")
    data["levering"][0]["peildatum"] = "2025-03-31"
    # 2025-04-15 is 90 days after 2025-01-15: not older than 90 days yet
    load(write_delivery(tmp_path / "b", data), now=datetime(2025, 4, 15))
    assert [r[0] for r in quarantine(data_dir)] == ["aanvragen.csv", "budget.csv"]
    data["levering"][0]["peildatum"] = "2025-04-16"
    report = load(write_delivery(tmp_path / "c", data), now=datetime(2025, 4, 16))  # 91 days
    assert report.quarantaine_opgeschoond == 1
    assert [r[0] for r in quarantine(data_dir)] == ["aanvragen.csv", "aanvragen.csv"]


def test_purge_quarantine_with_injected_today(data_dir):
    con = duckdb.connect(str(data_dir / "landing.duckdb"))
    from pipelines.settings import SQL_DIR

    con.execute((SQL_DIR / "landing.sql").read_text())
    con.execute("INSERT INTO quarantaine VALUES ('x', 'a.csv', 2, NULL, 'r', '{}', '2025-01-01 10:00'), "
                "('x', 'a.csv', 3, NULL, 'r', '{}', '2025-03-01 10:00')")
    # 2025-04-01 minus 60 days = 2025-01-31: only the January row is older
    monkeyed = get_settings().__class__(**{**get_settings().__dict__, "quarantine_retention_days": 60})
    assert purge_quarantine(con, monkeyed, date(2025, 4, 1)) == 1
    assert con.execute("SELECT regel FROM quarantaine").fetchall() == [(3,)]
    con.close()


# ---------------------------------------------------------------- the dirty demo against its manifest

DIRTY_KIND_REASON = {
    "onbekende_regeling": "onbekende waarde",
    "onleesbare_datum": "datum onleesbaar",
    "einddatum_voor_startdatum": "einddatum voor startdatum",
    "dubbele_uitkering_id": "dubbele sleutel",
    "dubbele_betaling": "dubbele sleutel",
    "betaling_onbekende_uitkering": "onbekende uitkering",
    "boete_zonder_verwijtbaarheid": "verwijtbaarheid ontbreekt bij boete",
    "negatief_bedrag": "bedrag moet groter dan 0 zijn",
}
CASCADE = {"uitkering in quarantaine", "vordering in quarantaine"}


def test_dirty_demo_quarantine_matches_its_manifest(data_dir):
    from pipelines.demo.frame import load_frame
    from pipelines.demo.generate import focus_codes, generate_demo

    # the middle-sized of the default five, on the real snapshot or the fictional frame alike
    middle = focus_codes(load_frame(get_settings()), "default")[2]
    generate_demo(van="2023-01", tot="2024-12", gemeenten=middle, scale=0.1, dirty=True)
    folder = data_dir / "demo" / "extracts_dirty" / middle
    manifest = json.loads((folder / "dirty_manifest.json").read_text(encoding="utf-8"))
    report = load(folder)
    injected = sorted((p["file"], p["line"], p["column"], DIRTY_KIND_REASON[p["kind"]]) for p in manifest["problemen"])
    found = quarantine(data_dir)
    assert sorted(q for q in found if q[3] not in CASCADE) == injected
    # the rest are children of quarantined benefits and claims, never silently dropped
    assert {q[0] for q in found if q[3] in CASCADE} <= {"betalingen.csv", "aflossingen.csv"}
    assert all(f.gelezen == f.geladen + f.quarantaine for f in report.bestanden)
    assert query(data_dir, "SELECT bronsysteem FROM leveringen") == [("WIMI-demo \u2013 export",)]
