"""Every extract indicator on the hand-made delivery tests/fixtures/extract_mini (GM0289, peildatum
2024-11-15), with the expected value worked out by hand from the CSV files.

The benefits (start -> last day of entitlement, reden):
  U01 C01 PW   alleenstaand        1990  2023-01-10 -> running
  U02 C02 PW   gehuwd              1980  2023-03-01 -> 2024-06-30 werk
  U03 C03 IOAW alleenstaand        1965  2023-05-15 -> 2024-09-30 werk   (last day of a quarter)
  U04 C04 PW   alleenstaande_ouder 2000  2023-01-02 -> 2023-06-30 werk   (no return)
  U05 C05 PW   alleenstaand        1999  2023-02-01 -> 2023-08-31 werk   (returns: U06)
  U06 C05 PW   alleenstaand        1999  2024-02-01 -> running
  U07 C06 BBZ  gehuwd              1975  2024-01-15 -> 2024-07-15 eigen_bedrijf
  U08 C07 PW   alleenstaand        (?)   2024-04-01 -> running
  U09 C08 IOAZ gehuwd              1960  2020-06-01 -> running
  U10 C09 PW   alleenstaand        1985  2024-07-01 -> 2024-08-15 verhuizing
  U11 C10 PW   alleenstaande_ouder 1995  2024-08-20 -> running
  U12 C11 PW   alleenstaand        1970  2018-01-01 -> running
  U13 C12 PW   gehuwd              1988  2024-10-01 -> 2024-11-30 werk   (ends after the peildatum)

Stocks used below:
  2022-12-31: U09 U12 = 2
  2023-12-31: U01 U02 U03 U09 U12 = 5                     (U04, U05 left in 2023)
  2024-06-30: U01 U03 U06 U07 U08 U09 U12 = 7             (U02 left on 06-30)
  2024-08-31: U01 U03 U06 U08 U09 U11 U12 = 7
  2024-09-30: U01 U06 U08 U09 U11 U12 = 6                 (U03 left on 09-30)
  2024-11-15: the six above + U13 = 7                     (the peildatum: T of the incomplete periods)
"""
from __future__ import annotations

import pytest

from pipelines.build import check_unique, discover_models

DAYS_PER_MONTH = 30.4375


def kpi(con, indicator: str, periode: str, uitsplitsing: str = "") -> dict:
    rows = con.execute(
        "SELECT teller, noemer, waarde, volledig, periode_soort, periode_einde FROM marts.kpi "
        "WHERE gemeente_code = 'GM0289' AND bron = 'extract' AND indicator = ? AND periode = ? "
        "AND uitsplitsing = ?",
        [indicator, periode, uitsplitsing],
    ).fetchall()
    assert len(rows) == 1, f"{indicator} {periode} {uitsplitsing!r}: {len(rows)} rijen"
    teller, noemer, waarde, volledig, soort, einde = rows[0]
    return {"teller": teller, "noemer": noemer, "waarde": waarde, "volledig": volledig,
            "soort": soort, "einde": einde}


def level(con, indicator: str, periode: str, uitsplitsing: str = "") -> float:
    row = kpi(con, indicator, periode, uitsplitsing)
    assert row["teller"] is None and row["noemer"] is None
    return row["waarde"]


def ratio(con, indicator: str, periode: str, uitsplitsing: str = "") -> tuple:
    row = kpi(con, indicator, periode, uitsplitsing)
    return row["teller"], row["noemer"], row["waarde"]


# --- periods and completeness ---------------------------------------------------------------------

def test_periods_up_to_the_peildatum_and_their_completeness(mini_warehouse):
    con = mini_warehouse
    assert kpi(con, "bijstandsvolume", "2024Q3")["volledig"] is True
    assert kpi(con, "bijstandsvolume", "2024-10")["volledig"] is True
    # 2024-11, 2024Q4 and 2024 hold the peildatum 2024-11-15
    assert kpi(con, "bijstandsvolume", "2024-11")["volledig"] is False
    assert kpi(con, "bijstandsvolume", "2024Q4")["volledig"] is False
    assert kpi(con, "bijstandsvolume", "2024")["volledig"] is False
    assert kpi(con, "bijstandsvolume", "2023")["volledig"] is True
    # December 2024 begins after the peildatum: no figures at all
    assert con.execute("SELECT count(*) FROM marts.kpi WHERE bron = 'extract' AND periode = '2024-12'"
                       ).fetchone()[0] == 0
    # history begins in 2023, the year of the first ended benefit (U04, 2023-06-30) and first payment
    # month (2023-10): U12 (2018) and U09 (2020) alone would make 2018-2022 a false ramp
    assert con.execute("SELECT min(periode) FROM marts.kpi WHERE bron = 'extract' AND periode_soort = 'jaar'"
                       ).fetchone()[0] == "2023"
    q3 = kpi(con, "bijstandsvolume", "2024Q3")
    assert (q3["soort"], str(q3["einde"])) == ("kwartaal", "2024-09-30")


