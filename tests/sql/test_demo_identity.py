"""On generated demo data: the stock reconciles with the flows on bijstandsperiodes in every period,
every extract figure ties to its drill-down rows, and `volledig` follows the peildatum."""
from __future__ import annotations

import duckdb
import pytest

from pipelines import drilldown
from pipelines.build import build
from pipelines.frame import load_frame
from pipelines.load import load_delivery
from pipelines.settings import get_settings

generate = pytest.importorskip("pipelines.demo.generate", reason="demo generator not yet available")


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        settings = get_settings()
        # peildatum 2024-06-30: the end of a quarter, so the incomplete periods are the year 2024 only
        # a small one of the default five: Wageningen on the snapshot, its fictional peer without it
        small = generate.focus_codes(load_frame(settings), "default")[-2]
        generate.generate_demo(van="2022-01", tot="2024-06", gemeenten=small, scale=0.1, settings=settings)
        for delivery in sorted(settings.demo_extracts_dir.iterdir()):
            load_delivery(delivery, settings)
        build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("soort", ["maand", "kwartaal", "jaar"])
def test_stock_reconciles_per_period_kind(demo_warehouse, soort):
    # stock(T) - stock(previous T) = instroom - uitstroom - uitstroom_aow + voortgezette_mutaties
    rows = demo_warehouse.execute(
        "SELECT periode, voorraad_begin, instroom, uitstroom, uitstroom_aow, voortgezette_mutaties, voorraad_eind "
        "FROM marts.voorraad_aansluiting WHERE periode_soort = ? ORDER BY periode_einde", [soort]).fetchall()
    assert len(rows) > 1, "geen voorraadcijfers uit de demo"
    for periode, begin, instroom, uitstroom, aow, voortgezet, eind in rows:
        assert eind - begin == instroom - uitstroom - aow + voortgezet, periode
    # each period begins where the one before it ended
    assert all(later[1] == earlier[6] for earlier, later in zip(rows, rows[1:], strict=False))


def test_every_extract_figure_ties_to_its_rows_on_the_demo(demo_warehouse):
    ties, without_rules = drilldown.aansluiting_alle(demo_warehouse)
    assert without_rules == []
    assert ties["periode"].nunique() > 30  # months, quarters and years of 2022-2024
    open_ = ties[~ties["sluitend"]]
    assert open_.empty, open_.head(10).to_string()


def test_volledig_follows_the_peildatum(demo_warehouse):
    rows = demo_warehouse.execute(
        "SELECT DISTINCT periode, volledig FROM marts.kpi WHERE bron = 'extract' "
        "AND periode IN ('2024-06', '2024Q2', '2024', '2023', '2024-07')").fetchall()
    assert sorted(rows) == [("2023", True), ("2024", False), ("2024-06", True), ("2024Q2", True)]
