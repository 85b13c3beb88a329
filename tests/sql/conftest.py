"""The hand-made delivery tests/fixtures/extract_mini, landed and built once per test module."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.build import build
from pipelines.settings import SQL_DIR, Settings, get_settings

EXTRACT_MINI = Path(__file__).parents[1] / "fixtures" / "extract_mini"

# Stand-in for pipelines.load.load_delivery (not yet usable): the fixture is clean, so every row
# lands as the contract types it. Columns are listed so a file's column order does not matter.
_LANDING_INSERTS = {
    "uitkeringen": "uitkering_id, client_id, gemeente_code, regeling, leefvorm, geboortejaar, "
                   "startdatum, einddatum, reden_einde",
    "betalingen": "uitkering_id, CAST(maand || '-01' AS DATE), bruto_bedrag, inkomsten_arbeid, vrijlating",
    "vorderingen": "vordering_id, client_id, gemeente_code, soort, ontstaan, bedrag, verwijtbaarheid",
    "aflossingen": "vordering_id, datum, bedrag, soort",
    "aanvragen": "aanvraag_id, client_id, gemeente_code, ontvangen, besluit_datum, besluit",
    "contacten": "client_id, datum, kanaal",
    "maatregelen": "maatregel_id, client_id, start, eind, percentage, herzien = 'ja', herzien_datum",
    "budget": "gemeente_code, jaar, fase, bedrag",
}


def land_delivery(folder: Path, settings: Settings, levering_id: str = "mini") -> None:
    con = duckdb.connect(str(settings.landing_path))
    con.execute((SQL_DIR / "landing.sql").read_text(encoding="utf-8"))
    for table, columns in _LANDING_INSERTS.items():
        path = (folder / f"{table}.csv").as_posix()
        con.execute(f"INSERT INTO {table} SELECT ?, {columns} FROM read_csv('{path}', header = true, all_varchar = true)",
                    [levering_id])
    peildatum = con.execute(f"SELECT peildatum FROM read_csv('{(folder / 'levering.csv').as_posix()}')").fetchone()[0]
    con.execute("INSERT INTO leveringen SELECT ?, ?, NULL, ?, list(DISTINCT gemeente_code ORDER BY gemeente_code), "
                "true, now() FROM uitkeringen", [levering_id, peildatum, folder.as_posix()])
    con.close()


@pytest.fixture(scope="module")
def mini_warehouse(tmp_path_factory: pytest.TempPathFactory):
    """A read-only connection to the warehouse built from extract_mini alone (no feed, no demo)."""
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.delenv("WIMI_CBS_DIR", raising=False)
        settings = get_settings()
        land_delivery(EXTRACT_MINI, settings)
        build(settings)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con
    con.close()
