"""Dutch formatting and the masking of small numbers (data-contract §4)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import format as fmt


@pytest.mark.parametrize("value, decimals, expected", [
    (1234, 0, "1.234"),
    (1234567.891, 2, "1.234.567,89"),
    (0.5, 1, "0,5"),
    (-1234.5, 1, "-1.234,5"),
    (None, 0, "–"),
    (math.nan, 0, "–"),
])
def test_getal(value, decimals, expected):
    assert fmt.getal(value, decimals) == expected


@pytest.mark.parametrize("tekst, bedrag", [
    ("16.734", 16734.0), ("16734", 16734.0), ("€ 1.234.567,89", 1234567.89), ("12000,5", 12000.5), (" 0 ", 0.0),
])
def test_lees_bedrag_reads_the_dutch_notation(tekst, bedrag):
    assert fmt.lees_bedrag(tekst) == bedrag


@pytest.mark.parametrize("tekst", ["16734.5", "1.23", "12,000.50", "-500", "", "twaalfduizend", "1.2345"])
def test_lees_bedrag_refuses_what_is_no_dutch_amount(tekst):
    with pytest.raises(ValueError, match="is geen bedrag: schrijf bijvoorbeeld 16.734 of 16.734,50"):
        fmt.lees_bedrag(tekst)


def test_geld_and_procent():
    assert fmt.geld(1234.56) == "€ 1.234,56"
    assert fmt.geld(-2500) == "-€ 2.500,00"
    assert fmt.procent(0.123) == "12,3%"
    # the float 0.0305 * 100 is 3.0499999999999998; people expect 3,05 to round up to 3,1
    assert fmt.procent(0.0305) == "3,1%"
    assert fmt.getal(-0.4) == "0"  # no "-0"
    assert fmt.procent(1) == "100,0%"


@pytest.mark.parametrize("eenheid, value, expected", [
    ("aantal", 1234.0, "1.234"),
    ("percentage", 0.25, "25,0%"),
    ("euro", 14321.4, "€ 14.321"),
    ("maanden", 27.25, "27,3 mnd"),  # half rounds up, not to even
    ("per_1000", 31.47, "31,5"),
])
def test_waarde_follows_the_unit(eenheid, value, expected):
    assert fmt.waarde(value, eenheid) == expected


def test_verschil_in_points_for_percentages_and_signed_otherwise():
    assert fmt.verschil(0.031, 0.026, "percentage") == "+0,5 procentpunt"  # 3,1% - 2,6%
    assert fmt.verschil(1175, 1234, "aantal") == "-59"
    assert fmt.verschil(1234, 1234, "aantal") == "0"
    assert fmt.verschil(None, 5, "aantal") is None
    assert fmt.verschil(5.23, 5.2, "per_1000") == "0,0"  # +0.03 rounds to 0,0: no sign
    assert fmt.verschil(5.17, 5.2, "per_1000") == "0,0"  # -0.03 likewise, and no "-0,0"
    assert fmt.verschil(1500.0, 1000.0, "euro") == "+€ 500"


@pytest.mark.parametrize("code, expected", [
    ("2024Q3", "3e kwartaal 2024"),
    ("2024Q1", "1e kwartaal 2024"),
    ("2024-09", "september 2024"),
    ("2025-01", "januari 2025"),
    ("2024", "2024"),
])
def test_periode(code, expected):
    assert fmt.periode(code) == expected


def test_periode_rejects_unknown_codes():
    with pytest.raises(ValueError, match="onbekende periode"):
        fmt.periode("2024-Q3")


@pytest.mark.parametrize("teller, noemer, value, eenheid, expected", [
    (None, None, 9, "aantal", "<10"),  # a count below 10
    (None, None, 10, "aantal", "10"),  # 10 itself may be shown
    (None, None, 0, "aantal", "<10"),
    (None, None, 5.0, "euro", "€ 5"),  # an amount of money is not a count of people
    (3, 40, 0.075, "percentage", "afgeschermd"),  # numerator below 10
    (12, 9, 12 / 9, "percentage", "afgeschermd"),  # denominator below 10
    (12, 40, 0.3, "percentage", "30,0%"),
    # 120 persons in a town of 4,500: noemer 4.5 is thousands of inhabitants, not a small count
    (120, 4.5, 120 / 4.5, "per_1000", "26,7"),
    (8, 4.5, 8 / 4.5, "per_1000", "afgeschermd"),  # 8 persons is a small count
    (4_900.0, 10, 490.0, "euro", "€ 490"),  # mean earnings: teller is euros, noemer 10 benefits
    (4_410.0, 9, 490.0, "euro", "afgeschermd"),  # ... over 9 benefits
])
def test_publieke_waarde_masks_small_numbers(teller, noemer, value, eenheid, expected):
    assert fmt.publieke_waarde(teller, noemer, value, eenheid) == expected


def test_maskeer_empties_hidden_values_for_charts():
    rows = pd.DataFrame({"teller": [None, None], "noemer": [None, None], "waarde": [8.0, 25.0]})
    shown = fmt.maskeer(rows, "aantal")
    assert shown["tekst"].tolist() == ["<10", "25"]
    assert shown["afgeschermd"].tolist() == [True, False]
    assert math.isnan(shown.loc[0, "waarde"]) and shown.loc[1, "waarde"] == 25
    assert rows.loc[0, "waarde"] == 8  # the caller's frame is left alone


@pytest.mark.parametrize("code, met_jaar, expected", [
    ("2024Q3", True, "K3 2024"),
    ("2024Q3", False, "K3"),
    ("2024-09", True, "sep 2024"),
    ("2025-03", False, "mrt"),
    ("2024", False, "2024"),  # a year is its own label
])
def test_periode_kort(code, met_jaar, expected):
    assert fmt.periode_kort(code, met_jaar) == expected


@pytest.mark.parametrize("delen, expected", [
    ([], ""),
    (["2024"], "2024"),
    (["2024", "2025"], "2024 en 2025"),
    (["2024", "2025", "2026"], "2024, 2025 en 2026"),  # no comma before 'en' in Dutch
])
def test_opsomming_joins_the_dutch_way(delen, expected):
    assert fmt.opsomming(delen) == expected


def test_decimalen_gives_a_column_the_fewest_decimals_that_show_every_value():
    # 0.129 needs three decimals, so 0.17 is written with three as well; None is not counted
    assert fmt.decimalen(pd.Series([0.17, 0.129, None, 1082.0])) == 3
    # at most three: 1/3 is 0,333, and a whole column of whole numbers gets none
    assert fmt.decimalen(pd.Series([1 / 3, 2.5])) == 3
    assert fmt.decimalen(pd.Series([25.0, 1082.0])) == 0
    assert fmt.decimalen(pd.Series([25.0, 1082.18, 7.5]), hoogstens=2) == 2
    assert fmt.decimalen(pd.Series([None, None], dtype=float)) == 0
