"""What leaves the dashboard: no traceback to a user, no request to another machine."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request

import pytest
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from dashboard import app
from pipelines.settings import REPO_ROOT

APP = "../../dashboard/app.py"
CONFIG = REPO_ROOT / ".streamlit" / "config.toml"


def _texts(at: AppTest) -> str:
    elements = [*at.error, *at.warning, *at.info, *at.markdown, *at.caption, *at.code, *at.title, *at.exception]
    return "\n".join(str(e.value) for e in elements)


def _values(table: dict):
    for value in table.values():
        yield from _values(value) if isinstance(value, dict) else [value]


def test_the_config_hides_error_details_and_names_no_other_host():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE
    assert config["client"]["disableDataExport"] is True  # no table download past pipelines/export.py
    assert config["browser"]["gatherUsageStats"] is False
    assert not [v for v in _values(config) if "://" in str(v)]  # no font, theme file or server elsewhere
    assert "font" not in config.get("theme", {})  # Streamlit's own fonts are served by the app itself
    assert app.FAVICON.is_file() and app.FAVICON.suffix == ".png"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_an_unreadable_warehouse_shows_a_dutch_message_with_a_reference_and_no_traceback(
        warehouse, data_dir, caplog, damage):
    path = warehouse.write([warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)])
    content = path.read_bytes()
    path.write_bytes(b"geen duckdb " * 1000 if damage == "garbage" else content[: len(content) // 2])
    with caplog.at_level(logging.ERROR, logger="wimi.dashboard"):
        at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("Het warehouse kan niet worden gelezen")
    referentie = re.fullmatch(r".*referentie ([0-9A-F]{8})\.", message, re.DOTALL).group(1)
    shown = _texts(at)
    assert "Traceback" not in shown and str(data_dir) not in shown and "duckdb" not in shown.lower()
    logged = [r for r in caplog.records if referentie in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None  # the traceback is in the log, under the reference


def test_an_error_in_a_page_shows_the_general_message(warehouse, monkeypatch):
    warehouse.write([warehouse.row("GM1234", "2024Q3", "bijstandsvolume", 1234)])

    def broken(*args, **kwargs):
        raise ValueError("/geheim/pad/warehouse.duckdb: kolom client_id")

    monkeypatch.setattr("dashboard.data.indicatoren", broken)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert re.fullmatch(r"Er ging iets mis bij het tonen van deze pagina\. De beheerder vindt de details in het "
                        r"logboek onder referentie [0-9A-F]{8}\.", at.error[0].value)
    assert "geheim" not in _texts(at) and "client_id" not in _texts(at)




def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(warehouse, data_dir):
    """`streamlit run` of the app on a free port, over a small warehouse, without the login gate."""
    warehouse.write([warehouse.row("GM1234", p, "bijstandsvolume", 1234 + i)
                     for i, p in enumerate(["2024Q1", "2024Q2", "2024Q3"])], gemeenten={"GM1234": "Teststad"})
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=REPO_ROOT, env={**os.environ, "WIMI_AUTH": "uit", "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("streamlit kwam niet op")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.e2e
def test_the_browser_asks_nothing_of_another_machine(server, browser):
    requested: list[str] = []
    with browser.new_context() as context:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(server)
        page.get_by_text("Bijstandsvolume").first.wait_for(timeout=30_000)
        page.get_by_role("link", name="Vergelijken").click()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)  # the favicon and fonts are asked for after the first render
        favicon = page.evaluate("document.querySelector(\"link[rel~='icon']\").href")
    assert favicon.startswith(f"{server}/media/")  # our own PNG, served by the app
    outside = {urllib.parse.urlsplit(u).netloc for u in requested if not u.startswith(("data:", "blob:"))}
    assert outside == {urllib.parse.urlsplit(server).netloc}
