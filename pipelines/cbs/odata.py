"""A small client for the CBS StatLine OData v3 API (opendata.cbs.nl), only what `wimi fetch-cbs` needs.

Under one base URL (setting WIMI_CBS_ODATA_URL, so a mirror or the test stand-in can take CBS's place):
`/ODataApi/odata/{tabel}/` with TableInfos, DataProperties, TypedDataSet and one code list per
dimension, and the catalogue `/ODataCatalog/Tables`. A call returns at most 10,000 rows and an
`odata.nextLink` to the rest; transient failures (5xx, timeouts, dropped connections) are retried with
backoff. Measures are found in DataProperties by key stem, title and unit (`Maat`), never by position:
the numbers after the underscore differ between editions of one table.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

ODATA_URL_STANDAARD = "https://opendata.cbs.nl"
POGINGEN = 5  # a request is tried this often before the download gives up
WACHTTIJD_S = 1.0  # first wait before a retry; doubles every attempt (1, 2, 4, 8 s)
_OPNIEUW_STATUS = {429, 500, 502, 503, 504}
_NUMMER = re.compile(r"_\d+$")


class CbsFout(RuntimeError):
    """The download failed (network, CBS, or a table not in the shape we expect); the message is Dutch."""


def check_online(url: str, timeout: float) -> None:
    """Fail fast when the host of `url` cannot be reached: name lookup and connect together within
    `timeout`, in a thread because a name lookup does not honour socket timeouts."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    outcome: dict[str, BaseException | None] = {}

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            outcome["fout"] = None
        except OSError as exc:
            outcome["fout"] = exc

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    if "fout" not in outcome:
        raise CbsFout(f"CBS ({host}) niet bereikbaar binnen {timeout:g} s: geen netwerk? "
                      "De bestaande CBS-gegevens blijven in gebruik.")
    if outcome["fout"] is not None:
        raise CbsFout(f"CBS ({host}:{port}) niet bereikbaar: {_oorzaak(outcome['fout'])}. "
                      "De bestaande CBS-gegevens blijven in gebruik.")


def _oorzaak(fout: OSError) -> str:
    """The operating system's reason in Dutch; its own text is English."""
    if isinstance(fout, socket.gaierror):
        return "de naam van de server is niet te vinden (geen netwerk of DNS?)"
    if isinstance(fout, ConnectionRefusedError):
        return "de verbinding werd geweigerd"
    if isinstance(fout, TimeoutError):
        return "geen antwoord op tijd"
    return f"netwerkfout ({fout.strerror or type(fout).__name__})"


@dataclass(frozen=True)
class Maat:
    """How to find one measure in a table's DataProperties.

    A topic matches when its key without the trailing number is one of `sleutels`, or else when its
    title is one of `titels` (both case-insensitive); `eenheid` narrows either to topics whose unit
    starts with it (e.g. '%' against 'aantal' for two topics with the same stem); `groep` requires a
    word in the title of a parent topic group (the "Gebieden in Nederland" tables call every code "Code").
    """
    kolom: str
    sleutels: tuple[str, ...] = ()
    titels: tuple[str, ...] = ()
    eenheid: str | None = None
    groep: str | None = None


def _stam(key: str) -> str:
    return _NUMMER.sub("", key).lower()


def _groepen(properties: list[dict]) -> dict[int, str]:
    """Per property ID the titles of its parent groups, joined, lower case."""
    by_id = {p.get("ID"): p for p in properties}

    def pad(p: dict) -> str:
        parent = by_id.get(p.get("ParentID"))
        return (pad(parent) + " / " + (parent.get("Title") or "")).lower() if parent else ""

    return {p.get("ID"): pad(p) for p in properties}


def kies_maat(properties: list[dict], maat: Maat, tabel: str) -> str | None:
    """The key of the one topic matching `maat`, or None when the table has none; CbsFout when ambiguous."""
    groepen = _groepen(properties)
    topics = [p for p in properties if p.get("Type") == "Topic"]
    if maat.eenheid is not None:
        topics = [p for p in topics if (p.get("Unit") or "").strip().lower().startswith(maat.eenheid.lower())]
    if maat.groep is not None:
        topics = [p for p in topics if maat.groep.lower() in groepen.get(p.get("ID"), "")]
    sleutels = {s.lower() for s in maat.sleutels}
    titels = {t.lower() for t in maat.titels}
    for gevonden in ([p for p in topics if _stam(p["Key"]) in sleutels],
                     [p for p in topics if (p.get("Title") or "").strip().lower() in titels]):
        if len(gevonden) == 1:
            return gevonden[0]["Key"]
        if len(gevonden) > 1:
            raise CbsFout(f"CBS-tabel {tabel}: meer dan een onderwerp past bij {maat.kolom} "
                          f"({', '.join(p['Key'] for p in gevonden)})")
    return None