def test_no_nl_rows_from_extracts(mini_warehouse):
    assert mini_warehouse.execute(
        "SELECT count(*) FROM marts.kpi WHERE bron = 'extract' AND gemeente_code = 'NL'").fetchone()[0] == 0


def test_a_delivery_of_a_real_system_is_not_marked_demo(mini_warehouse):
    # levering.csv names Suite4SD: its figures are the municipality's own, captioned "eigen extract"
    assert mini_warehouse.execute("SELECT gemeente_code, demo FROM intermediate.gemeente_leveringen").fetchall() == [
        ("GM0289", False)]
    assert mini_warehouse.execute("SELECT demo_gemeenten FROM marts.build_info").fetchone()[0] == []


# --- volume and flows ------------------------------------------------------------------------------

def test_stock_at_quarter_end_leaves_out_a_benefit_ending_that_day(mini_warehouse):
    con = mini_warehouse
    assert level(con, "bijstandsvolume", "2024Q3") == 6      # U03 ends 2024-09-30: not in the stock
    assert level(con, "bijstandsvolume", "2024-09") == 6
    assert level(con, "bijstandsvolume", "2023") == 5
    # incomplete periods are measured at the peildatum: U13 still runs on 2024-11-15 -> 6 + 1
    assert level(con, "bijstandsvolume", "2024Q4") == 7
    assert level(con, "bijstandsvolume", "2024") == 7


def test_stock_breakdowns_2024q3(mini_warehouse):
    con = mini_warehouse
    # stock U01 U06 U08 U09 U11 U12: PW except U09 (IOAZ)
    assert level(con, "bijstandsvolume", "2024Q3", "regeling=PW") == 5
    assert level(con, "bijstandsvolume", "2024Q3", "regeling=IOAZ") == 1
    # alleenstaand U01 U06 U08 U12; gehuwd U09; alleenstaande_ouder U11
    assert level(con, "bijstandsvolume", "2024Q3", "leefvorm=alleenstaand") == 4
    assert level(con, "bijstandsvolume", "2024Q3", "leefvorm=gehuwd") == 1
    assert level(con, "bijstandsvolume", "2024Q3", "leefvorm=alleenstaande_ouder") == 1
    # ages 2024 - geboortejaar: U01 34, U06 25, U09 64, U11 29, U12 54, U08 unknown
    assert level(con, "bijstandsvolume", "2024Q3", "leeftijd=<27") == 1
    assert level(con, "bijstandsvolume", "2024Q3", "leeftijd=27-44") == 2
    assert level(con, "bijstandsvolume", "2024Q3", "leeftijd=45-AOW") == 2
    assert level(con, "bijstandsvolume", "2024Q3", "leeftijd=onbekend") == 1
    # duration at 2024-09-30: U06 U08 U11 < 1 yr; U01 (2023-01-10) 1-2; U09 (2020-06-01) 2-5; U12 (2018) 5+
    assert level(con, "bijstandsvolume", "2024Q3", "duur=<1jr") == 3
    assert level(con, "bijstandsvolume", "2024Q3", "duur=1-2jr") == 1
    assert level(con, "bijstandsvolume", "2024Q3", "duur=2-5jr") == 1
    assert level(con, "bijstandsvolume", "2024Q3", "duur=5jr+") == 1


