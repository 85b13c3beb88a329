"""Municipal boundaries per division year from PDOK ("CBS gebiedsindelingen", generalised), as GeoJSON.

What PDOK answers could not be checked from here (no network); assumed from public code that calls it:
- one WFS per year, `service.pdok.nl/cbs/gebiedsindelingen/<jaar>/wfs/v1_0`, layer
  `gebiedsindelingen:gemeente_gegeneraliseerd`, one feature per municipality with the properties
  `statcode` ("GM0363"), `statnaam`, `jrstatcode`, `rubriek` and an id (the snapshot's 2015-2017 files
  were cut from exactly these layers);
- `outputFormat=application/json` gives a GeoJSON FeatureCollection; with `srsName=EPSG:4326` the
  coordinates are lon/lat, but a server may answer lat/lon (the WFS 2.0 axis order of EPSG:4326) or ignore
  srsName and answer in its native RD New (EPSG:28992). The Netherlands lies in disjoint ranges in those
  three readings, so the order is recognised and everything is written as lon/lat;
- WFS 2.0 pages with `count` and `startIndex`; a page may carry `numberMatched` (GeoServer's GeoJSON does;
  whether PDOK's servers do is not known here), and without it a page shorter than `count` is the last.
  ~400 municipalities fit in one page of 1,000 (assumed to be within PDOK's maximum per request).
Snapshot files spell the properties otherwise (`area_code`/`name` in 2025, `gemeentecode`/`gemeentenaam` from
the PDOK wijk- en buurtkaart); all are read and written as `statcode`/`statnaam`.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache

import numpy as np

GEO_URL_STANDAARD = "https://service.pdok.nl/cbs/gebiedsindelingen"
PAGINA = 1000
# a runaway server (one that ignores startIndex and never sends a short page) stops here
MAX_PAGINAS = 50
EIGENSCHAPPEN = (("statcode", "statnaam"), ("area_code", "name"), ("gemeentecode", "gemeentenaam"))
_GM_CODE = re.compile(r"^GM\d{4}$")
# the Netherlands, generously: lon 3..7.6, lat 50.6..53.8; RD New x 0..300 km, y 290..630 km
_LON, _LAT, _RD_X, _RD_Y = (3.0, 7.6), (50.6, 53.8), (0.0, 300_000.0), (290_000.0, 630_000.0)


class GrenzenFout(RuntimeError):
    """The boundaries are missing or malformed (a Dutch message for the user)."""


def grenzen_url(base_url: str, jaar: int) -> str:
    return (f"{base_url.rstrip('/')}/{jaar}/wfs/v1_0?service=WFS&version=2.0.0&request=GetFeature"
            "&typeNames=gebiedsindelingen:gemeente_gegeneraliseerd&outputFormat=application/json&srsName=EPSG:4326")


def download_grenzen(get_json: Callable[[str], dict], base_url: str, jaar: int) -> dict:
    """All municipalities of the division of `jaar` as a FeatureCollection (lon/lat, statcode/statnaam)."""
    url = grenzen_url(base_url, jaar)
    features: list = []
    for _ in range(MAX_PAGINAS):
        antwoord = get_json(f"{url}&count={PAGINA}&startIndex={len(features)}")
        if not isinstance(antwoord, dict) or antwoord.get("type") != "FeatureCollection" \
                or not isinstance(antwoord.get("features"), list):
            raise GrenzenFout(f"gemeentegrenzen {jaar}: het antwoord van {url} is geen GeoJSON FeatureCollection")
        features += antwoord["features"]
        # numberMatched (WFS 2.0) also ends a server that pages below our count; without it a short page does
        totaal = antwoord.get("numberMatched")
        totaal = totaal if isinstance(totaal, int) and not isinstance(totaal, bool) else None
        if not antwoord["features"] or (len(features) >= totaal if totaal is not None
                                         else len(antwoord["features"]) < PAGINA):
            break
    else:
        raise GrenzenFout(f"gemeentegrenzen {jaar}: na {MAX_PAGINAS} pagina's nog geen einde; "
                          "de server lijkt startIndex te negeren")
    if totaal is not None and len(features) != totaal:
        raise GrenzenFout(f"gemeentegrenzen {jaar}: {len(features)} gemeenten ontvangen, de server meldt er {totaal}")
    return normaliseer_grenzen({"type": "FeatureCollection", "features": features}, jaar)


def normaliseer_grenzen(collectie: dict, jaar: int) -> dict:
    """A boundary FeatureCollection checked and rewritten: statcode/statnaam, lon/lat, polygons only."""
    features = collectie.get("features") if isinstance(collectie, dict) else None
    if not features:
        raise GrenzenFout(f"gemeentegrenzen {jaar}: het bestand bevat geen gemeenten")
    paren = [_code_en_naam(feature, jaar) for feature in features]
    dubbel = sorted(code for code, aantal in Counter(code for code, _ in paren).items() if aantal > 1)
    if dubbel:
        raise GrenzenFout(f"gemeentegrenzen {jaar}: gemeentecode(s) komen meer dan eens voor: {', '.join(dubbel)}")
    omzetten = _coordinaten_naar_lon_lat(features, jaar)
    uit = []
    for feature, (code, naam) in zip(features, paren, strict=True):
        geometrie = feature["geometry"]
        polygonen = geometrie["coordinates"] if geometrie["type"] == "MultiPolygon" else [geometrie["coordinates"]]
        polygonen = [[omzetten(np.asarray(ring, dtype=float)[:, :2]).tolist() for ring in polygoon]
                     for polygoon in polygonen]
        uit.append({"type": "Feature", "properties": {"statcode": code, "statnaam": naam},
                    "geometry": {"type": geometrie["type"],
                                 "coordinates": polygonen if geometrie["type"] == "MultiPolygon" else polygonen[0]}})
    return {"type": "FeatureCollection", "features": uit}


def _code_en_naam(feature: dict, jaar: int) -> tuple[str, str]:
    """(GMxxxx, name) of a feature in any of the known property spellings; its geometry checked too."""
    eigenschappen = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(eigenschappen, dict):
        raise GrenzenFout(f"gemeentegrenzen {jaar}: een feature zonder properties")
    for code_veld, naam_veld in EIGENSCHAPPEN:
        if code_veld in eigenschappen:
            code = str(eigenschappen[code_veld] or "").strip()
            naam = str(eigenschappen.get(naam_veld) or "").strip()
            break
    else:
        raise GrenzenFout(f"gemeentegrenzen {jaar}: een feature zonder gemeentecode (verwacht "
                          f"{' of '.join(code for code, _ in EIGENSCHAPPEN)}); gevonden: {', '.join(eigenschappen)}")
    if not _GM_CODE.match(code):
        raise GrenzenFout(f"gemeentegrenzen {jaar}: '{code}' is geen gemeentecode (GM en vier cijfers)")
    geometrie = feature.get("geometry")
    if not isinstance(geometrie, dict) or geometrie.get("type") not in ("Polygon", "MultiPolygon"):
        soort = geometrie.get("type") if isinstance(geometrie, dict) else "geen"
        raise GrenzenFout(f"gemeentegrenzen {jaar}: {code} heeft geometrie {soort}, verwacht Polygon of MultiPolygon")
    if not all(len(ring) >= 4 and all(len(punt) >= 2 for punt in ring) for ring in _ringen(geometrie, code, jaar)):
        raise GrenzenFout(f"gemeentegrenzen {jaar}: {code} heeft een ring met minder dan vier punten")
    return code, naam


def _ringen(geometrie: dict, code: str, jaar: int) -> Iterator[list]:
    coordinaten = geometrie.get("coordinates")
    polygonen = coordinaten if geometrie["type"] == "MultiPolygon" else [coordinaten]
    if not isinstance(polygonen, list) or not polygonen \
            or not all(isinstance(polygoon, list) and polygoon for polygoon in polygonen):
        raise GrenzenFout(f"gemeentegrenzen {jaar}: {code} heeft een lege geometrie")
    for polygoon in polygonen:
        for ring in polygoon:
            if not isinstance(ring, list):
                raise GrenzenFout(f"gemeentegrenzen {jaar}: {code} heeft een onleesbare geometrie")
            yield ring


def _coordinaten_naar_lon_lat(features: list, jaar: int) -> Callable[[np.ndarray], np.ndarray]:
    """How to turn this collection's coordinates into lon/lat, recognised from every feature's first point."""
    eerste = np.array([next(_ringen(f["geometry"], "", jaar))[0][:2] for f in features], dtype=float)

    def binnen(punten: np.ndarray, x: tuple[float, float], y: tuple[float, float]) -> bool:
        return bool(np.all((punten[:, 0] >= x[0]) & (punten[:, 0] <= x[1])
                           & (punten[:, 1] >= y[0]) & (punten[:, 1] <= y[1])))

    if binnen(eerste, _LON, _LAT):
        return lambda punten: punten
    if binnen(eerste, _LAT, _LON):
        return lambda punten: punten[:, ::-1]
    if binnen(eerste, _RD_X, _RD_Y):
        return lambda punten: np.column_stack(_rd_naar_wgs84().transform(punten[:, 0], punten[:, 1]))
    raise GrenzenFout(f"gemeentegrenzen {jaar}: de coördinaten liggen niet (allemaal) in Nederland, "
                      "in lon/lat, lat/lon of RD New")


@cache
def _rd_naar_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
