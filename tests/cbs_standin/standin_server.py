"""A local stand-in for CBS StatLine OData v3 and the PDOK boundary WFS, for the fetch-cbs tests.

Answers in the JSON shape of the real API as far as it is known here (the real service cannot be
reached from this machine): the service root, TableInfos, DataProperties, TypedDataSet pages with
`odata.nextLink`, code lists per dimension, and the catalogue /ODataCatalog/Tables. Understands the
$filter forms the client sends (startswith, substringof, eq, joined by `and`), $select and $skip.
Tests can make a path answer 503 a few times (`storingen`), hang up without an answer (`afbreken`)
or always fail (`kapot`).
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass
class StandinTabel:
    info: dict
    properties: list[dict]
    rows: list[dict]
    codes: dict[str, list[dict]]


@dataclass
class Standin:
    tabellen: dict[str, StandinTabel]
    grenzen: dict[int, dict]  # year -> GeoJSON FeatureCollection in PDOK's property names
    pagina_grootte: int = 500
    storingen: dict[str, int] = field(default_factory=dict)  # path part -> how many 503s before answering
    kapot: set[str] = field(default_factory=set)  # path parts that always fail with 500
    afbreken: dict[str, int] = field(default_factory=dict)  # path part -> how often to hang up without an answer
    verzoeken: list[str] = field(default_factory=list)
    # catalogue entries of tables not served: older editions the client must leave alone
    oud_in_catalogus: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def geo_url(self) -> str:
        return f"{self.url}/cbs/gebiedsindelingen"

    def start(self) -> Standin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                for deel, aantal in list(standin.afbreken.items()):
                    if deel in self.path and aantal > 0:
                        standin.afbreken[deel] = aantal - 1
                        standin.verzoeken.append(self.path)
                        self.close_connection = True  # a dropped connection: no status line at all
                        return
                status, body = standin.antwoord(self.path)
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def antwoord(self, raw_path: str) -> tuple[int, dict]:
        parts = urlsplit(raw_path)
        path = parts.path.rstrip("/")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.verzoeken.append(raw_path)
        for deel, aantal in list(self.storingen.items()):
            if deel in raw_path and aantal > 0:
                self.storingen[deel] = aantal - 1
                return 503, {"odata.error": {"message": {"value": "Service Unavailable"}}}
        if any(deel in raw_path for deel in self.kapot):
            return 500, {"odata.error": {"message": {"value": "Internal Server Error"}}}
        if match := re.fullmatch(r"/cbs/gebiedsindelingen/(\d{4})/wfs/v1_0", path):
            jaar = int(match.group(1))
            if jaar not in self.grenzen:
                return 404, {}
            # WFS 2.0 paging as PDOK does it: count and startIndex, numberMatched the total
            features = self.grenzen[jaar]["features"]
            start = int(query.get("startIndex", 0))
            page = features[start:start + int(query.get("count", len(features)))]
            return 200, {**self.grenzen[jaar], "features": page, "numberMatched": len(features),
                         "numberReturned": len(page)}
        if query.get("$format") != "json" and not path.startswith("/cbs/"):
            # StatLine answers in Atom XML unless asked for JSON; the stand-in only speaks JSON
            return 415, {"fout": "stand-in: vraag JSON met $format=json"}
        if path == "/ODataCatalog/Tables":
            entries = [t.info for t in self.tabellen.values()] + self.oud_in_catalogus
            return 200, self._pagina(path, query, entries)
        match = re.fullmatch(r"/ODataApi/odata/([0-9A-Za-z]+)(?:/(\w+))?", path)
        if not match or match.group(1) not in self.tabellen:
            return 404, {"odata.error": {"message": {"value": "Resource not found"}}}
        tabel = self.tabellen[match.group(1)]
        onderdeel = match.group(2)
        root = f"{self.url}/ODataApi/odata/{match.group(1)}"
        if onderdeel is None:
            names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", *tabel.codes]
            return 200, {"odata.metadata": f"{root}/$metadata",
                         "value": [{"name": n, "url": f"{root}/{n}"} for n in names]}
        if onderdeel == "TableInfos":
            return 200, {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.TableInfos",
                         "value": [tabel.info]}
        if onderdeel == "DataProperties":
            return 200, {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.DataProperties",
                         "value": tabel.properties}
        if onderdeel == "TypedDataSet":
            return 200, self._pagina(path, query, tabel.rows)
        if onderdeel in tabel.codes:
            return 200, self._pagina(path, query, tabel.codes[onderdeel])
        return 404, {"odata.error": {"message": {"value": "Resource not found"}}}

    def _pagina(self, path: str, query: dict[str, str], rows: list[dict]) -> dict:
        if "$filter" in query:
            rows = [row for row in rows if _voldoet(row, query["$filter"])]
        if "$select" in query:
            keys = query["$select"].split(",")
            rows = [{k: row[k] for k in keys} for row in rows]
        skip = int(query.get("$skip", 0))
        page = {"odata.metadata": f"{self.url}{path}/$metadata", "value": rows[skip:skip + self.pagina_grootte]}
        if skip + self.pagina_grootte < len(rows):
            rest = {k: v for k, v in query.items() if k != "$skip"} | {"$skip": str(skip + self.pagina_grootte)}
            page["odata.nextLink"] = f"{self.url}{path}?{urlencode(rest)}"
        return page


_CLAUSES = (
    (re.compile(r"startswith\((\w+),'([^']*)'\)"), lambda value, text: value.startswith(text)),
    (re.compile(r"substringof\('([^']*)',(\w+)\)"), None),
    (re.compile(r"(\w+) eq '([^']*)'"), lambda value, text: value == text),  # padding and all, as CBS
)


def _voldoet(row: dict, filter: str) -> bool:
    for clause in filter.split(" and "):
        clause = clause.strip()
        for pattern, test in _CLAUSES:
            if match := pattern.fullmatch(clause):
                if test is None:  # substringof('x', Field)
                    if match.group(1) not in str(row[match.group(2)]):
                        return False
                elif not test(str(row[match.group(1)]), match.group(2)):
                    return False
                break
        else:
            raise ValueError(f"stand-in kent dit filter niet: {clause}")
    return True


def installeer(mp, server: Standin) -> None:
    """Point `wimi fetch-cbs` at the stand-in server, with retries in milliseconds instead of seconds."""
    from pipelines.cbs import odata

    mp.setenv("WIMI_CBS_ODATA_URL", server.url)
    mp.setenv("WIMI_CBS_GEO_URL", server.geo_url)
    mp.delenv("WIMI_CBS_CROSSWALK", raising=False)
    mp.setattr(odata, "WACHTTIJD_S", 0.05)