def test_flows(mini_warehouse):
    con = mini_warehouse
    # 2024Q3: in U10 (07-01), U11 (08-20); out U07 (07-15), U10 (08-15), U03 (09-30); 7 + 2 - 3 = 6
    assert level(con, "instroom", "2024Q3") == 2
    assert level(con, "uitstroom", "2024Q3") == 3
    assert level(con, "uitstroom_naar_werk", "2024Q3") == 2            # U03 werk, U07 eigen_bedrijf
    assert ratio(con, "uitstroomkans_werk", "2024Q3") == pytest.approx((2, 6.5, 2 / 6.5))  # (7+6)/2
    assert ratio(con, "aandeel_uitstroom_werk", "2024Q3") == pytest.approx((2, 3, 2 / 3))
    # 2024-09: only U03 leaves; stocks 7 -> 6
    assert level(con, "uitstroom", "2024-09") == 1
    assert ratio(con, "uitstroomkans_werk", "2024-09") == pytest.approx((1, 6.5, 1 / 6.5))
    # 2023: in U01 U02 U03 U04 U05, out U04 U05 (both werk); 2 + 5 - 2 = 5
    assert level(con, "instroom", "2023") == 5
    assert level(con, "uitstroom", "2023") == 2
    # the opening stock on 2022-12-31 (U09 U12 = 2) is the previous stock of the first year: (2+5)/2
    assert ratio(con, "uitstroomkans_werk", "2023") == pytest.approx((2, 3.5, 2 / 3.5))
    assert ratio(con, "aandeel_uitstroom_werk", "2023") == pytest.approx((2, 2, 1.0))
    # 2024 up to the peildatum: in U06 U07 U08 U10 U11 U13 = 6; out U02 U03 U07 U10 = 4 (U13 ends
    # 11-30, after it); werk U02 U03 U07 = 3; 5 + 6 - 4 = 7; kans 3 / ((5 + 7) / 2)
    assert level(con, "instroom", "2024") == 6
    assert level(con, "uitstroom", "2024") == 4
    assert ratio(con, "uitstroomkans_werk", "2024") == pytest.approx((3, 6, 0.5))
    # Q4 so far: U13 came in, nobody left by 2024-11-15
    assert (level(con, "instroom", "2024Q4"), level(con, "uitstroom", "2024Q4")) == (1, 0)


def test_terugval_12m(mini_warehouse):
    con = mini_warehouse
    # T 2024-09-30: werk-ends in (2022-09-30, 2023-09-30] are U04 (06-30, C04 never returns) and
    # U05 (08-31, C05 starts U06 on 2024-02-01 <= 2024-08-31): 1 of 2
    assert ratio(con, "terugval_12m", "2024Q3") == pytest.approx((1, 2, 0.5))
    # T 2023-12-31: window (2021-12-31, 2022-12-31] holds no werk-end: noemer 0, waarde empty
    assert ratio(con, "terugval_12m", "2023") == (0, 0, None)


def test_duration_median_even_and_odd_count(mini_warehouse):
    con = mini_warehouse
    # 2024Q3, six benefits, days to 2024-09-30: U11 41, U08 182, U06 242, U01 629, U09, U12 (longer);
    # even count: mean of 242 and 629 = 435.5 days
    assert level(con, "duur_mediaan_maanden", "2024Q3") == pytest.approx(435.5 / DAYS_PER_MONTH)
    # 2023, five benefits, days to 2023-12-31: U03 230, U02 305, U01 355, U09, U12: the middle is 355
    assert level(con, "duur_mediaan_maanden", "2023") == pytest.approx(355 / DAYS_PER_MONTH)


# --- part-time ---------------------------------------------------------------------------------------

def test_parttime_on_the_last_month_of_the_period(mini_warehouse):
    con = mini_warehouse
    # September 2024: 7 payment rows; earnings U03 300, U06 1600 (bruto 0: still counted), U08 200
    assert ratio(con, "aandeel_parttime", "2024Q3") == pytest.approx((3, 7, 3 / 7))
    assert ratio(con, "aandeel_parttime", "2024-09") == pytest.approx((3, 7, 3 / 7))
    assert ratio(con, "gem_inkomsten_parttime", "2024Q3") == pytest.approx((2100, 3, 700))
    assert ratio(con, "aandeel_vrijlating", "2024Q3") == pytest.approx((1, 3, 1 / 3))   # only U08
    # December 2023: 5 rows (U01 U02 U03 U09 U12), earnings only U03 (400, vrijlating 100)
    assert ratio(con, "aandeel_parttime", "2023") == pytest.approx((1, 5, 0.2))
    assert ratio(con, "gem_inkomsten_parttime", "2023") == pytest.approx((400, 1, 400))
    # November 2024 has no payment rows: noemer 0, no value
    assert ratio(con, "aandeel_parttime", "2024Q4") == (0, 0, None)


