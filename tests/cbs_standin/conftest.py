"""Fixtures for the fetch-cbs tests: the CBS stand-in server (one per session, built from the real
snapshot) and the environment that points `wimi fetch-cbs` at it."""
from __future__ import annotations

import pytest
from standin_inhoud import OUDE_EDITIES, Snapshot, alle_tabellen, grenzen
from standin_server import Standin, installeer

from pipelines.settings import SHARED_CBS_DIR


@pytest.fixture(scope="session")
def standin_server():
    if not SHARED_CBS_DIR.exists():
        pytest.skip(f"CBS-snapshot niet gevonden in {SHARED_CBS_DIR} (alleen in CI en op de ontwikkelmachine)")
    snapshot = Snapshot(SHARED_CBS_DIR)
    server = Standin(alle_tabellen(snapshot), grenzen(snapshot), oud_in_catalogus=OUDE_EDITIES).start()
    yield server
    server.stop()


@pytest.fixture
def standin(standin_server, data_dir, monkeypatch):
    """The stand-in, reset, with `wimi fetch-cbs` pointed at it."""
    standin_server.storingen.clear()
    standin_server.kapot.clear()
    standin_server.afbreken.clear()
    standin_server.verzoeken.clear()
    installeer(monkeypatch, standin_server)
    return standin_server
