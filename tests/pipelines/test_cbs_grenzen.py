"""The boundaries download: the PDOK request, paging, property spellings, axis order, and rejected input."""
from __future__ import annotations

import copy

import pytest

import pipelines.cbs.grenzen as grenzen
from pipelines.cbs.grenzen import GrenzenFout, download_grenzen, grenzen_url

VIERKANT = [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]


def _pdok(*codes: str, totaal: int | None = None) -> dict:
    """A page as PDOK's gemeente_gegeneraliseerd is assumed to answer it (the snapshot's 2015-2017 files keep
    these properties); `totaal` is the WFS 2.0 numberMatched, when the server sends it."""
    extra = {} if totaal is None else {"numberMatched": totaal, "numberReturned": len(codes)}
    return {"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "id": f"gemeente_gegeneraliseerd.{i}",
         "properties": {"statcode": code, "jrstatcode": f"2025{code}", "statnaam": f"Gemeente {code}",
                        "rubriek": "gemeente", "id": i},
         "geometry": {"type": "Polygon", "coordinates": VIERKANT}} for i, code in enumerate(codes)]}


class Server:
    """get_json as the fetch command passes it: here a list of pages, served in turn; the urls are kept."""

    def __init__(self, *pages: dict):
        self.pages, self.urls = list(pages), []

    def __call__(self, url: str) -> dict:
        self.urls.append(url)
        return self.pages.pop(0)


def test_url_is_the_yearly_pdok_wfs():
    assert grenzen_url("https://service.pdok.nl/cbs/gebiedsindelingen/", 2019) == (
        "https://service.pdok.nl/cbs/gebiedsindelingen/2019/wfs/v1_0?service=WFS&version=2.0.0&request=GetFeature"
        "&typeNames=gebiedsindelingen:gemeente_gegeneraliseerd&outputFormat=application/json&srsName=EPSG:4326")


def test_download_keeps_code_name_and_geometry_only():
    server = Server(_pdok("GM0363", "GM0599"))
    collectie = download_grenzen(server, "http://127.0.0.1:1", 2025)
    assert server.urls == [grenzen_url("http://127.0.0.1:1", 2025) + "&count=1000&startIndex=0"]
    assert [f["properties"] for f in collectie["features"]] == [
        {"statcode": "GM0363", "statnaam": "Gemeente GM0363"}, {"statcode": "GM0599", "statnaam": "Gemeente GM0599"}]
    assert collectie["features"][0]["geometry"] == {"type": "Polygon", "coordinates": VIERKANT}