# --- claims ------------------------------------------------------------------------------------------
# The claims (vorderingen.csv; regeling empty = a BUIG claim) and their movements (aflossingen.csv):
#   V1 C02 terugvordering PW   2023-03-15 1200  aflossing 2023-06-30 200, 2024-01-31 300; kwijtschelding 2024-03-31 100
#   V2 C03 verhaal        IOAW 2023-10-01  600  aflossing 2024-05-15 150
#   V3 C05 boete opzet         2024-08-10  300  aflossing 2024-09-30 100
#   V4 C06 boete verminderd    2024-09-05  200  buiten_invordering 2024-09-25 200 (still owed at the peildatum)
#   V5 C01 terugvordering      2024-09-20  500  aflossing 2024-10-10 50
#   V6 C07 boete geen          2024-10-15  150  (a fine without culpability: unlawful)
#   V7 C08 boete normaal       2024-11-04  100
#   V8 C11 terugvordering      2023-02-01  800  kwijtschelding 2023-03-15 100; buiten_invordering 2023-05-20 700;
#                                                afboeking 2023-08-12 700 (put buiten invordering, then written off)
#   V9 C08 terugvordering BB   2023-04-03  300  aflossing 2023-06-15 100, 2023-09-15 200 (bijzondere bijstand)

def test_new_claims_and_outstanding(mini_warehouse):
    con = mini_warehouse
    # 2024Q3: V3 boete 300 (08-10), V4 boete 200 (09-05), V5 terugvordering 500 (09-20)
    assert level(con, "vorderingen_nieuw_bedrag", "2024Q3") == 1000
    assert level(con, "vorderingen_nieuw_bedrag", "2024Q3", "soort=boete") == 500
    assert level(con, "vorderingen_nieuw_bedrag", "2024Q3", "soort=verhaal") == 0
    # 2023: V1 1200 + V2 600 + V8 800 + V9 300 (a claim outside the BUIG is still a claim)
    assert level(con, "vorderingen_nieuw_bedrag", "2023") == 2900
    # at 2024-09-30: V1 1200-200-300-100 = 600, V2 600-150 = 450, V3 300-100 = 200, V4 200 (buiten
    # invordering does not lower what is owed), V5 500 (its 50 comes on 10-10); V8 and V9 are 0
    assert level(con, "openstaand_saldo", "2024Q3") == 1950
    assert level(con, "openstaand_saldo", "2024Q3", "soort=terugvordering") == 1100
    assert level(con, "openstaand_saldo", "2024Q3", "soort=verhaal") == 450
    assert level(con, "openstaand_saldo", "2024Q3", "soort=boete") == 400
    assert level(con, "openstaand_saldo", "2024Q3", "status=buiten_invordering") == 200    # V4
    assert level(con, "openstaand_saldo", "2024Q3", "status=in_invordering") == 1750
    # at the peildatum 2024-11-15: V5 has 450 left, V6 150 and V7 100 arose: 1950 - 50 + 150 + 100
    assert level(con, "openstaand_saldo", "2024Q4") == 2150
    assert level(con, "openstaand_saldo", "2024Q4", "status=buiten_invordering") == 200


def test_a_claim_put_buiten_invordering_stays_owed_until_written_off(mini_warehouse):
    con = mini_warehouse
    # V8 800 arises 2023-02-01; 100 remitted 03-15; the remaining 700 put buiten invordering on 05-20
    # (still owed, now in that status) and written off (afboeking) on 08-12: then it is gone
    saldi = con.execute("SELECT stand_datum::VARCHAR, openstaand, status FROM intermediate.vordering_saldi "
                        "WHERE vordering_id = 'V8' ORDER BY stand_datum").fetchall()
    assert saldi == [("2023-02-28", 800, "in_invordering"), ("2023-03-31", 700, "in_invordering"),
                     ("2023-04-30", 700, "in_invordering"), ("2023-05-31", 700, "buiten_invordering"),
                     ("2023-06-30", 700, "buiten_invordering"), ("2023-07-31", 700, "buiten_invordering")]
    # 2023-06-30: V1 1200 - 200 (aflossing on T itself) = 1000, V8 700, V9 300 - 100 = 200
    assert level(con, "openstaand_saldo", "2023Q2") == 1900
    assert level(con, "openstaand_saldo", "2023Q2", "status=buiten_invordering") == 700
    assert level(con, "openstaand_saldo", "2023Q2", "status=in_invordering") == 1200
    # 2023-08-31: V8 written off; V1 1000 + V9 200
    assert level(con, "openstaand_saldo", "2023-08") == 1200
    assert level(con, "openstaand_saldo", "2023-08", "status=buiten_invordering") == 0


