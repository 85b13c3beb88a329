"""What every browser test shares: a built warehouse, a WIMI server on a free port, Debian's chromium.

Playwright's own browser downloads are never used: chromium comes from apt (.ci/run installs it). A module
that drives the browser imports playwright with pytest.importorskip; the `browser` fixture (tests/conftest.py)
skips without chromium.
Fixtures only, so no test module imports this file: `wimi_server` yields the function that starts a server.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipelines.settings import REPO_ROOT


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def warehouse_dir(mini_warehouse_dir: Path) -> Path:
    """The hand-made delivery of GM0289 built into a warehouse, with its own forecasts (tests/conftest.py, shared
    with the SQL tests); tests copy the folder before they write into it."""
    return mini_warehouse_dir


@contextmanager
def _wimi_server(data_dir: Path, auth: str, extra_env: dict[str, str], secrets: Path | None = None) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port; yields its address (as the browser calls it)."""
    port = _vrije_poort()
    env = {**os.environ, "WIMI_AUTH": auth, "WIMI_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT),
           **extra_env}
    command = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    if secrets is not None:
        command += ["--secrets.files", str(secrets.parent / f"secrets_{port}.toml")]
        (secrets.parent / f"secrets_{port}.toml").write_text(secrets.read_text().replace("{port}", str(port)))
    log = data_dir / f"streamlit_{auth}.log"
    with log.open("w") as out:
        # from the repository, as `wimi serve` runs it: Streamlit reads .streamlit/config.toml in its working folder
        proces = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    try:
        einde = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as antwoord:
                    if antwoord.status == 200:
                        break
            except OSError:
                if proces.poll() is not None or time.monotonic() > einde:
                    raise RuntimeError(f"WIMI-server start niet: {log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield f"http://localhost:{port}"
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()


@pytest.fixture(scope="session")
def wimi_server():
    """wimi_server(data_dir, auth, extra_env, secrets=None): a context manager yielding the server's address."""
    return _wimi_server


