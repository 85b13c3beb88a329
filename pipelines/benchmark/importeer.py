"""`wimi benchmark importeer`: partners' packages into the benchmark feed (feed/partners/<gemeente>/).

Per package, all or nothing: it is checked (pakket.Controle), weighed against the package already there
(one per municipality and peildatum; the newest wins, an older one is refused), and then either put in place
with its row in `laadhistorie` in one landing transaction, or set aside in feed/quarantaine/ with a file
`reden.txt` and a `geweigerd` row. A municipality with its own extract in this installation keeps its own
figures: its package is refused. The next `wimi build` reads the feed (pipelines/models/feed.py).
"""
from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipelines.benchmark import pakket
from pipelines.benchmark.pakket import Manifest, Pakket, PakketFout
from pipelines.load.delivery import open_landing
from pipelines.settings import Settings


@dataclass
class Uitkomst:
    herkomst: str
    gemeente_code: str | None
    peildatum: date | None
    status: str  # geladen, ongewijzigd, geweigerd
    melding: str


def zoek(paden: list[Path]) -> tuple[list[Pakket], list[Uitkomst]]:
    """Every package under the paths (package folders, folders holding them, bundles), and what is none."""
    pakketten: list[Pakket] = []
    geen: list[Uitkomst] = []
    for pad in paden:
        gevonden = _in_pad(pad)
        if gevonden is None:
            geen.append(Uitkomst(str(pad), None, None, "geweigerd",
                                 "bestaat niet" if not pad.exists() else
                                 "geen benchmarkpakket: verwacht een pakketmap (met manifest.json), een map met "
                                 "pakketten of een bundel (.zip)"))
        elif not gevonden:
            geen.append(Uitkomst(str(pad), None, None, "geweigerd", "geen benchmarkpakket gevonden in deze map"))
        pakketten += gevonden or []
    return pakketten, geen


def _in_pad(pad: Path) -> list[Pakket] | None:
    if pad.is_dir():
        if (pad / pakket.MANIFEST).exists():
            return [pakket.lees_map(pad)]
        mappen = sorted({p.parent for p in pad.rglob(pakket.MANIFEST) if not p.parent.name.startswith(".")})
        bundels = sorted(p for p in pad.rglob("*.zip") if zipfile.is_zipfile(p))
        return [pakket.lees_map(m) for m in mappen] + [p for bundel in bundels for p in lees_bundel(bundel)]
    if pad.is_file() and zipfile.is_zipfile(pad):
        return lees_bundel(pad)
    return None


def lees_bundel(pad: Path) -> list[Pakket]:
    """The packages in a zip: every folder in it holding a package's files."""
    mappen: dict[str, dict[str, bytes]] = {}
    with zipfile.ZipFile(pad) as archief:
        for naam in sorted(archief.namelist()):
            map_naam, _, bestand = naam.rpartition("/")
            if bestand in pakket.BESTANDEN:
                mappen.setdefault(map_naam, {})[bestand] = archief.read(naam)
    return [Pakket(m.rpartition("/")[2] or pad.stem, f"{pad}!{m}" if m else str(pad), bestanden)
            for m, bestanden in mappen.items()]


def importeer(settings: Settings, paden: list[Path], now: datetime | None = None) -> list[Uitkomst]:
    now = now or datetime.now()
    pakketten, uitkomsten = zoek(paden)
    con = open_landing(settings)
    controle = pakket.Controle()
    try:
        for uitkomst in uitkomsten:  # nothing read: only the attempt is recorded
            _historie(con, None, None, "geweigerd", uitkomst.melding, now, uitkomst.herkomst)
        goed: list[tuple[Manifest, Pakket]] = []
        for p in pakketten:
            try:
                goed.append((controle.controleer(p), p))
            except PakketFout as exc:
                uitkomsten.append(_weiger(settings, con, p, None, str(exc), now))
        eigen = {row[0] for row in con.execute("SELECT DISTINCT unnest(gemeenten) FROM leveringen").fetchall()}
        stand = {folder.name: pakket.lees_manifest(folder)
                 for folder in sorted(pakket.partners_dir(settings).glob("GM*"))}
        # oldest first: within one run the newest package of a municipality ends up in the feed
        for manifest, p in sorted(goed, key=lambda mp: (mp[0].gemeente_code, mp[0].peildatum, mp[1].herkomst)):
            oud = stand.get(manifest.gemeente_code)
            if reden := _bezwaar(manifest, oud, eigen):
                uitkomsten.append(_weiger(settings, con, p, manifest, reden, now))
            elif oud is not None and oud.sha256 == manifest.sha256:
                melding = f"zelfde cijfers als het geladen pakket van {manifest.gemeente_code}"
                _historie(con, p, manifest, "ongewijzigd", melding, now)
                uitkomsten.append(Uitkomst(p.herkomst, manifest.gemeente_code, manifest.peildatum, "ongewijzigd",
                                           melding))
            else:
                uitkomsten.append(_plaats(settings, con, p, manifest, oud, now))
                stand[manifest.gemeente_code] = manifest
    finally:
        controle.close()
        con.close()
    return uitkomsten