def test_incassoratio(mini_warehouse):
    con = mini_warehouse
    # T 2024-09-30, T0 2023-09-30. Aflossingen in (T0, T]: V1 300, V2 150, V3 100 = 550 (the
    # kwijtschelding and buiten_invordering do not count; V9's last one is on T0 itself). Outstanding at
    # T0: V1 1200 - 200 = 1000, V8 800 - 100 - 700 (afboeking) = 0, V9 300 - 100 - 200 = 0.
    # New in (T0, T]: V2 600 + V3 300 + V4 200 + V5 500 = 1600. 550 / 2600
    assert ratio(con, "incassoratio", "2024Q3") == pytest.approx((550, 2600, 550 / 2600))
    assert ratio(con, "incassoratio", "2024Q3", "soort=terugvordering") == pytest.approx((300, 1500, 0.2))
    assert ratio(con, "incassoratio", "2024Q3", "soort=verhaal") == pytest.approx((150, 600, 0.25))
    assert ratio(con, "incassoratio", "2024Q3", "soort=boete") == pytest.approx((100, 500, 0.2))
    # T 2023-12-31: nothing outstanding at 2022-12-31; new V1 1200 + V2 600 + V8 800 + V9 300 = 2900;
    # aflossingen V1 200 + V9 100 + 200 = 500 (repayments on a non-BUIG claim are still collected)
    assert ratio(con, "incassoratio", "2023") == pytest.approx((500, 2900, 500 / 2900))
    # T 2024-06-30, T0 2023-06-30: V8 is buiten invordering on T0 and still owed. Outstanding at T0:
    # V1 1200 - 200 = 1000, V8 800 - 100 = 700, V9 300 - 100 = 200 -> 1900; new in (T0, T]: V2 600.
    # Aflossingen in (T0, T]: V9 200 (2023-09-15), V1 300, V2 150 = 650. 650 / 2500
    assert ratio(con, "incassoratio", "2024Q2") == pytest.approx((650, 2500, 0.26))
    assert ratio(con, "incassoratio", "2024Q2", "soort=terugvordering") == pytest.approx((500, 1900, 500 / 1900))


def test_fines_by_culpability(mini_warehouse):
    con = mini_warehouse
    # 2024Q3: V3 opzet (culpable), V4 verminderd (not)
    assert ratio(con, "aandeel_boete_verwijtbaar", "2024Q3") == pytest.approx((1, 2, 0.5))
    assert ratio(con, "aandeel_boete_verwijtbaar", "2024-09") == (0, 1, 0)
    assert level(con, "boete_zonder_verwijtbaarheid", "2024Q3") == 0
    # 2024Q4 up to the peildatum: V6 geen and V7 normaal, neither culpable; V6 is a fine without any
    # culpability (October), V7 has some (November)
    assert ratio(con, "aandeel_boete_verwijtbaar", "2024Q4") == (0, 2, 0)
    assert level(con, "boete_zonder_verwijtbaarheid", "2024Q4") == 1
    assert level(con, "boete_zonder_verwijtbaarheid", "2024-10") == 1
    assert level(con, "boete_zonder_verwijtbaarheid", "2024-11") == 0
    assert level(con, "boete_zonder_verwijtbaarheid", "2024") == 1
    # on Kwaliteit against its norm (at most 0)
    assert con.execute("SELECT status FROM marts.kwaliteit WHERE indicator = 'boete_zonder_verwijtbaarheid' "
                       "AND periode IN ('2024Q3', '2024Q4') ORDER BY periode").fetchall() == [
        ("voldoet",), ("voldoet niet",)]


# --- quality -----------------------------------------------------------------------------------------

def test_decisions_within_term(mini_warehouse):
    con = mini_warehouse
    # decided in 2024Q3: A1 after 50 days, A3 after exactly 56 (still in time), A2 after 70
    assert ratio(con, "tijdig_besloten", "2024Q3") == pytest.approx((2, 3, 2 / 3))
    # 2024Q4: A5 withdrawn after 126 days (2024-06-01 -> 10-05) counts as a decision
    assert ratio(con, "tijdig_besloten", "2024Q4") == (0, 1, 0)


