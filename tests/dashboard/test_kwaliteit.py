"""The Kwaliteit & verantwoording page in AppTest, on a warehouse built from the hand-made delivery
tests/fixtures/extract_mini (GM0289, peildatum 2024-11-15) plus one broken benefit row, so the
figures on screen can be checked against values worked out by hand (see tests/sql/test_kpi_extract.py
and tests/sql/test_verantwoording.py for the arithmetic of the delivery).
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.proto.Block_pb2 import Block
from streamlit.testing.v1 import AppTest

from pipelines import audit
from pipelines.build import build
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

PAGE = "../../dashboard/paginas/kwaliteit.py"
EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"
# line 15 of uitkeringen.csv (header = line 1, 13 benefits): a regeling outside the contract
BROKEN_BENEFIT = "U99,C99,GM0289,XYZ,alleenstaand,1990,2023-01-10,,\n"


@pytest.fixture(scope="module")
def warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    delivery = tmp_path_factory.mktemp("levering") / "extract"
    shutil.copytree(EXTRACT_MINI, delivery)
    with (delivery / "uitkeringen.csv").open("a", encoding="utf-8") as f:
        f.write(BROKEN_BENEFIT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        settings = get_settings()
        load_delivery(delivery, settings, now=datetime.now())
        build(settings)
    return folder


@pytest.fixture
def app(warehouse_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("WIMI_DATA_DIR", str(warehouse_dir))
    monkeypatch.delenv("WIMI_QUARANTINE_DAYS", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["gemeente"] = "GM0289"
    at.query_params["periode"] = "2024Q3"
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """The page opened on one tab, as its URL (?kwaliteit_onderdeel=) names it: only that tab runs."""
    at.query_params["kwaliteit_onderdeel"] = label
    return at


def table(at: AppTest, *columns: str):
    """The first table on the page with these columns (AppTest does not expose a table's key)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert found, f"geen tabel met kolommen {columns}"
    return found[0]


def test_quality_table_shows_figures_norms_and_status(app):
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    kwaliteit = table(at, "Indicator", "Norm", "Status").set_index("Indicator")
    # 2024Q3: decided A1 (50 days), A2 (70 days, late), A3 (56 days) -> 2 / 3 = 66,7% against >= 95%
    tijdig = kwaliteit.loc["Tijdig besloten aanvragen"]
    assert (tijdig["Waarde"], tijdig["Teller"], tijdig["Noemer"]) == ("66,7%", 2, 3)
    assert (tijdig["Norm"], tijdig["Status"]) == ("≥ 95%", "✗ voldoet niet")
    # incassoratio: 550 / 2600 = 21,15% against >= 20%, and its formula with the numbers on screen
    assert kwaliteit.loc["Incassoratio", "Status"] == "✓ voldoet"
    assert any("€ 550,00 ÷ € 2.600,00 = **21,2%**" in m.value for m in at.markdown)
    assert any("stroom-voorraadratio" in m.value for m in at.markdown)


def test_a_fine_without_culpability_is_a_finding_and_the_fines_policy_is_called_local(app):
    app.query_params["periode"] = "2024Q4"
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    kwaliteit = table(at, "Indicator", "Norm", "Status").set_index("Indicator")
    # 2024Q4 up to the peildatum: V6 (2024-10-15) is a boete with verwijtbaarheid geen; V7 is normaal
    zonder = kwaliteit.loc["Boetes zonder verwijtbaarheid"]
    assert (zonder["Waarde"], zonder["Norm"], zonder["Status"]) == ("1", "≤ 0", "✗ voldoet niet")
    verwijtbaar = kwaliteit.loc["Aandeel boetes bij opzet of grove schuld"]
    assert (verwijtbaar["Teller"], verwijtbaar["Noemer"], verwijtbaar["Status"]) == (0, 2, "✗ voldoet niet")
    # the norm's explanation as text that wraps, not a table cell that cuts it off
    assert "Toelichting bij de norm" not in kwaliteit.columns
    assert any("Aandeel boetes bij opzet of grove schuld: Lokaal beleid" in m.value for m in at.markdown)
    assert any("*lokaal beleid*" in m.value and "Wet handhaving sociale zekerheid" in m.value for m in at.markdown)


def test_statement_of_2023_ties_out(app):
    at = open_tab(app, "Verantwoording").run()
    staat = table(at, "Post", "Bedrag").set_index("Post")
    # 2023 (the newest complete year): PW 700 + 1000 + 1500 + 1100 = 4300; total 6300; received on
    # BUIG claims 200 (V1; V9's 300 is on bijzondere bijstand)
    assert staat.loc["Uitkeringslasten Participatiewet (PW)", "Bedrag"] == 4300
    assert staat.loc["Totaal uitkeringslasten", "Bedrag"] == 6300
    netto = "Netto lasten (uitkeringslasten plus loonkostensubsidies min ontvangsten)"
    assert staat.loc[netto, "Bedrag"] == 6100
    # numbers (a header click sorts them as numbers) written € 4.300,00 by the column's format
    kolommen = json.loads(next(d for d in at.dataframe if "Post" in d.value.columns).proto.columns)
    assert (kolommen["Bedrag"]["type_config"]["format"], kolommen["Bedrag"]["type_config"]["step"]) == ("euro", 0.01)
    controles = table(at, "Controle", "Controlebedrag")
    assert controles["Verschil"].tolist() == [0] * len(controles)
    assert "Alle controles sluiten." in [s.value for s in at.success]


def test_stock_reconciled_with_the_flows_per_quarter(app):
    at = open_tab(app, "Verantwoording").run()
    aansluiting = table(at, "Voorraad begin", "+ Voortgezette mutaties").set_index("Periode")
    # 2024Q3: stock 2024-06-30 = 7; periods begun U10 (07-01), U11 (08-20); ended U07 (07-15), U10 (08-15),
    # U03 (09-30); none at AOW age and no chains: 7 + 2 - 3 - 0 + 0 = 6
    q3 = aansluiting.loc["3e kwartaal 2024"]
    assert (q3["Voorraad begin"], q3["+ Instroom"], q3["− Uitstroom"], q3["− Uitstroom AOW"],
            q3["+ Voortgezette mutaties"], q3["Voorraad eind"], q3["Verschil"]) == (7, 2, 3, 0, 0, 6, 0)
    assert "4e kwartaal 2024 (onvolledig)" in aansluiting.index
    assert "Elke periode sluit: de voorraadverandering is precies verklaard." in [s.value for s in at.success]
    assert {b.key for b in at.get("download_button")} >= {"aansluiting_voorraad_download_csv",
                                                          "aansluiting_voorraad_download_xlsx"}


def test_load_history_and_quarantined_row_with_reason(app):
    at = open_tab(app, "Laadhistorie en quarantaine").run()
    historie = table(at, "Levering", "Gelezen")
    # 13 + 1 benefits, 13 payments, 9 claims, 12 movements, 5 applications, 6 contacts, 3 reductions,
    # 3 budget rows and the levering row: 66 read, 1 quarantined
    # counts as numbers (components.kolommen_nl writes them 1.234 and they sort as numbers)
    assert historie[["Status", "Gelezen", "Geladen", "Quarantaine"]].values.tolist() == [["geladen", 66, 65, 1]]
    quarantaine = table(at, "Oorspronkelijke rij")
    assert quarantaine[["Bestand", "Record", "Kolom"]].values.tolist() == [["uitkeringen.csv", 15, "regeling"]]
    assert "U99" in quarantaine["Oorspronkelijke rij"].iloc[0]
    assert any("90 dagen bewaard" in i.value for i in at.info)


def test_retention_period_on_the_page_follows_the_setting(app, monkeypatch):
    monkeypatch.setenv("WIMI_QUARANTINE_DAYS", "30")
    at = open_tab(app, "Laadhistorie en quarantaine").run()
    assert any("30 dagen bewaard" in i.value for i in at.info)


def test_drill_down_to_the_applications_behind_a_figure(app):
    at = open_tab(app, "Herleiden tot rijen").run()
    at.selectbox(key="herleiden_indicator").set_value("tijdig_besloten").run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Waarde"], metrics["Teller"], metrics["Noemer"]) == ("66,7%", "2", "3")
    rijen = [d.value for d in at.dataframe if "aanvraag_id" in d.value.columns]
    assert {rol: sorted(r["aanvraag_id"]) for r in rijen for rol in r["rol"].unique()} == {
        "teller": ["A1", "A3"], "noemer": ["A1", "A2", "A3"]}
    assert sum("✓ sluit" in m.value for m in at.markdown) == 2


def test_every_view_of_rows_and_of_the_quarantine_is_in_the_audit_log(app, als):
    at = als(open_tab(app, "Laadhistorie en quarantaine"), "accountant", naam="auditor").run()
    open_tab(at, "Herleiden tot rijen").run()
    at.selectbox(key="herleiden_indicator").set_value("tijdig_besloten").run()
    at.run()  # a rerun of the same view is not a second view
    log = audit.lees(get_settings().audit_path)
    eigen = log[log["gebruiker"] == "auditor"].sort_values("tijdstip")
    periode = at.selectbox(key="herleiden_periode").value
    # the quarantine (1 row) when its tab opened, the rows behind the first indicator, then the 2 + 3
    # application rows behind tijdig_besloten
    assert eigen["handeling"].tolist()[0] == "quarantaine_bekeken"
    assert eigen.iloc[0]["aantal_rijen"] == 1
    bekeken = eigen[eigen["onderwerp"] == "tijdig_besloten"]
    assert bekeken[["rol", "handeling", "gemeente_code", "periode", "aantal_rijen"]].values.tolist() == [
        ["accountant", "rijen_bekeken", "GM0289", periode, 5]]


def test_a_link_from_another_page_opens_the_figure_and_its_rows(app):
    # as components.herleid_link writes it: PW spending for September 2024,
    # U01 1000 + U06 0 + U08 1100 + U11 1050 + U12 1100 = 4250 over 5 payment rows
    app.query_params.update({"herleid_periode": "2024-09", "herleid_indicator": "uitkeringslasten",
                             "herleid_uitsplitsing": "regeling=PW"})
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Waarde"] == "€ 4.250"
    rijen = [d.value for d in at.dataframe if "uitkering_id" in d.value.columns and "bruto_bedrag" in d.value.columns]
    assert sorted(rijen[0]["uitkering_id"]) == ["U01", "U06", "U08", "U11", "U12"]
    assert any("Opgeteld: **€ 4.250,00**" in m.value and "✓ sluit" in m.value for m in at.markdown)


def _opened_tab(at: AppTest) -> str:
    """The label of the tab a page opens on (st.tabs' default), from the tab container's proto."""
    def blocks(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from blocks(child)
    container = next(b.proto.tab_container for b in blocks(at.main)
                     if isinstance(getattr(b, "proto", None), Block) and b.proto.HasField("tab_container"))
    return container.default_tab_label or at.tabs[container.default_tab_index].label


def test_a_link_opens_on_the_rows_tab_and_the_plain_page_on_the_first(app):
    assert _opened_tab(app.run()) == "Kwaliteit"
    app.query_params.update({"herleid_periode": "2024-09", "herleid_indicator": "uitkeringslasten"})
    assert _opened_tab(app.run()) == "Herleiden tot rijen"


def test_only_the_open_tab_asks_the_warehouse(app, monkeypatch):
    from dashboard import data

    calls: list[str] = []
    for name in ("kwaliteit", "verantwoording", "verantwoording_aansluiting", "voorraad_aansluiting", "laadhistorie",
                 "quarantaine", "drilldown_indicatoren", "drill"):
        monkeypatch.setattr(data, name,
                            lambda *a, _f=getattr(data, name), _n=name, **k: calls.append(_n) or _f(*a, **k))
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    # the quality tab (with drilldown_indicatoren for its links); no statement, load history or rows
    assert sorted(set(calls)) == ["drilldown_indicatoren", "kwaliteit"]
    calls.clear()
    open_tab(at, "Verantwoording").run()
    assert sorted(set(calls)) == ["drilldown_indicatoren", "verantwoording", "verantwoording_aansluiting",
                                  "voorraad_aansluiting"]


def _link_parameters(url: str) -> dict[str, str]:
    pad, _, query = url.partition("?")
    assert pad == "kwaliteit"
    return {k: v[0] if v else "" for k, v in parse_qs(query, keep_blank_values=True).items()}


def test_a_quality_row_links_to_the_rows_behind_its_figure(app):
    at = app.run()
    kwaliteit = table(at, "Indicator", "Herleiden").set_index("Indicator")
    kolommen = json.loads(next(d for d in at.dataframe if "Herleiden" in d.value.columns).proto.columns)
    assert kolommen["Herleiden"]["type_config"]["type"] == "link"
    link = _link_parameters(kwaliteit.loc["Tijdig besloten aanvragen", "Herleiden"])
    assert link == {"gemeente": "GM0289", "kwaliteit_onderdeel": "Herleiden tot rijen", "herleid_periode": "2024Q3",
                    "herleid_indicator": "tijdig_besloten", "herleid_uitsplitsing": ""}
    # the bookmarked link in a new session: the rows tab on that figure, 2 of 3 decided in time
    gevolgd = AppTest.from_file(PAGE, default_timeout=60)
    gevolgd.query_params.update(link)
    gevolgd.run()
    assert not gevolgd.exception, [e.value for e in gevolgd.exception]
    metrics = {m.label: m.value for m in gevolgd.metric}
    assert (metrics["Waarde"], metrics["Teller"], metrics["Noemer"]) == ("66,7%", "2", "3")


def test_a_statement_line_links_to_its_payment_rows(app):
    at = open_tab(app, "Verantwoording").run()
    staat = table(at, "Post", "Herleiden").set_index("Post")
    link = _link_parameters(staat.loc["Uitkeringslasten Participatiewet (PW)", "Herleiden"])
    assert link == {"gemeente": "GM0289", "kwaliteit_onderdeel": "Herleiden tot rijen", "herleid_periode": "2023",
                    "herleid_indicator": "uitkeringslasten", "herleid_uitsplitsing": "regeling=PW"}
    # received payments have no figure of their own in the KPI table, Bbz had no payments in 2023: no link
    assert staat.loc[["Ontvangen aflossingen op terugvorderingen", "Uitkeringslasten Bbz (levensonderhoud)"],
                     "Herleiden"].isna().all()
    at.query_params.update(link)  # followed in the same session, where the statement's tab was open
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # PW 2023: 700 + 1000 + 1500 + 1100 = 4300 over 4 payment rows, the statement's line
    assert {m.label: m.value for m in at.metric}["Waarde"] == "€ 4.300"
    assert any("Opgeteld: **€ 4.300,00**" in m.value and "✓ sluit" in m.value for m in at.markdown)
