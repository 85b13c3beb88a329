"""Shared test fixtures: every test gets its own data folder, so warehouses never collide; warehouses that
tests only read are built once per run and shared by the xdist workers."""
from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.build import discover_models, statement
from pipelines.settings import CONFIG_DIR, SHARED_CBS_DIR

FIXTURES = Path(__file__).parent / "fixtures"
TESTS = Path(__file__).parent
# the modules that run longest (--durations: the browser tests, the demo's tie-out, the CBS download) go first:
# xdist hands out files in this order (make test: --no-loadscope-reorder), so no worker ends alone on a long one
LONGEST_FIRST = ("e2e/test_login_browser.py", "sql/test_demo_identity.py", "e2e/test_paginas_browser.py",
                 "cbs_standin/test_cbs_fetch.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.relative_to(TESTS).as_posix(), len(rank)))


def _shared_build(tmp_path_factory: pytest.TempPathFactory, delivery: Path) -> Path:
    """The data folder with `delivery` loaded and built (the CBS snapshot when present, forecasts of the
    delivery's municipalities), made once per test run: the first worker to ask builds it under a lock,
    the others wait and reuse it. Tests only read it (copy it to write)."""
    from pipelines.build import build
    from pipelines.load.delivery import load_delivery
    from pipelines.settings import get_settings

    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root  # the run's folder, above gw0, gw1
    folder = root / f"gebouwd_{delivery.name}"
    with (root / f"gebouwd_{delivery.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".gebouwd").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("WIMI_DATA_DIR", str(folder))
                patch.setenv("WIMI_FORECAST_SCOPE", "extract")
                patch.delenv("WIMI_CBS_DIR", raising=False)
                load_delivery(delivery, get_settings())
                build(get_settings())
            (folder / ".gebouwd").touch()
    return folder


@pytest.fixture(scope="session")
def mini_warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made delivery tests/fixtures/extract_mini (GM0289) built, shared by every module that reads it."""
    return _shared_build(tmp_path_factory, FIXTURES / "extract_mini")


@pytest.fixture(scope="session")
def ketens_warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/extract_ketens (benefit chains for the flows on bijstandsperiodes) built, shared likewise."""
    return _shared_build(tmp_path_factory, FIXTURES / "extract_ketens")


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


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


# one Playwright per test process: a second sync_playwright() while this one lives fails ("Sync API inside the
# asyncio loop"), so every browser test, e2e or not, takes this fixture
@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"geen chromium in {CHROMIUM} (apt-get install chromium; .ci/run doet dat)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright ontbreekt (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()