def test_open_applications_beyond_term(mini_warehouse):
    con = mini_warehouse
    # T 2024-09-30, T - 56 = 2024-08-05: A4 (07-20, open) and A5 (06-01, decided 10-05 > T)
    assert level(con, "open_aanvragen_over_termijn", "2024Q3") == 2
    # T 2024-08-31, T - 56 = 2024-07-06: only A5 (A4 is too recent, A3 decided 08-10)
    assert level(con, "open_aanvragen_over_termijn", "2024-08") == 1
    # T = peildatum 2024-11-15, T - 56 = 2024-09-20: A4 only (A5 decided 10-05)
    assert level(con, "open_aanvragen_over_termijn", "2024Q4") == 1


def test_contact_in_last_12_months(mini_warehouse):
    con = mini_warehouse
    # stock 2024-09-30, window (2023-09-30, 2024-09-30]: C01 03-01 yes; C05 2023-09-30 just outside;
    # C07 on T itself yes; C08 2022 no; C11 2023-12-01 yes (its 10-05 contact is after T); C10 none
    assert ratio(con, "contact_12m", "2024Q3") == pytest.approx((3, 6, 0.5))
    # stock 2023-12-31 (U01 U02 U03 U09 U12): only C11 (2023-12-01)
    assert ratio(con, "contact_12m", "2023") == pytest.approx((1, 5, 0.2))


def test_reductions_revised(mini_warehouse):
    con = mini_warehouse
    # ended in 2024Q3: M2 (07-31, not revised), M3 (09-30, revised); 2024Q2: M1 (revised)
    assert ratio(con, "maatregelen_herzien", "2024Q3") == pytest.approx((1, 2, 0.5))
    assert ratio(con, "maatregelen_herzien", "2024Q2") == pytest.approx((1, 1, 1.0))


def test_paid_without_running_benefit(mini_warehouse):
    con = mini_warehouse
    # U05 ended 2023-08-31 but has a payment row for October 2023
    assert level(con, "betaald_zonder_lopende_uitkering", "2023-10") == 1
    assert level(con, "betaald_zonder_lopende_uitkering", "2023") == 1
    assert level(con, "betaald_zonder_lopende_uitkering", "2024Q3") == 0
    warned = con.execute(
        "SELECT uitkering_id FROM checks.uitkering_betaalmaanden__betaald_zonder_lopende_uitkering").fetchall()
    assert warned == [("U05",)]


# --- money -------------------------------------------------------------------------------------------

def test_benefit_spending(mini_warehouse):
    con = mini_warehouse
    # September 2024: U01 1000 + U03 800 + U06 0 + U08 1100 + U09 1200 + U11 1050 + U12 1100
    assert level(con, "uitkeringslasten", "2024Q3") == 6250
    assert level(con, "uitkeringslasten", "2024Q3", "regeling=PW") == 4250   # 1000+0+1100+1050+1100
    assert level(con, "uitkeringslasten", "2024Q3", "regeling=IOAW") == 800
    # 2023: U05 700 (October) + December U01 1000 + U02 1500 + U03 800 + U09 1200 + U12 1100
    assert level(con, "uitkeringslasten", "2023") == 6300
    assert level(con, "uitkeringslasten", "2023", "regeling=PW") == 4300      # 700+1000+1500+1100


def test_net_spending_and_cost_per_benefit(mini_warehouse):
    con = mini_warehouse
    # 6300 - aflossing V1 200 (PW); V9's 100 + 200 are on a claim of bijzondere bijstand (regeling BB),
    # which the BUIG does not pay for: they do not lower it (else 5800)
    assert level(con, "netto_lasten", "2023") == 6100
    # 2024 so far: 6250 - aflossingen V1 300 + V2 150 (IOAW) + V3 100 + V5 50 (10-10, before the peildatum)
    assert level(con, "netto_lasten", "2024") == 5650
    # month-end stocks 2023: 4 5 6 6 7 6 6 5 5 5 5 5 = 65, mean 65/12
    assert ratio(con, "gem_lasten_per_uitkering", "2023") == pytest.approx((6300, 65 / 12, 6300 * 12 / 65))
    # only complete years
    assert con.execute("SELECT count(*) FROM marts.kpi WHERE indicator = 'gem_lasten_per_uitkering' "
                       "AND periode = '2024'").fetchone()[0] == 0


