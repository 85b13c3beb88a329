"""The benchmark package (issue 15): what a municipality shares with its partners, and every check on it.

A package is a folder `<gemeente>_<peildatum>/` with three files:
- `cijfers.csv`: the shareable KPI rows of one municipality's own extract (marts.deelbare_cijfers), sorted
  on the KPI key; UTF-8, `,`, decimal point (a file for machines, not for Excel). No rows, no ids, no names.
- `manifest.json`: municipality, peildatum, the delivery's checksum (its levering_id), WIMI version,
  definitions version, when it was made, whether the delivery was a demo, and the sha256 and row count
  of cijfers.csv.
- `manifest.json.sha256`: the sha256 of manifest.json itself.
A bundle (`wimi benchmark bundel`) is a zip of such folders. The checksums show a change after making (an
edited figure, a damaged copy); they are no signature: a partnership that distrusts its members needs one.

The definitions version is a hash of what the indicators mean in config/indicatoren.csv (id, unit, formula,
numerator and denominator descriptions; not the labels or the page grouping): figures made on other
definitions are not comparable, so the import refuses them. Every definition change in indicators.md
("changed") comes with a new formula text there, and so with a new version.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.build import create_schemas_and_macros
from pipelines.settings import CONFIG_DIR, Settings

FORMAAT = "wimi-benchmarkpakket"
FORMAATVERSIE = 1
CIJFERS = "cijfers.csv"
MANIFEST = "manifest.json"
CONTROLE = "manifest.json.sha256"
BESTANDEN = (CIJFERS, MANIFEST, CONTROLE)
KOLOMMEN = {"gemeente_code": "VARCHAR", "periode": "VARCHAR", "indicator": "VARCHAR", "uitsplitsing": "VARCHAR",
            "teller": "DOUBLE", "noemer": "DOUBLE", "waarde": "DOUBLE", "volledig": "BOOLEAN"}
MANIFEST_VELDEN = ("formaat", "formaatversie", "gemeente_code", "peildatum", "levering_checksum", "wimi_versie",
                   "definitieversie", "gemaakt_op", "demo", "bestand", "sha256", "rijen")
_DEFINITIE_KOLOMMEN = ("id", "eenheid", "formule", "teller_omschrijving", "noemer_omschrijving")
_GEMEENTE = re.compile(r"GM\d{4}")


class PakketFout(Exception):
    """Why a package is refused, in Dutch (shown to the user and kept beside the quarantined package)."""


@dataclass
class Manifest:
    gemeente_code: str
    peildatum: date
    levering_checksum: str
    wimi_versie: str
    definitieversie: str
    gemaakt_op: str
    demo: bool
    sha256: str
    rijen: int


@dataclass
class Pakket:
    naam: str
    herkomst: str  # where it was read: a folder, or a zip file with the folder inside it
    bestanden: dict[str, bytes]


def partners_dir(settings: Settings) -> Path:
    """The imported packages, one folder per municipality (the newest): the partner part of the feed."""
    return settings.feed_dir / "partners"


def quarantaine_dir(settings: Settings) -> Path:
    return settings.feed_dir / "quarantaine"


def definitieversie(config_dir: Path = CONFIG_DIR) -> str:
    with (config_dir / "indicatoren.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(tuple(row[kolom] or "" for kolom in _DEFINITIE_KOLOMMEN) for row in csv.DictReader(handle))
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def wimi_versie() -> str:
    try:
        return metadata.version("wimi")
    except metadata.PackageNotFoundError:
        return "onbekend"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(velden: dict) -> bytes:
    return (json.dumps(velden, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def pakket_naam(gemeente_code: str, peildatum: date) -> str:
    return f"{gemeente_code}_{peildatum.isoformat()}"


def schrijf(folder: Path, cijfers: bytes, velden: dict) -> None:
    """Write a package's three files into `folder` (which exists)."""
    manifest = manifest_bytes(velden | {"bestand": CIJFERS, "sha256": sha256(cijfers)})
    (folder / CIJFERS).write_bytes(cijfers)
    (folder / MANIFEST).write_bytes(manifest)
    (folder / CONTROLE).write_text(f"{sha256(manifest)}  {MANIFEST}\n", encoding="utf-8")


def manifest_uit(velden: dict) -> Manifest:
    gemeente = str(velden["gemeente_code"])
    if not _GEMEENTE.fullmatch(gemeente):
        raise PakketFout(f"gemeentecode {gemeente!r} in het manifest is geen GM met vier cijfers")
    try:
        peildatum = date.fromisoformat(str(velden["peildatum"]))
    except ValueError:
        raise PakketFout(f"peildatum {velden['peildatum']!r} in het manifest is geen datum") from None
    if not isinstance(velden["rijen"], int):
        raise PakketFout(f"rijen {velden['rijen']!r} in het manifest is geen aantal")
    return Manifest(gemeente, peildatum, str(velden["levering_checksum"]), str(velden["wimi_versie"]),
                    str(velden["definitieversie"]), str(velden["gemaakt_op"]), bool(velden["demo"]),
                    str(velden["sha256"]), velden["rijen"])


def lees_manifest(folder: Path) -> Manifest:
    """The manifest of a package already checked (one in the feed)."""
    return manifest_uit(json.loads((folder / MANIFEST).read_bytes()))


def lees_map(folder: Path) -> Pakket:
    return Pakket(folder.name, str(folder),
                  {naam: (folder / naam).read_bytes() for naam in BESTANDEN if (folder / naam).is_file()})


