"""Flows on bijstandsperiodes (indicators.md, the 30-day rule, AOW apart) on the hand-made delivery
tests/fixtures/extract_ketens (GM0289, peildatum 2024-12-31, history from 2023-01-01).

The benefits (start -> last day of entitlement, reden) and the bijstandsperiodes they form:
  K1  B01 PW alleenstaand 2023-03-01 -> 2024-02-29 overig   a change of leefvorm: one period,
      B02 PW gehuwd       2024-03-01 -> running              2023-03-01 -> running
  K2  B03 2023-01-01 -> 2023-06-30 werk                      B04 starts 06-30 + 31 days: one period,
      B04 2023-07-31 -> 2023-12-31 werk                      2023-01-01 -> 2023-12-31 werk
  K3  B05 2023-01-01 -> 2023-06-30 werk                      B06 starts 06-30 + 32 days: two periods;
      B06 2023-08-01 -> running                              the second is a herinstroom, the first a terugval
  K4  B07 PW   2023-02-01 -> 2023-10-31 overig               an overlap: one period,
      B08 IOAW 2023-05-01 -> 2024-04-30 aow                  2023-02-01 -> 2024-04-30, uitstroom_aow
  K5  B09 2023-04-01 -> 2023-09-30 overig                    a return after 40 days: two periods,
      B10 2023-11-09 -> 2024-08-31 werk                      the second a herinstroom
  K6  B11 2024-05-15 -> running
  K7  B12 2020-01-01 -> running                              the opening stock on 2022-12-31

Stocks (benefits): 2022-12-31 B12 = 1; 2023-05-31 B01 B03 B05 B07 B08 B09 B12 = 7;
2023-06-30 B01 B07 B08 B09 B12 = 5; 2023-12-31 B01 B06 B08 B10 B12 = 5; 2024-12-31 B02 B06 B11 B12 = 4.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipelines import drilldown

DAYS_PER_MONTH = 30.4375


def waarde(con, indicator: str, periode: str, uitsplitsing: str = "") -> float:
    rows = con.execute("SELECT waarde FROM marts.kpi WHERE bron = 'extract' AND gemeente_code = 'GM0289' "
                       "AND indicator = ? AND periode = ? AND uitsplitsing = ?",
                       [indicator, periode, uitsplitsing]).fetchall()
    assert len(rows) == 1, f"{indicator} {periode} {uitsplitsing!r}: {len(rows)} rijen"
    return rows[0][0]


def teller_noemer(con, indicator: str, periode: str) -> tuple:
    return con.execute("SELECT teller, noemer FROM marts.kpi WHERE bron = 'extract' AND gemeente_code = 'GM0289' "
                       "AND indicator = ? AND periode = ? AND uitsplitsing = ''", [indicator, periode]).fetchone()


def test_periods_by_the_30_day_rule(ketens_warehouse):
    rows = ketens_warehouse.execute(
        "SELECT client_id, bijstandsperiode_nr, startdatum, einddatum, reden_einde, uitstroom_soort, "
        "aantal_uitkeringen FROM intermediate.bijstandsperiodes ORDER BY client_id, bijstandsperiode_nr").fetchall()
    assert rows == [
        ("K1", 1, date(2023, 3, 1), None, None, None, 2),
        ("K2", 1, date(2023, 1, 1), date(2023, 12, 31), "werk", "uitstroom", 2),        # 31 days: continued
        ("K3", 1, date(2023, 1, 1), date(2023, 6, 30), "werk", "uitstroom", 1),         # 32 days: ended
        ("K3", 2, date(2023, 8, 1), None, None, None, 1),
        ("K4", 1, date(2023, 2, 1), date(2024, 4, 30), "aow", "uitstroom_aow", 2),      # overlap
        ("K5", 1, date(2023, 4, 1), date(2023, 9, 30), "overig", "uitstroom", 1),       # 40 days: ended
        ("K5", 2, date(2023, 11, 9), date(2024, 8, 31), "werk", "uitstroom", 1),
        ("K6", 1, date(2024, 5, 15), None, None, None, 1),
        ("K7", 1, date(2020, 1, 1), None, None, None, 1),
    ]


def test_flows_2023_by_hand(ketens_warehouse):
    con = ketens_warehouse
    # periods starting in 2023: K2 K3#1 (Jan), K4 (Feb), K1 (Mar), K5#1 (Apr), K3#2 (Aug), K5#2 (Nov)
    assert waarde(con, "instroom", "2023") == 7
    # periods ending in 2023: K3#1 (Jun, werk), K5#1 (Sep, overig), K2 (Dec, werk); B03 and B07 ended
    # inside a running period and are no outflow
    assert waarde(con, "uitstroom", "2023") == 3
    assert waarde(con, "uitstroom", "2023", "reden=werk") == 2
    assert waarde(con, "uitstroom", "2023", "reden=overig") == 1
    assert waarde(con, "uitstroom_naar_werk", "2023") == 2
    assert waarde(con, "uitstroom_aow", "2023") == 0
    # benefit starts 9 (B01 B03-B10) - period starts 7, minus benefit ends 5 (B03 B04 B05 B07 B09) - period ends 3
    assert waarde(con, "voortgezette_mutaties", "2023") == (9 - 7) - (5 - 3) == 0
    # 2 to work / mean of the stocks 2022-12-31 (1) and 2023-12-31 (5)
    assert teller_noemer(con, "uitstroomkans_werk", "2023") == (2, 3)
    assert teller_noemer(con, "aandeel_uitstroom_werk", "2023") == (2, 3)
    # K3#2 (after K3#1 ended 2023-06-30) and K5#2 (after K5#1 ended 2023-09-30) return within a year
    assert teller_noemer(con, "herinstroom_12m", "2023") == (2, 7)


def test_aow_exit_apart_and_chain_months(ketens_warehouse):
    con = ketens_warehouse
    # K4's period ends on 2024-04-30 at AOW age: no uitstroom, an uitstroom_aow
    assert (waarde(con, "uitstroom", "2024-04"), waarde(con, "uitstroom_aow", "2024-04")) == (0, 1)
    # K1's change of leefvorm: B01 ends in February (-1), B02 starts in March (+1), no flow at all
    assert (waarde(con, "voortgezette_mutaties", "2024-02"), waarde(con, "voortgezette_mutaties", "2024-03")) == (-1, 1)
    assert waarde(con, "instroom", "2024-03") == waarde(con, "uitstroom", "2024-02") == 0
    # June 2023: B05 ends its period (werk), B03 is continued by B04 on 07-31 (-1 in June, +1 in July)
    assert (waarde(con, "uitstroom_naar_werk", "2023-06"), waarde(con, "voortgezette_mutaties", "2023-06")) == (1, -1)
    assert waarde(con, "voortgezette_mutaties", "2023-07") == 1
    # the overlap: B08 starts inside K4's period (May +1), B07 ends while B08 runs (October -1)
    assert (waarde(con, "voortgezette_mutaties", "2023-05"), waarde(con, "voortgezette_mutaties", "2023-10")) == (1, -1)


@pytest.mark.parametrize("periode, begin, instroom, uitstroom, aow, voortgezet, eind", [
    ("2023", 1, 7, 3, 0, 0, 5),
    ("2024", 5, 1, 1, 1, 0, 4),
    ("2023-06", 7, 0, 1, 0, -1, 5),
    ("2024-02", 5, 0, 0, 0, -1, 4),
    ("2024-04", 5, 0, 0, 1, 0, 4),
])
def test_stock_reconciliation_by_hand(ketens_warehouse, periode, begin, instroom, uitstroom, aow, voortgezet, eind):
    row = ketens_warehouse.execute(
        "SELECT voorraad_begin, instroom, uitstroom, uitstroom_aow, voortgezette_mutaties, voorraad_eind, verschil "
        "FROM marts.voorraad_aansluiting WHERE gemeente_code = 'GM0289' AND periode = ?", [periode]).fetchone()
    assert row == (begin, instroom, uitstroom, aow, voortgezet, eind, 0)
    assert eind - begin == instroom - uitstroom - aow + voortgezet


def test_every_period_reconciles(ketens_warehouse):
    verschillen = ketens_warehouse.execute(
        "SELECT count(*), count(*) FILTER (WHERE verschil <> 0) FROM marts.voorraad_aansluiting").fetchone()
    assert verschillen[0] == 24 + 8 + 2 and verschillen[1] == 0  # 2023-2024: 24 months, 8 quarters, 2 years


def test_return_after_work_counts_periods(ketens_warehouse):
    con = ketens_warehouse
    # T = 2024-06-30: periods ended to work in (2022-06-30, 2023-06-30]: K3#1 only (B03's end on 2023-06-30
    # continued into B04 and is no outflow); K3 started again on 2023-08-01, within 12 months
    assert teller_noemer(con, "terugval_12m", "2024Q2") == (1, 1)
    # T = 2024-12-31: (2022-12-31, 2023-12-31] adds K2 (2023-12-31), which did not return
    assert teller_noemer(con, "terugval_12m", "2024Q4") == (1, 2)
    rows = drilldown.drill(con, "GM0289", "2024Q4", "terugval_12m").rijen
    assert sorted(rows.loc[rows["rol"] == "noemer", "uitkering_id"]) == ["B04", "B05"]


def test_duration_from_the_start_of_the_period(ketens_warehouse):
    # stock at 2024-12-31: B02 (period from 2023-03-01, not its own 2024-03-01), B06, B11, B12
    t = date(2024, 12, 31)
    dagen = sorted((t - start).days for start in (date(2023, 3, 1), date(2023, 8, 1), date(2024, 5, 15),
                                                  date(2020, 1, 1)))
    assert dagen == [230, 518, 671, 1826]
    assert waarde(ketens_warehouse, "duur_mediaan_maanden", "2024") == pytest.approx((518 + 671) / 2 / DAYS_PER_MONTH)
    # B02's period is over a year old: 1-2jr (by its own start it would be <1jr), with B06; B11 <1jr; B12 5jr+
    assert waarde(ketens_warehouse, "bijstandsvolume", "2024", "duur=1-2jr") == 2


@pytest.mark.parametrize("indicator", ["instroom", "uitstroom", "uitstroom_aow", "voortgezette_mutaties",
                                       "uitstroom_naar_werk", "uitstroomkans_werk", "aandeel_uitstroom_werk",
                                       "herinstroom_12m", "terugval_12m", "duur_mediaan_maanden", "bijstandsvolume"])
def test_flow_figures_tie_to_their_rows(ketens_warehouse, indicator):
    tie = drilldown.aansluiting(ketens_warehouse, indicator)
    assert len(tie) > 0 and tie["sluitend"].all(), tie[~tie["sluitend"]].head().to_string()
