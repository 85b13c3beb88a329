"""Fixtures for the fetch-cbs tests: the CBS stand-in server (one per session, built from the real
snapshot) and the environment that points `wimi fetch-cbs` at it."""
from __future__ import annotations

import sys

import pytest
from standin_geo import modules
from standin_inhoud import Snapshot, alle_tabellen, grenzen
from standin_server import Standin

import pipelines.cbs
from pipelines.cbs import odata
from pipelines.settings import SHARED_CBS_DIR


@pytest.fixture(scope="session")
def standin_server():
    if not SHARED_CBS_DIR.exists():
        pytest.skip(f"CBS-snapshot niet gevonden in {SHARED_CBS_DIR} (alleen in CI en op de ontwikkelmachine)")
    snapshot = Snapshot(SHARED_CBS_DIR)
    server = Standin(alle_tabellen(snapshot), grenzen(snapshot)).start()
    yield server
    server.stop()


@pytest.fixture
def standin(standin_server, data_dir, monkeypatch):
    """The stand-in, reset, with WIMI_CBS_ODATA_URL / WIMI_CBS_GEO_URL pointing at it and cbsgeo's
    functions replaced by their stand-ins."""
    standin_server.storingen.clear()
    standin_server.kapot.clear()
    standin_server.verzoeken.clear()
    monkeypatch.setenv("WIMI_CBS_ODATA_URL", standin_server.url)
    monkeypatch.setenv("WIMI_CBS_GEO_URL", standin_server.geo_url)
    monkeypatch.delenv("WIMI_CBS_CROSSWALK", raising=False)
    monkeypatch.setattr(odata, "WACHTTIJD_S", 0.05)
    grenzen_module, crosswalk_module = modules(SHARED_CBS_DIR)
    for name, module in (("grenzen", grenzen_module), ("crosswalk", crosswalk_module)):
        monkeypatch.setitem(sys.modules, f"pipelines.cbs.{name}", module)
        monkeypatch.setattr(pipelines.cbs, name, module, raising=False)
    return standin_server