class Controle:
    """Checks packages against this installation's definitions; one in-memory DuckDB for all of them."""

    def __init__(self, config_dir: Path = CONFIG_DIR) -> None:
        self.versie = definitieversie(config_dir)
        self.con = duckdb.connect()
        create_schemas_and_macros(self.con)  # klein_aantal: the one definition of a small number
        self.eenheden = dict(pd.read_csv(config_dir / "indicatoren.csv", usecols=["id", "eenheid"]).itertuples(
            index=False, name=None))
        self.con.register("definitie", pd.DataFrame({"id": list(self.eenheden),
                                                     "eenheid": list(self.eenheden.values())}))

    def close(self) -> None:
        self.con.close()

    def manifest(self, pakket: Pakket) -> Manifest:
        """The manifest, after the checks that need no figures: files, both checksums, format, version."""
        if missing := [naam for naam in BESTANDEN if naam not in pakket.bestanden]:
            raise PakketFout(f"onvolledig pakket: {', '.join(missing)} ontbreekt")
        controle = pakket.bestanden[CONTROLE].decode("utf-8", errors="replace").split()
        if not controle or controle[0] != sha256(pakket.bestanden[MANIFEST]):
            raise PakketFout("manifest gewijzigd na het maken: het controlegetal in manifest.json.sha256 klopt "
                             "niet")
        try:
            velden = json.loads(pakket.bestanden[MANIFEST])
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PakketFout(f"manifest onleesbaar: {exc.msg if hasattr(exc, 'msg') else exc.reason}") from None
        if not isinstance(velden, dict) or velden.get("formaat") != FORMAAT:
            raise PakketFout(f"geen {FORMAAT}: het manifest noemt een ander formaat")
        if missing := [veld for veld in MANIFEST_VELDEN if veld not in velden]:
            raise PakketFout(f"manifest onvolledig: {', '.join(missing)} ontbreekt")
        if velden["formaatversie"] != FORMAATVERSIE:
            raise PakketFout(f"formaatversie {velden['formaatversie']} wordt niet ondersteund (deze WIMI leest "
                             f"versie {FORMAATVERSIE})")
        if velden["definitieversie"] != self.versie:
            raise PakketFout(f"andere definitieversie: het pakket is gemaakt met definities "
                             f"{velden['definitieversie']} (WIMI {velden['wimi_versie']}), deze installatie rekent "
                             f"met {self.versie}; cijfers op andere definities zijn niet vergelijkbaar")
        if sha256(pakket.bestanden[CIJFERS]) != velden["sha256"]:
            raise PakketFout("cijfers gewijzigd na het maken: het controlegetal van cijfers.csv klopt niet met het "
                             "manifest")
        return manifest_uit(velden)

    def controleer(self, pakket: Pakket) -> Manifest:
        """The manifest of a package that may enter the feed; PakketFout with the reason otherwise."""
        manifest = self.manifest(pakket)
        try:
            cijfers = pd.read_csv(io.BytesIO(pakket.bestanden[CIJFERS]), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise PakketFout(f"cijfers.csv onleesbaar: {exc}") from None
        if sorted(cijfers.columns) != sorted(KOLOMMEN):
            raise PakketFout(f"cijfers.csv heeft de kolommen {', '.join(cijfers.columns)}; verwacht: "
                             f"{', '.join(KOLOMMEN)}")
        if len(cijfers) != manifest.rijen:
            raise PakketFout(f"cijfers.csv heeft {len(cijfers)} rijen, het manifest noemt er {manifest.rijen}")
        self.con.register("cijfers", cijfers)
        try:
            fouten = self.con.execute(f"""
                WITH getypt AS (
                    SELECT *, {', '.join(f"TRY_CAST(nullif({k}, '') AS {t}) AS {k}_t" for k, t in KOLOMMEN.items()
                                         if t != 'VARCHAR')}
                    FROM cijfers
                )
                SELECT
                    count(*) FILTER (WHERE gemeente_code <> ?),
                    count(*) FILTER (WHERE NOT regexp_full_match(periode, '\\d{{4}}(Q[1-4])?')),
                    count(*) FILTER (WHERE {' OR '.join(f"({k} <> '' AND {k}_t IS NULL)" for k, t in KOLOMMEN.items()
                                                        if t != 'VARCHAR')} OR volledig = ''),
                    count(*) FILTER (WHERE definitie.id IS NULL),
                    count(*) FILTER (WHERE klein_aantal(teller_t, noemer_t, waarde_t, definitie.eenheid)),
                    count(*) - count(DISTINCT (periode, indicator, uitsplitsing))
                FROM getypt LEFT JOIN definitie ON definitie.id = getypt.indicator
            """, [manifest.gemeente_code]).fetchall()[0]
        finally:
            self.con.unregister("cijfers")
        andere, perioden, typen, onbekend, klein, dubbel = fouten
        for aantal, reden in ((andere, f"rijen van een andere gemeente dan {manifest.gemeente_code}"),
                              (perioden, "perioden die geen kwartaal (2025Q4) of jaar (2025) zijn"),
                              (typen, "waarden die geen getal of waar/onwaar zijn"),
                              (onbekend, "indicatoren die deze installatie niet kent"),
                              (klein, "kleine aantallen (onder 10, of een verhouding op zo'n aantal): die mogen "
                                      "de gemeente niet verlaten"),
                              (dubbel, "dubbele cijfers (dezelfde periode, indicator en uitsplitsing)")):
            if aantal:
                raise PakketFout(f"cijfers.csv bevat {aantal} rij(en) met {reden}")
        return manifest
