"""On generated demo data: stock(T) = stock(previous T) + instroom - uitstroom, and `volledig`."""
from __future__ import annotations

import duckdb
import pytest

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
def test_stock_identity_per_period_kind(demo_warehouse, soort):
    rows = demo_warehouse.execute(
        """
        SELECT gemeente_code, periode,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume'),
               max(waarde) FILTER (WHERE indicator = 'instroom'),
               max(waarde) FILTER (WHERE indicator = 'uitstroom')
        FROM marts.kpi
        WHERE bron = 'extract' AND uitsplitsing = '' AND periode_soort = ?
          AND indicator IN ('bijstandsvolume', 'instroom', 'uitstroom')
        GROUP BY ALL ORDER BY gemeente_code, periode
        """, [soort]).fetchall()
    assert rows, "geen voorraadcijfers uit de demo"
    previous: dict[str, float] = {}
    for gemeente, periode, voorraad, instroom, uitstroom in rows:
        if gemeente in previous:  # the first period has no previous one in the table
            expected = previous[gemeente] + instroom - uitstroom
            assert voorraad == expected, f"{gemeente} {periode}: {voorraad} != {expected}"
        previous[gemeente] = voorraad
    assert len(previous) == 1 and len(rows) > 1


def test_volledig_follows_the_peildatum(demo_warehouse):
    rows = demo_warehouse.execute(
        "SELECT DISTINCT periode, volledig FROM marts.kpi WHERE bron = 'extract' "
        "AND periode IN ('2024-06', '2024Q2', '2024', '2023', '2024-07')").fetchall()
    assert sorted(rows) == [("2023", True), ("2024", False), ("2024-06", True), ("2024Q2", True)]