def _bezwaar(manifest: Manifest, oud: Manifest | None, eigen: set[str]) -> str | None:
    gemeente = manifest.gemeente_code
    if gemeente in eigen:
        return (f"{gemeente} heeft een eigen extract in deze installatie: haar cijfers komen uit dat extract, "
                "niet uit een pakket")
    if oud is None:
        return None
    if manifest.peildatum < oud.peildatum:
        return (f"ouder dan het geladen pakket van {gemeente} (peildatum {oud.peildatum:%d-%m-%Y} tegen "
                f"{manifest.peildatum:%d-%m-%Y}): het nieuwste pakket telt")
    if manifest.peildatum == oud.peildatum and manifest.sha256 != oud.sha256:
        return (f"er is al een ander pakket van {gemeente} met peildatum {oud.peildatum:%d-%m-%Y}: één pakket per "
                "gemeente en peildatum (een nieuwe levering geeft een nieuwe peildatum)")
    return None


def _levering_id(p: Pakket | None) -> str:
    if p is None or pakket.CIJFERS not in p.bestanden:
        return "onbekend"
    return "pakket-" + pakket.sha256(p.bestanden[pakket.CIJFERS])[:16]


def _historie(con, p: Pakket | None, manifest: Manifest | None, status: str, melding: str, now: datetime,
              herkomst: str | None = None) -> None:
    soort = "benchmarkpakket geweigerd: " if status == "geweigerd" else "benchmarkpakket: "
    con.execute("INSERT INTO laadhistorie VALUES (?, ?, ?, ?, ?, ?, ?)",
                [_levering_id(p), manifest.peildatum if manifest else None, p.herkomst if p else herkomst,
                 [manifest.gemeente_code] if manifest else [], now, status, soort + melding])


def _weiger(settings: Settings, con, p: Pakket, manifest: Manifest | None, reden: str, now: datetime) -> Uitkomst:
    """Set the package aside, as it came, with its reason beside it, and record the refusal."""
    basis = pakket.quarantaine_dir(settings)
    basis.mkdir(parents=True, exist_ok=True)
    stem = f"{now:%Y%m%dT%H%M%S}_{p.naam}"
    folder, n = basis / stem, 1
    while folder.exists():
        n += 1
        folder = basis / f"{stem}_{n}"
    folder.mkdir()
    for naam, inhoud in p.bestanden.items():
        (folder / naam).write_bytes(inhoud)
    (folder / "reden.txt").write_text(f"{p.herkomst}\n{reden}\n", encoding="utf-8")
    _historie(con, p, manifest, "geweigerd", reden, now)
    return Uitkomst(p.herkomst, manifest.gemeente_code if manifest else None,
                    manifest.peildatum if manifest else None, "geweigerd", reden)


def _plaats(settings: Settings, con, p: Pakket, manifest: Manifest, oud: Manifest | None,
            now: datetime) -> Uitkomst:
    partners = pakket.partners_dir(settings)
    partners.mkdir(parents=True, exist_ok=True)
    doel = partners / manifest.gemeente_code
    bezig = partners / f".{manifest.gemeente_code}.bezig"
    shutil.rmtree(bezig, ignore_errors=True)
    bezig.mkdir()
    for naam in pakket.BESTANDEN:
        (bezig / naam).write_bytes(p.bestanden[naam])
    melding = (f"{manifest.rijen} cijfers van {manifest.gemeente_code} (peildatum {manifest.peildatum:%d-%m-%Y}, "
               f"gemaakt {manifest.gemaakt_op} met WIMI {manifest.wimi_versie})")
    if oud is not None:
        melding += f"; vervangt het pakket met peildatum {oud.peildatum:%d-%m-%Y}"
    oud_weg = partners / f".{manifest.gemeente_code}.oud"
    con.execute("BEGIN TRANSACTION")
    try:
        if oud is not None:
            con.execute("UPDATE laadhistorie SET status = 'vervangen' WHERE levering_id = ? AND status = 'geladen'",
                        ["pakket-" + oud.sha256[:16]])
        _historie(con, p, manifest, "geladen", melding, now)
        shutil.rmtree(oud_weg, ignore_errors=True)
        if doel.exists():
            doel.rename(oud_weg)
        bezig.rename(doel)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        if oud_weg.exists() and not doel.exists():
            oud_weg.rename(doel)
        shutil.rmtree(bezig, ignore_errors=True)
        raise
    shutil.rmtree(oud_weg, ignore_errors=True)
    return Uitkomst(p.herkomst, manifest.gemeente_code, manifest.peildatum, "geladen", melding)