def dimensies(properties: list[dict]) -> dict[str, str]:
    """Dimension key -> its Type (Dimension, GeoDimension, TimeDimension)."""
    return {p["Key"]: p["Type"] for p in properties if p.get("Type", "").endswith("Dimension")}


def dimensie(properties: list[dict], soort: str, tabel: str) -> str:
    """The key of the table's one dimension of this Type (GeoDimension: the regions, TimeDimension: periods)."""
    keys = [key for key, kind in dimensies(properties).items() if kind == soort]
    if len(keys) != 1:
        raise CbsFout(f"CBS-tabel {tabel} heeft geen eenduidige {soort} (gevonden: {keys or 'geen'})")
    return keys[0]


class ODataClient:
    def __init__(self, base_url: str, timeout: float | tuple[float, float] = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout  # seconds, or (connect, read)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def get_json(self, url: str, params: dict[str, str] | None = None) -> dict:
        """GET and parse JSON, retrying transient failures; CbsFout with a Dutch message otherwise."""
        if ("/ODataApi/" in url or "/ODataCatalog/" in url) and "$format=" not in url:
            # StatLine answers in Atom XML unless asked for JSON (cbsodata asks the same way)
            params = {**(params or {}), "$format": "json"}
        fout = ""
        for poging in range(POGINGEN):
            if poging:
                time.sleep(WACHTTIJD_S * 2 ** (poging - 1))
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                fout = f"geen verbinding ({type(exc).__name__})"
                continue
            if response.status_code in _OPNIEUW_STATUS:
                fout = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise CbsFout(f"CBS antwoordde HTTP {response.status_code} op {response.url}")
            try:
                return response.json()
            except ValueError as exc:
                raise CbsFout(f"CBS gaf geen geldige JSON op {response.url}") from exc
        raise CbsFout(f"CBS gaf na {POGINGEN} pogingen geen antwoord op {url}: {fout}")

    def tabel_url(self, tabel: str) -> str:
        return f"{self.base_url}/ODataApi/odata/{tabel}"

    def eigenschappen(self, tabel: str) -> list[dict]:
        """DataProperties: dimensions, topic groups and topics with Key, Title, Unit, Type."""
        return self.get_json(f"{self.tabel_url(tabel)}/DataProperties").get("value") or []

    def codes(self, tabel: str, dimensie: str, filter: str | None = None) -> list[dict]:
        """A dimension's code list (Key, Title). Keys keep CBS's padding: a $filter must quote them as they are."""
        params = {"$filter": filter} if filter else None
        rows = self._alle(f"{self.tabel_url(tabel)}/{dimensie}", params, None)
        return [{**row, "Title": str(row.get("Title") or "").strip()} for row in rows]

    def data(self, tabel: str, select: Iterable[str] | None = None, filter: str | None = None,
             per_pagina: Callable[[int], None] | None = None) -> list[dict]:
        """TypedDataSet rows, every page; `per_pagina(rows so far)` after each page (for a progress bar)."""
        params: dict[str, str] = {}
        if select:
            params["$select"] = ",".join(select)
        if filter:
            params["$filter"] = filter
        return self._alle(f"{self.tabel_url(tabel)}/TypedDataSet", params or None, per_pagina)

    def catalogus(self, titel_begint_met: str) -> list[dict]:
        """Catalogue entries (Identifier, Title, Period, Modified) whose title starts with the text."""
        escaped = titel_begint_met.replace("'", "''")
        return self._alle(f"{self.base_url}/ODataCatalog/Tables",
                          {"$filter": f"startswith(Title,'{escaped}')",
                           "$select": "Identifier,Title,ShortTitle,Period,Modified"}, None)

    def _alle(self, url: str, params: dict[str, str] | None, per_pagina: Callable[[int], None] | None) -> list[dict]:
        rows: list[dict] = []
        next_url: str | None = url
        while next_url:
            page = self.get_json(next_url, params)
            rows.extend(page.get("value") or [])
            if per_pagina is not None:
                per_pagina(len(rows))
            # the next link carries the query itself
            next_url, params = page.get("odata.nextLink"), None
        return rows