def test_buig_result_per_phase_for_complete_years(mini_warehouse):
    con = mini_warehouse
    assert level(con, "buig_resultaat", "2023", "fase=voorlopig") == 1900   # 8000 - 6100
    assert level(con, "buig_resultaat", "2023", "fase=definitief") == -100  # 6000 - 6100: a deficit
    assert ratio(con, "buig_resultaat_pct", "2023", "fase=definitief") == pytest.approx((-100, 6000, -100 / 6000))
    assert ratio(con, "buig_resultaat_pct", "2023", "fase=voorlopig") == pytest.approx((1900, 8000, 0.2375))
    # 2024 is incomplete: its voorlopig budget gives no result yet
    assert con.execute("SELECT count(*) FROM marts.kpi WHERE indicator LIKE 'buig_resultaat%' "
                       "AND periode = '2024'").fetchone()[0] == 0


# --- the KPI table as a whole ------------------------------------------------------------------------

def test_every_extract_indicator_is_described(mini_warehouse):
    missing = mini_warehouse.execute(
        "SELECT DISTINCT indicator FROM marts.kpi WHERE bron = 'extract' "
        "AND indicator NOT IN (SELECT id FROM marts.indicatoren)").fetchall()
    assert missing == []
    # the rows behind each extract figure live in a table that exists
    models = [m for (m,) in mini_warehouse.execute(
        "SELECT DISTINCT rijen_model FROM marts.indicatoren "
        "WHERE id IN (SELECT indicator FROM marts.kpi WHERE bron = 'extract')").fetchall()]
    tables = {f"{s}.{t}" for s, t in mini_warehouse.execute(
        "SELECT table_schema, table_name FROM information_schema.tables").fetchall()}
    assert set(models) <= tables


def test_flows_as_rates_per_1000_inhabitants_and_as_share_of_the_stock(mini_warehouse):
    con = mini_warehouse
    kpi = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
        "SELECT periode_soort, periode, indicator, teller, noemer, waarde FROM marts.kpi "
        "WHERE gemeente_code = 'GM0289' AND uitsplitsing = '' AND bron = 'extract'").fetchall()}
    aandelen = [(k, v) for k, v in kpi.items() if k[2] == "instroom_aandeel_voorraad"]
    assert aandelen  # the quarters after the first one with a stand
    for (soort, periode, _), (teller, noemer, waarde) in aandelen:
        jaar, kwartaal = int(periode[:4]), int(periode[-1])
        vorige = f"{jaar}Q{kwartaal - 1}" if kwartaal > 1 else f"{jaar - 1}Q4"
        if soort == "jaar":
            vorige = str(int(periode) - 1)
        # teller: the quarter's instroom; noemer: the mean of the stands at the end of the previous and this one
        assert teller == kpi[(soort, periode, "instroom")][2]
        assert noemer == pytest.approx((kpi[(soort, vorige, "bijstandsvolume")][2]
                                        + kpi[(soort, periode, "bijstandsvolume")][2]) / 2)
        assert waarde == pytest.approx(teller / noemer)


def test_flows_per_1000_inhabitants_use_the_stocks_inhabitants(mini_warehouse, cbs_snapshot):
    """Inhabitants come from CBS: on a clone without the snapshot the fictional frame has no GM0289."""
    kpi = {(r[0], r[1], r[2]): r[3:] for r in mini_warehouse.execute(
        "SELECT periode_soort, periode, indicator, teller, noemer, waarde FROM marts.kpi "
        "WHERE gemeente_code = 'GM0289' AND uitsplitsing = '' AND bron = 'extract'").fetchall()}
    per_1000 = {k: v for k, v in kpi.items() if k[2] == "instroom_per_1000_inwoners"}
    for (soort, periode, _), (teller, noemer, _waarde) in per_1000.items():
        assert teller == kpi[(soort, periode, "instroom")][2]
        # the same inhabitants as the stock per 1,000
        assert noemer == kpi[(soort, periode, "bijstand_per_1000_inwoners")][1]
    assert per_1000


def test_the_views_keep_their_key(mini_warehouse):
    # the build checks the key of every table; a view's would cost the view's full computation, so here
    views = {m.name: m.key for m in discover_models(python_models=False) if m.materialized == "view"}
    assert views == {"intermediate.uitkering_standen": ("levering_id", "uitkering_id", "stand_datum"),
                     "intermediate.vordering_saldi": ("levering_id", "vordering_id", "stand_datum")}
    for name, key in views.items():
        assert mini_warehouse.execute(f"SELECT count(*) FROM {name}").fetchone()[0] > 0, name
        check_unique(mini_warehouse, name, key)
