"""Shared test fixtures: every test gets its own data folder, so warehouses never collide."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.build import discover_models, statement
from pipelines.settings import CONFIG_DIR, SHARED_CBS_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty WIMI_DATA_DIR for this test."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("WIMI_DATA_DIR", str(folder))
    monkeypatch.delenv("WIMI_CBS_DIR", raising=False)
    # forecast only the municipalities with a delivery: fitting every municipality belongs in bench/
    monkeypatch.setenv("WIMI_FORECAST_SCOPE", "extract")
    return folder


@pytest.fixture
def cbs_snapshot() -> Path:
    """The real CBS snapshot; the test skips with a reason on a clone without ../shared."""
    if not SHARED_CBS_DIR.exists():
        pytest.skip(f"CBS-snapshot niet gevonden in {SHARED_CBS_DIR} (alleen in CI en op de ontwikkelmachine)")
    return SHARED_CBS_DIR


@pytest.fixture(scope="session")
def fictional_cbs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional CBS frame (30 municipalities GM9001..GM9030), written once per test session."""
    from pipelines.cbs.fictief import write_fictional_cbs
    from pipelines.cbs.folder import FICTIONAL_SEED

    return write_fictional_cbs(tmp_path_factory.mktemp("cbs_fictief"), FICTIONAL_SEED)


@pytest.fixture(scope="session")
def maak_modellen():
    """maak_modellen(con, *names): the build's own statements for these models and macros on a connection
    whose input tables the test wrote by hand; the seeds and macros they read are made first."""
    models = {model.name: model for model in discover_models(python_models=False)}

    def maak(con, *names: str) -> None:
        for name in names:
            for dependency in sorted(models[name].depends_on):
                if dependency.startswith("staging.seed__") or getattr(models.get(dependency), "kind", "") == "macro":
                    maak(con, dependency)
            con.execute(statement(models[name], {"config_dir": CONFIG_DIR.as_posix()}))

    return maak
