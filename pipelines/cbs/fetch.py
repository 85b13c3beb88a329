"""`wimi fetch-cbs`: download everything the build reads from CBS into data/cbs/, with nothing taken
from a local snapshot.

From the StatLine OData API (WIMI_CBS_ODATA_URL): the bijstand tables 2015-2017, the quarterly
"Personen met een uitkering; soort uitkering, wijken en buurten" editions, the "Kerncijfers wijken en
buurten" editions, the "Gebieden in Nederland" code lists and household income (tabellen.py says which
measures and files). From PDOK (WIMI_CBS_GEO_URL): the municipal boundaries of 2015-2025, from which
the crosswalk to the 2025 division is computed (or read from WIMI_CBS_CROSSWALK).

Every table is one job that replaces its own rows in the files it feeds, so a full download (jobs on an
empty folder) and `--tabel ID` (one job on a copy of the existing folder) are one code path. Everything
is written to a temporary folder, `.complete` last, and the folder is swapped in only then: a failure
anywhere leaves the previous data/cbs/ as it was.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipelines.cbs import tabellen as t
from pipelines.cbs.odata import CbsFout, ODataClient, check_online
from pipelines.settings import Settings

COMPLETE = ".complete"
# what the build cannot do without (the quarterly file is optional to it, so older downloads still build)
NODIG = (t.BIJSTAND_BESTAND, t.PERSONEN_BESTAND, t.GEMEENTEN_BESTAND, t.KWB_PEIL_BESTAND, t.KWB_WONEN_BESTAND,
         t.KWB_BASIS_BESTAND, t.INKOMEN_BESTAND, t.CROSSWALK_BESTAND, "geo/cbs_gemeenten_2025.geojson")
LEESTIJD_S = 120.0  # a page of 10,000 wide rows can take CBS a while; connecting may not

# label -> per-page callback (rows so far); the command line turns it into a progress bar per table
Voortgang = Callable[[str], Callable[[int], None]]
Vervanging = dict[str, tuple[pd.DataFrame, dict[str, object]]]  # file -> (rows, which old rows they replace)


@dataclass(frozen=True)
class Taak:
    tabel: str
    label: str
    run: Callable[[ODataClient, Callable[[int], None]], tuple[Vervanging, tuple[str, ...]]]


def _bijstand_taak(tabel: str, jaar: int) -> Taak:
    def run(client, pagina):
        gelezen = t.bijstand(client, tabel, jaar, pagina)
        return {t.BIJSTAND_BESTAND: (gelezen.rijen, {"jaar": jaar}),
                t.PERSONEN_BESTAND: (t.personen_uit_bijstand(gelezen.rijen), {"bron_tabel": tabel})}, gelezen.ontbrekend
    return Taak(tabel, f"{tabel} bijstand {jaar}", run)


def _kwb_taak(tabel: str, jaar: int) -> Taak:
    def run(client, pagina):
        gelezen = t.kwb(client, tabel, jaar, pagina)
        rijen = gelezen.rijen[gelezen.rijen["inwoners"].notna()]  # an edition without municipal figures yet
        out: Vervanging = {}
        if jaar == t.KWB_PEILJAAR:
            out[t.KWB_PEIL_BESTAND] = (t.kwb_peilbestand(rijen), {})
        if jaar >= 2020:
            out[t.KWB_WONEN_BESTAND] = (t.kwb_wonen(rijen), {"jaar": jaar})
        # the basis file also carries the editions with a social-minimum figure (peer features), as the snapshot's does
        if jaar < 2020 or rijen["pct_rond_sociaal_minimum"].notna().any():
            out[t.KWB_BASIS_BESTAND] = (t.kwb_basis(rijen), {"jaar": jaar})
        if jaar > max(t.BIJSTAND_TABELLEN.values()):  # earlier years come from the bijstand tables
            out[t.PERSONEN_BESTAND] = (t.personen_uit_kwb(rijen, tabel), {"bron_tabel": tabel})
        return out, gelezen.ontbrekend
    return Taak(tabel, f"{tabel} kerncijfers wijken en buurten {jaar}", run)


def _kwartaal_taak(tabel: str, jaar: int) -> Taak:
    def run(client, pagina):
        gelezen = t.kwartaal(client, tabel, jaar, pagina)
        return {t.KWARTAAL_BESTAND: (gelezen.rijen, {"cbs_tabel": tabel})}, gelezen.ontbrekend
    return Taak(tabel, f"{tabel} personen met een uitkering {jaar}", run)


def _gebieden_taak(tabel: str, jaar: int) -> Taak:
    def run(client, pagina):
        gelezen = t.gebieden(client, tabel, jaar, pagina)
        return {t.GEMEENTEN_BESTAND: (gelezen.rijen, {"jaar": jaar})}, gelezen.ontbrekend
    return Taak(tabel, f"{tabel} gebieden in Nederland {jaar}", run)


def _inkomen_taak(tabel: str) -> Taak:
    def run(client, pagina):
        gelezen = t.inkomen(client, tabel, pagina)
        return {t.INKOMEN_BESTAND: (gelezen.rijen, {})}, gelezen.ontbrekend
    return Taak(tabel, f"{tabel} inkomen van huishoudens", run)


def taken(client: ODataClient) -> list[Taak]:
    """Every table of a full download, later editions and code lists found in the catalogue by title."""
    jobs = [_bijstand_taak(tabel, jaar) for tabel, jaar in t.BIJSTAND_TABELLEN.items()]
    jobs += [_kwb_taak(tabel, jaar) for jaar, tabel in t.edities(client, t.KWB_TITEL, t.KWB_TABELLEN).items()]
    jobs += [_kwartaal_taak(tabel, jaar)
             for jaar, tabel in t.edities(client, t.UITKERING_TITEL, t.UITKERING_TABELLEN).items()]
    gebieden = t.edities(client, t.GEBIEDEN_TITEL, {})
    jobs += [_gebieden_taak(tabel, jaar) for jaar, tabel in gebieden.items() if jaar in t.GEBIEDEN_JAREN]
    inkomen = [e for e in client.catalogus(t.INKOMEN_TITEL) if "regio" in (e.get("Title") or "").lower()]
    if not inkomen:
        raise CbsFout(f"geen tabel '{t.INKOMEN_TITEL} ... regio' in de CBS-catalogus")
    jobs.append(_inkomen_taak(max(inkomen, key=lambda e: e.get("Modified") or "")["Identifier"]))
    return jobs


def _vervang(bestanden: dict[str, pd.DataFrame], folder: Path, bestand: str, nieuw: pd.DataFrame,
             sleutel: dict[str, object]) -> None:
    """Put `nieuw` into the file (kept in `bestanden` until written), in place of the old rows matching
    every (column, value) of `sleutel`; an empty `sleutel` replaces the whole file."""
    if bestand not in bestanden and (folder / bestand).exists():
        bestanden[bestand] = pd.read_csv(folder / bestand, dtype=str, keep_default_na=False)
    oud = bestanden.get(bestand)
    if oud is not None and sleutel:
        blijft = pd.Series(True, index=oud.index)
        for kolom, waarde in sleutel.items():
            blijft &= oud[kolom] != str(waarde)
        nieuw = pd.concat([oud[blijft], nieuw], ignore_index=True)
    bestanden[bestand] = nieuw


def _grenzen_en_crosswalk(client: ODataClient, settings: Settings, folder: Path, voortgang: Voortgang | None) -> None:
    # cbsgeo's modules: the PDOK download and the area-share crosswalk
    from pipelines.cbs import crosswalk, grenzen

    (folder / "geo").mkdir(exist_ok=True)
    kaarten: dict[int, dict] = {}
    pagina = voortgang("grenzen (PDOK)") if voortgang else None
    for jaar in t.GRENZEN_JAREN:
        kaarten[jaar] = grenzen.download_grenzen(client.get_json, settings.cbs_geo_url, jaar)
        (folder / "geo" / f"cbs_gemeenten_{jaar}.geojson").write_text(
            json.dumps(kaarten[jaar], ensure_ascii=False), encoding="utf-8")
        if pagina:
            pagina(len(kaarten))
    pagina = voortgang("crosswalk naar 2025") if voortgang else None
    if settings.cbs_crosswalk is not None:
        rows = crosswalk.lees_officiele_crosswalk(settings.cbs_crosswalk)
    else:
        rows = crosswalk.crosswalk_naar(kaarten, max(t.GRENZEN_JAREN))
    rows.to_csv(folder / t.CROSSWALK_BESTAND, index=False)
    if pagina:
        pagina(len(rows))


def _voer_uit(client: ODataClient, jobs: list[Taak], folder: Path, voortgang: Voortgang | None) -> list[str]:
    notes = []
    bestanden: dict[str, pd.DataFrame] = {}
    for job in jobs:
        pagina = voortgang(job.label) if voortgang else (lambda rows: None)
        vervanging, ontbrekend = job.run(client, pagina)
        for bestand, (rows, sleutel) in vervanging.items():
            _vervang(bestanden, folder, bestand, rows, sleutel)
        if ontbrekend:
            notes.append(f"{job.tabel} zonder {', '.join(ontbrekend)}")
    for bestand, rows in bestanden.items():
        rows.to_csv(folder / bestand, index=False)
    return notes


def fetch(settings: Settings, if_missing: bool = False, timeout: float = 10.0, tabel: str | None = None,
          voortgang: Voortgang | None = None) -> str:
    """Download into data/cbs/ (atomically). Returns a Dutch summary; raises CbsFout."""
    target = settings.downloaded_cbs_dir
    if if_missing and tabel is None and (target / COMPLETE).exists():
        return f"CBS-gegevens staan al in {target}; niets gedownload."
    if tabel is not None and not (target / COMPLETE).exists():
        raise CbsFout(f"--tabel werkt op een bestaande download, maar {target} is niet compleet; "
                      "download eerst alles met wimi fetch-cbs")
    check_online(settings.cbs_odata_url, timeout)
    if tabel is None:
        check_online(settings.cbs_geo_url, timeout)
    client = ODataClient(settings.cbs_odata_url, timeout=(timeout, LEESTIJD_S))

    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if tabel is None:
            staging.mkdir(parents=True)
            jobs = taken(client)
        else:
            shutil.copytree(target, staging)
            (staging / COMPLETE).unlink()
            jobs = [job for job in taken(client) if job.tabel == tabel.upper()]
            if not jobs:
                raise CbsFout(f"CBS-tabel {tabel} hoort niet bij wat wimi fetch-cbs downloadt")
        notes = _voer_uit(client, jobs, staging, voortgang)
        if tabel is None:
            _grenzen_en_crosswalk(client, settings, staging, voortgang)
        ontbreekt = [name for name in NODIG if not (staging / name).exists()]
        if ontbreekt:
            raise CbsFout(f"de download is onvolledig: {', '.join(ontbreekt)} ontbreekt (niet in de CBS-catalogus?)")
        (staging / COMPLETE).write_text(datetime.now().isoformat(timespec="seconds") + "\n", encoding="utf-8")
    except CbsFout:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as exc:  # the user sees a Dutch line and keeps the old folder, never a traceback
        shutil.rmtree(staging, ignore_errors=True)
        raise CbsFout(f"downloaden van de CBS-gegevens mislukt: {type(exc).__name__}: {exc}") from exc

    oud = target.with_name(target.name + ".old")
    shutil.rmtree(oud, ignore_errors=True)
    if target.exists():
        target.rename(oud)
    staging.rename(target)
    shutil.rmtree(oud, ignore_errors=True)
    wat = f"CBS-tabel {tabel.upper()}" if tabel else f"{len(jobs)} CBS-tabellen, grenzen 2015-2025 en de crosswalk"
    opmerking = f" Niet in elke tabel gevonden: {'; '.join(notes)}." if notes else ""
    return f"{wat} gedownload naar {target}.{opmerking}"
