"""Every path and setting of WIMI, read from the environment with defaults under data/.

One setting moves everything: WIMI_DATA_DIR. Several warehouses (a test, a benchmark, a user's
real data) can live side by side by pointing it at different folders.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.cbs.grenzen import GEO_URL_STANDAARD
from pipelines.cbs.odata import ODATA_URL_STANDAARD

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
CONFIG_DIR = REPO_ROOT / "config"
OPTIONAL_CBS_DIR = SQL_DIR / "staging" / "optioneel"  # header-only stand-ins of optional CBS files
SHARED_CBS_DIR = REPO_ROOT.parent / "shared" / "data" / "real"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    cbs_dir_override: Path | None
    duckdb_memory_limit: str
    duckdb_threads: int
    quarantine_retention_days: int
    # how visitors log in: oidc (the municipality's identity provider), lokaal (users file), uit (no login:
    # tests and a demo on 127.0.0.1 only)
    auth: str
    session_timeout_minutes: int
    roles_config_path: Path  # `oidc`: groups -> role and municipalities
    # which series the build forecasts: all (every municipality and NL), extract (municipalities with a
    # delivery, and NL), none. Tests use extract or none to keep builds fast.
    forecast_scope: str
    # StatLine OData v3 base URL: a mirror or a test stand-in can take CBS's place
    cbs_odata_url: str = ODATA_URL_STANDAARD
    # base address of the municipal boundaries download (PDOK, or a mirror or test server)
    cbs_geo_url: str = GEO_URL_STANDAARD
    # an official crosswalk file used instead of the one computed from the boundaries
    cbs_crosswalk: Path | None = None

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"

    @property
    def demo_extracts_dir(self) -> Path:
        """One delivery folder per focus municipality: demo/extracts/GM0344/levering.csv, ..."""
        return self.demo_dir / "extracts"

    @property
    def demo_feed_path(self) -> Path:
        """Synthetic benchmark feed: KPI-table rows with bron = synthetic."""
        return self.feed_dir / "synthetic_demo.parquet"

    @property
    def fictional_cbs_dir(self) -> Path:
        """Fictional municipality frame in the shapes of the CBS snapshot files."""
        return self.demo_dir / "cbs_fictief"

    @property
    def downloaded_cbs_dir(self) -> Path:
        return self.data_dir / "cbs"

    @property
    def landing_path(self) -> Path:
        """Loaded deliveries (typed contract rows), quarantine and load reports."""
        return self.data_dir / "landing.duckdb"

    @property
    def users_path(self) -> Path:
        """`lokaal` login: names, argon2 hashes, role and municipality scope (wimi gebruiker ...)."""
        return self.data_dir / "gebruikers.json"

    @property
    def login_attempts_path(self) -> Path:
        """Failed logins per name, so a lock-out survives a restart."""
        return self.data_dir / "aanmeldpogingen.json"

    @property
    def audit_path(self) -> Path:
        """Who viewed rows or downloaded what (sql/audit.sql); apart from landing.duckdb, which a load locks."""
        return self.data_dir / "audit.duckdb"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def warehouse_next_path(self) -> Path:
        return self.data_dir / "warehouse.next.duckdb"

    @property
    def feed_dir(self) -> Path:
        """Benchmark feeds to merge into the KPI table (every *.parquet / *.csv in it)."""
        return self.data_dir / "feed"

    def cbs_source(self) -> tuple[str, Path]:
        """Where CBS figures come from, in the documented lookup order.

        Returns (kind, folder) with kind one of 'setting', 'download', 'snapshot', 'fictief'.
        """
        if self.cbs_dir_override is not None:
            return "setting", self.cbs_dir_override
        if (self.downloaded_cbs_dir / ".complete").exists():
            return "download", self.downloaded_cbs_dir
        if SHARED_CBS_DIR.exists():
            return "snapshot", SHARED_CBS_DIR
        return "fictief", self.fictional_cbs_dir


AUTH_MODES = ("oidc", "lokaal", "uit")
LOKALE_ADRESSEN = ("127.0.0.1", "localhost", "::1")  # where WIMI_AUTH=uit may serve


class SettingsError(ValueError):
    """A setting with a value WIMI cannot use (the message is Dutch, for the user)."""


def _auth(value: str | None) -> str:
    mode = (value or "lokaal").strip().lower()
    if mode not in AUTH_MODES:
        raise SettingsError(f"WIMI_AUTH={value!r} is geen geldige waarde; kies oidc, lokaal of uit")
    return mode


def get_settings() -> Settings:
    """Read settings now (not at import), so tests can change the environment."""
    data_dir = Path(os.environ.get("WIMI_DATA_DIR") or REPO_ROOT / "data").resolve()
    cbs = os.environ.get("WIMI_CBS_DIR")
    return Settings(
        data_dir=data_dir,
        cbs_dir_override=Path(cbs).resolve() if cbs else None,
        # DuckDB's limit covers its buffers, not Python, pandas (forecasts) or allocator slack on top:
        # 3GB keeps a national build's peak RSS under 4 GB
        duckdb_memory_limit=_memory(),
        duckdb_threads=_whole("WIMI_DUCKDB_THREADS", os.cpu_count() or 2),
        # at least a day: a shorter period would purge the quarantine the load has just written
        quarantine_retention_days=_whole("WIMI_QUARANTINE_DAYS", 90),
        auth=_auth(os.environ.get("WIMI_AUTH")),
        session_timeout_minutes=_whole("WIMI_SESSIE_MINUTEN", 30),
        roles_config_path=Path(os.environ.get("WIMI_ROLLEN") or CONFIG_DIR / "rollen.toml").resolve(),
        forecast_scope=os.environ.get("WIMI_FORECAST_SCOPE", "all"),
        cbs_odata_url=_url("WIMI_CBS_ODATA_URL", ODATA_URL_STANDAARD),
        cbs_geo_url=_url("WIMI_CBS_GEO_URL", GEO_URL_STANDAARD),
        cbs_crosswalk=_bestand("WIMI_CBS_CROSSWALK"),
    )


def _whole(name: str, default: int) -> int:
    """A positive whole number setting."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"{name} moet een geheel getal van 1 of meer zijn, bijvoorbeeld {default}; nu: '{value}'")
    return int(value)


_MEMORY = re.compile(r"[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?", re.IGNORECASE)


def _memory() -> str:
    """DuckDB's memory limit as DuckDB writes it (3GB, 512MB); checked here, so no other text reaches DuckDB."""
    value = (os.environ.get("WIMI_DUCKDB_MEMORY") or "").strip() or "3GB"
    if not _MEMORY.fullmatch(value):
        raise SettingsError(f"WIMI_DUCKDB_MEMORY moet een hoeveelheid geheugen zijn, bijvoorbeeld 3GB of 512MB; "
                            f"nu: '{value}'")
    return value


def _url(name: str, default: str) -> str:
    value = (os.environ.get(name) or "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"{name} moet een http- of https-adres zijn zonder ?-deel, bijvoorbeeld {default}; "
                             f"nu: '{value}'")
    return value.rstrip("/")


def _bestand(name: str) -> Path | None:
    """A file path setting; whether the file exists and is sound is checked where it is read."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return None
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise SettingsError(f"{name} moet naar een bestand wijzen, niet naar de map {path}")
    return path
