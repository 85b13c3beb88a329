"""The hand-made delivery tests/fixtures/extract_mini, loaded and built once per test module."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.build import build
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"
EXTRACT_KETENS = Path(__file__).parents[1] / "fixtures" / "extract_ketens"


def _warehouse(tmp_path_factory: pytest.TempPathFactory, delivery: Path):
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        settings = get_settings()
        load_delivery(delivery, settings)
        build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def mini_warehouse(tmp_path_factory: pytest.TempPathFactory):
    """A read-only connection to the warehouse built from extract_mini alone (no feed, no demo)."""
    yield from _warehouse(tmp_path_factory, EXTRACT_MINI)


@pytest.fixture(scope="module")
def ketens_warehouse(tmp_path_factory: pytest.TempPathFactory):
    """The warehouse built from extract_ketens: benefit chains for the flows on bijstandsperiodes."""
    yield from _warehouse(tmp_path_factory, EXTRACT_KETENS)