def test_download_pages_until_a_short_page(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(grenzen, "PAGINA", 2)
    server = Server(_pdok("GM0001", "GM0002"), _pdok("GM0003", "GM0004"), _pdok("GM0005"))
    collectie = download_grenzen(server, "http://x", 2016)
    assert [url.rsplit("&", 2)[1:] for url in server.urls] == [
        ["count=2", "startIndex=0"], ["count=2", "startIndex=2"], ["count=2", "startIndex=4"]]
    assert [f["properties"]["statcode"] for f in collectie["features"]] == [f"GM000{i}" for i in range(1, 6)]


def test_number_matched_pages_on_when_the_server_sends_less_than_asked():
    server = Server(_pdok("GM0001", "GM0002", totaal=3), _pdok("GM0003", totaal=3))
    collectie = download_grenzen(server, "http://x", 2016)
    assert [url.rsplit("&", 1)[1] for url in server.urls] == ["startIndex=0", "startIndex=2"]
    assert len(collectie["features"]) == 3


def test_fewer_municipalities_than_the_server_announced_is_an_error():
    server = Server(_pdok("GM0001", "GM0002", totaal=3), _pdok(totaal=3))
    with pytest.raises(GrenzenFout, match="gemeentegrenzen 2016: 2 gemeenten ontvangen, de server meldt er 3"):
        download_grenzen(server, "http://x", 2016)


def test_snapshot_and_wijkbuurtkaart_spellings_become_statcode():
    pagina = _pdok("GM0014", "GM0034")
    pagina["features"][0]["properties"] = {"area_code": " GM0014 ", "name": "Groningen"}
    pagina["features"][1]["properties"] = {"gemeentecode": "GM0034", "gemeentenaam": "Almere", "jaar": 2018}
    collectie = download_grenzen(Server(pagina), "http://x", 2018)
    assert [f["properties"] for f in collectie["features"]] == [
        {"statcode": "GM0014", "statnaam": "Groningen"}, {"statcode": "GM0034", "statnaam": "Almere"}]


def test_lat_lon_answer_is_turned_to_lon_lat():
    pagina = _pdok("GM0363")
    pagina["features"][0]["geometry"] = {"type": "MultiPolygon",
                                         "coordinates": [[[[y, x] for x, y in VIERKANT[0]]]]}
    collectie = download_grenzen(Server(pagina), "http://x", 2025)
    assert collectie["features"][0]["geometry"] == {"type": "MultiPolygon", "coordinates": [VIERKANT]}


def test_rd_new_answer_is_projected_to_lon_lat():
    pagina = _pdok("GM0307")
    # the origin of RD New is the tower of Amersfoort: 52°09'22.178" N, 5°23'15.500" E on the Bessel ellipsoid,
    # which the datum shift moves to about 52°09'18.6" N, 5°23'13.9" E in WGS84
    ring = [[155000, 463000], [156000, 463000], [156000, 464000], [155000, 464000], [155000, 463000]]
    pagina["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    lon, lat = download_grenzen(Server(pagina), "http://x", 2025)["features"][0]["geometry"]["coordinates"][0][0]
    assert lon == pytest.approx(5 + 23 / 60 + 13.9 / 3600, abs=3e-5)
    assert lat == pytest.approx(52 + 9 / 60 + 18.6 / 3600, abs=3e-5)


def _kapot(wijziging) -> dict:
    pagina = copy.deepcopy(_pdok("GM0363", "GM0599"))
    wijziging(pagina)
    return pagina


@pytest.mark.parametrize(("pagina", "melding"), [
    ({"type": "FeatureCollection", "features": []}, "gemeentegrenzen 2025: het bestand bevat geen gemeenten"),
    ({"features": []}, "geen GeoJSON FeatureCollection"),
    ([1, 2], "geen GeoJSON FeatureCollection"),
    (_kapot(lambda p: p["features"][1]["properties"].update(statcode="PV27")),
     "'PV27' is geen gemeentecode (GM en vier cijfers)"),
    (_kapot(lambda p: p["features"][0].update(properties={"naam": "Amsterdam"})),
     "een feature zonder gemeentecode (verwacht statcode of area_code of gemeentecode); gevonden: naam"),
    (_kapot(lambda p: p["features"][0].update(geometry={"type": "Point", "coordinates": [5.0, 52.0]})),
     "GM0363 heeft geometrie Point, verwacht Polygon of MultiPolygon"),
    (_kapot(lambda p: p["features"][0].update(geometry=None)), "GM0363 heeft geometrie geen"),
    (_kapot(lambda p: p["features"][0]["geometry"].update(coordinates=[])), "GM0363 heeft een lege geometrie"),
    (_kapot(lambda p: p["features"][0]["geometry"].update(coordinates=[[[5.0, 52.0], [5.1, 52.0], [5.0, 52.0]]])),
     "GM0363 heeft een ring met minder dan vier punten"),
    (_kapot(lambda p: p["features"][1]["properties"].update(statcode="GM0363")),
     "gemeentecode(s) komen meer dan eens voor: GM0363"),
    (_kapot(lambda p: p["features"][1]["geometry"].update(coordinates=[[[2.0, 48.8], [2.1, 48.8], [2.1, 48.9],
                                                                           [2.0, 48.8]]])),
     "de coördinaten liggen niet (allemaal) in Nederland"),
])
def test_malformed_answers_are_rejected_in_dutch(pagina, melding: str):
    with pytest.raises(GrenzenFout, match="gemeentegrenzen 2025: ") as fout:
        download_grenzen(Server(pagina), "http://x", 2025)
    assert melding in str(fout.value)


def test_a_server_that_ignores_start_index_is_stopped(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(grenzen, "PAGINA", 1)
    monkeypatch.setattr(grenzen, "MAX_PAGINAS", 3)
    with pytest.raises(GrenzenFout, match="na 3 pagina's nog geen einde; de server lijkt startIndex te negeren"):
        download_grenzen(lambda url: _pdok("GM0363"), "http://x", 2025)
