"""The report's sentence rules: thresholds from config/rapport.toml, masked figures never compared."""
from __future__ import annotations

from dashboard import rapport_tekst as t

D = t.Drempels(stabiel=0.02, sterk=0.10, stabiel_procentpunt=0.5, sterk_procentpunt=2.0, gelijk=0.05)


def test_configured_thresholds_are_read():
    assert t.lees_drempels() == D


def test_size_of_a_change_follows_the_thresholds():
    assert t.mate(101.9, 100, "aantal", D) == "stabiel"  # +1,9%
    assert t.mate(102, 100, "aantal", D) == "licht gestegen"  # +2,0%: the threshold itself is no longer stable
    assert t.mate(90.5, 100, "aantal", D) == "licht gedaald"  # -9,5%
    assert t.mate(90, 100, "aantal", D) == "sterk gedaald"  # -10%
    # percentages in points: 3,0% -> 3,4% is 0,4 point; 3,0% -> 5,0% is 2 points
    assert t.mate(0.034, 0.030, "percentage", D) == "stabiel"
    assert t.mate(0.050, 0.030, "percentage", D) == "sterk gestegen"


def test_masked_figure_is_said_and_not_compared():
    nu = t.Cijfer("2025Q4", None, "<10", afgeschermd=True)
    vorig = t.Cijfer("2025Q3", 12.0, "12")
    zin = t.verandering_zin("Instroom", "aantal", nu, vorig, None, D)
    assert zin == ("Instroom, 4e kwartaal 2025: minder dan 10; bij zulke kleine aantallen noemt dit rapport "
                   "geen verandering.")
    # a previous quarter below 10 is left out of the comparison
    zin = t.verandering_zin("Instroom", "aantal", vorig, t.Cijfer("2025Q3", None, "<10", True), None, D)
    assert zin == "Instroom, 3e kwartaal 2025: 12; er is geen vergelijkbaar eerder kwartaal."


def test_comparison_with_peers_uses_the_equality_band():
    nu = t.Cijfer("2025Q4", 0.026, "2,6%")
    zin = t.vergelijking_zin("Uitstroomkans naar werk", nu, t.Cijfer("2025Q4", 0.0250, "2,5%"),
                             t.Cijfer("2025Q4", 0.030, "3,0%"), "Utrecht", D)
    # 2,6 / 2,5 = +4%: within 5%; 2,6 / 3,0 = -13%
    assert zin == ("Uitstroomkans naar werk, 4e kwartaal 2025: Utrecht 2,6%, vergelijkbaar met de vergelijkbare "
                   "gemeenten (2,5%) en lager dan Nederland (3,0%).")


def test_forecast_and_budget_sentences_name_period_and_budget_version():
    zin = t.prognose_zin(t.Cijfer("2025Q4", 1000, "1.000"), t.Cijfer("2026Q4", 1050, "1.050"), "1.010", "1.090", D)
    assert zin == ("Prognose bijstandsvolume, 4e kwartaal 2026: verwacht 1.050 (80%-interval 1.010 tot 1.090), "
                   "licht gestegen ten opzichte van het 4e kwartaal 2025 (1.000; +5,0%).")
    # a deficit of 5,8% under a threshold of 7,5%; the unfavourable side of the band 7,8%: above it
    zin = t.budget_zin(2026, "voorlopig", "prognose", -11_811_473, -0.0584, 0, 7.5, -0.078)
    assert zin == ("BUIG 2026 (budgetversie voorlopig, verwacht): tekort van € 11.811.473 (5,8% van het budget); "
                   "het tekort blijft onder de vangnetdrempel van 7,5%: geen vangnetuitkering verwacht (aan de "
                   "ongunstige kant van de prognose een tekort van 7,8%: dan wel boven de drempel).")
    zin = t.budget_zin(2025, "definitief", "realisatie", 1_000_000, 0.01, 0, 7.5, None)
    assert zin == ("BUIG 2025 (budgetversie definitief, gerealiseerd): overschot van € 1.000.000 (1,0% van het "
                   "budget): geen vangnetuitkering.")
