"""Drill-down on the hand-made delivery tests/fixtures/extract_mini (GM0289, peildatum 2024-11-15):
the rows behind a figure, worked out by hand from the CSV files, and for EVERY extract figure the
rows adding up to its teller and noemer (counts: number of rows; amounts: their sum).
"""
from __future__ import annotations

import pytest

from pipelines import drilldown


def ids(herleiding: drilldown.Drilldown, rol: str, kolom: str) -> list[str]:
    return sorted(herleiding.rijen.loc[herleiding.rijen["rol"] == rol, kolom])


def test_every_extract_figure_ties_to_its_rows(mini_warehouse):
    ties, without_rules = drilldown.aansluiting_alle(mini_warehouse)
    assert without_rules == []
    assert set(ties["indicator"]) >= {"bijstandsvolume", "instroom", "incassoratio", "tijdig_besloten"}
    open_ = ties[~ties["sluitend"]]
    assert open_.empty, open_.head(10).to_string()


def test_decided_on_time_2024q3_by_hand(mini_warehouse):
    # besluit_datum in 2024Q3: A1 07-01 -> 08-20 = 50 days (on time), A2 05-01 -> 07-10 = 70 days (late),
    # A3 06-15 -> 08-10 = 56 days (on time: <= 56). A5 is decided in Q4, A4 is open.
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", "tijdig_besloten")
    assert (herleiding.kpi["teller"], herleiding.kpi["noemer"]) == (2, 3)
    assert ids(herleiding, "teller", "aanvraag_id") == ["A1", "A3"]
    assert ids(herleiding, "noemer", "aanvraag_id") == ["A1", "A2", "A3"]
    assert ids(herleiding, "teller", "client_id") == ["C10", "C13"]


def test_spending_pw_september_2024_rows_add_up(mini_warehouse):
    # PW payments for 2024-09: U01 1000 + U06 0 + U08 1100 + U11 1050 + U12 1100 = 4250
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2024-09", "uitkeringslasten", "regeling=PW")
    assert herleiding.kpi["waarde"] == 4250
    assert ids(herleiding, "waarde", "uitkering_id") == ["U01", "U06", "U08", "U11", "U12"]
    assert herleiding.som("waarde") == 4250


def test_collection_ratio_2024q3_by_hand(mini_warehouse):
    # T = 2024-09-30, T0 = 2023-09-30.
    # teller: aflossingen in (T0, T]: V1 300 (01-31) + V2 150 (05-15) + V3 100 (09-30) = 550
    # noemer: outstanding at T0 = V1 1200 - 200 = 1000 (V8 and V9 are settled by T0), plus claims
    #   arisen in (T0, T]: V2 600 + V3 300 + V4 200 + V5 500 = 1600 -> 2600. As rows: the claims arisen
    #   by T (V1 1200 + V2 600 + V3 300 + V4 200 + V5 500 + V8 800 + V9 300 = 3900) minus the movements
    #   up to T0 that lower what is owed (V1 200, V8 100 + 700 written off, V9 100 + 200 = 1300); V8's
    #   buiten_invordering is no such row.
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", "incassoratio")
    assert (herleiding.kpi["teller"], herleiding.kpi["noemer"]) == (550, 2600)
    assert herleiding.som("teller") == 550 and herleiding.som("noemer") == 2600
    assert ids(herleiding, "teller", "vordering_id") == ["V1", "V2", "V3"]
    # per soort boete: teller V3 100; noemer V3 300 + V4 200 = 500
    boete = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", "incassoratio", "soort=boete")
    assert (boete.som("teller"), boete.som("noemer")) == (100, 500)
    assert ids(boete, "noemer", "vordering_id") == ["V3", "V4"]


def test_outstanding_by_status_and_fines_without_culpability_rows(mini_warehouse):
    # 2023-06-30: V8 (700 left, buiten invordering since 05-20) beside V1 1000 and V9 200 in invordering
    buiten = drilldown.drill(mini_warehouse, "GM0289", "2023Q2", "openstaand_saldo", "status=buiten_invordering")
    assert ids(buiten, "waarde", "vordering_id") == ["V8"] and buiten.som("waarde") == 700
    binnen = drilldown.drill(mini_warehouse, "GM0289", "2023Q2", "openstaand_saldo", "status=in_invordering")
    assert ids(binnen, "waarde", "vordering_id") == ["V1", "V9"] and binnen.som("waarde") == 1200
    # 2024Q4 up to the peildatum: V6 (geen) is the fine without culpability; V7 (normaal) is not
    zonder = drilldown.drill(mini_warehouse, "GM0289", "2024Q4", "boete_zonder_verwijtbaarheid")
    assert ids(zonder, "waarde", "vordering_id") == ["V6"] and zonder.kpi["waarde"] == 1


def test_net_spending_rows_leave_out_repayments_on_non_buig_claims(mini_warehouse):
    # 2023: payments 6300 minus the aflossing on V1 (PW) 200; V9's (regeling BB) are no row of it
    netto = drilldown.drill(mini_warehouse, "GM0289", "2023", "netto_lasten")
    mutaties = netto.rijen[netto.rijen["rijen_model"] == "intermediate.vordering_mutaties"]
    assert mutaties[["vordering_id", "bijdrage"]].values.tolist() == [["V1", -200]]
    assert netto.som("waarde") == netto.kpi["waarde"] == 6100


def test_caseload_breakdown_and_contact_rows(mini_warehouse):
    # stock at 2024-09-30: U01 U06 U08 U09 U11 U12; PW all but U09 (IOAZ)
    pw = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", "bijstandsvolume", "regeling=PW")
    assert ids(pw, "waarde", "uitkering_id") == ["U01", "U06", "U08", "U11", "U12"]
    assert pw.kpi["waarde"] == 5
    # contact in (2023-09-30, 2024-09-30]: C01 03-01, C07 09-30, C11 2023-12-01; C05's 2023-09-30 is on T0,
    # not after it; C08 (2022) and C10 (none) have no contact -> U01, U08, U12 of the 6
    contact = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", "contact_12m")
    assert ids(contact, "teller", "uitkering_id") == ["U01", "U08", "U12"]
    assert len(contact.rijen[contact.rijen["rol"] == "noemer"]) == contact.kpi["noemer"] == 6


def test_figures_from_other_sources_have_no_rows(mini_warehouse):
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2023", "cbs_bijstandsontvangers", bron="cbs")
    assert herleiding.regels == [] and herleiding.rijen.empty


def test_unknown_figure_returns_no_kpi(mini_warehouse):
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2031Q1", "tijdig_besloten")
    assert herleiding.kpi is None and herleiding.rijen.empty


@pytest.mark.parametrize("indicator", ["tijdig_besloten", "uitkeringslasten"])
def test_rows_carry_pseudonymised_ids_not_more(mini_warehouse, indicator):
    herleiding = drilldown.drill(mini_warehouse, "GM0289", "2024Q3", indicator)
    assert "client_id" in herleiding.rijen.columns
    assert not any("bsn" in c.lower() for c in herleiding.rijen.columns)
