"""The app shell (run with WIMI_AUTH=uit, tests/dashboard/conftest.py): message without a warehouse, the
fictional-data and demo captions, roles to pages."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.app import paginas_voor

APP = "../../dashboard/app.py"


def _row(warehouse):
    return warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)


def test_without_warehouse_the_app_says_which_command_to_run(data_dir):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "nog geen warehouse" in at.error[0].value
    assert "wimi build" in at.code[0].value
    # one hidden page: not Streamlit's list of the files in a pages/ folder ("app, kwaliteit, overzicht, ...")
    assert [p["page_name"] for p in at._registered_pages.values()] == ["WIMI"]


def test_fictional_cbs_data_are_announced(warehouse):
    warehouse.write([_row(warehouse)], cbs_bron="fictief")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any("Fictieve gemeenten: geen echte cijfers" in w.value for w in at.warning)


def test_real_cbs_data_carry_no_fictional_caption(warehouse):
    warehouse.write([_row(warehouse)], cbs_bron="snapshot")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert not any("Fictieve" in w.value for w in at.warning)
    # no marts.gemeenten in this warehouse: the code stands in for the name
    assert at.selectbox(key="overzicht_gemeente").value == "GM1234"


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_a_demo_delivery_is_announced_on_every_page_and_its_figures_labelled(warehouse):
    warehouse.write([_row(warehouse)], gemeenten={"GM1234": "Teststad"}, demo_gemeenten=["GM1234"])
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any(w.value.startswith("Demo: de cijfers uit het extract van Teststad zijn verzonnen") for w in at.warning)
    assert "bron: demo-extract (verzonnen cijfers)" in _captions(at)
    assert "eigen extract" not in _captions(at)
    at.switch_page("paginas/vergelijken.py").run()
    assert not at.exception
    assert any(w.value.startswith("Demo:") for w in at.warning)


def test_a_real_delivery_carries_no_demo_label(warehouse):
    warehouse.write([_row(warehouse)], gemeenten={"GM1234": "Teststad"}, demo_gemeenten=[])
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert not any("Demo" in w.value for w in at.warning)
    assert "bron: eigen extract" in _captions(at)
    assert "demo" not in _captions(at)


def titles(rol: str) -> list[str]:
    return [p.titel for p in paginas_voor(rol)]


def test_roles_see_their_pages():
    assert titles("wethouder") == ["Overzicht", "Vergelijken"]  # public figures only: no exact values
    assert titles("manager") == ["Overzicht", "Vergelijken", "Prognose & budget"]
    assert titles("accountant") == ["Overzicht", "Vergelijken", "Prognose & budget", "Kwaliteit & verantwoording"]
    assert titles("beheerder") == titles("accountant") + ["Beheer"]
    assert titles("bezoeker") == []
