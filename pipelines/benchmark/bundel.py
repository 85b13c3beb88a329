"""`wimi benchmark bundel`: many packages into one zip for redistribution (a partnership's secretary).

Deterministic, so a partnership can keep it in a shared folder and see when it changed: the packages are
checked as an importer checks them, the newest per municipality is kept, folders and files are written in
sorted order, every file's time is the newest `gemaakt_op` of the manifests (never "now"), and the files
inside are the packages' own bytes. `wimi benchmark importeer` reads the result.
"""
from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from pipelines.benchmark import pakket
from pipelines.benchmark.importeer import zoek


class BundelFout(Exception):
    """The bundle is not made; the message says why, in Dutch."""


def bundel(paden: list[Path], output: Path) -> list[pakket.Manifest]:
    """Write the bundle; returns the manifests of the packages in it."""
    pakketten, geen = zoek(paden)
    if geen:
        raise BundelFout("; ".join(f"{u.herkomst}: {u.melding}" for u in geen))
    controle = pakket.Controle()
    try:
        gecontroleerd = []
        for p in pakketten:
            try:
                gecontroleerd.append((controle.controleer(p), p))
            except pakket.PakketFout as exc:
                raise BundelFout(f"{p.herkomst}: {exc}") from None
    finally:
        controle.close()
    if not gecontroleerd:
        raise BundelFout("geen pakketten om te bundelen")
    nieuwste: dict[str, tuple[pakket.Manifest, pakket.Pakket]] = {}
    for manifest, p in gecontroleerd:
        ander = nieuwste.get(manifest.gemeente_code)
        if ander and ander[0].peildatum == manifest.peildatum and ander[0].sha256 != manifest.sha256:
            raise BundelFout(f"twee verschillende pakketten van {manifest.gemeente_code} met peildatum "
                             f"{manifest.peildatum:%d-%m-%Y}: {ander[1].herkomst} en {p.herkomst}")
        if ander is None or manifest.peildatum > ander[0].peildatum:
            nieuwste[manifest.gemeente_code] = (manifest, p)
    gekozen = [nieuwste[code] for code in sorted(nieuwste)]
    try:
        tijd = max(datetime.strptime(m.gemaakt_op, "%Y-%m-%dT%H:%M:%SZ") for m, _ in gekozen)
    except ValueError as exc:
        raise BundelFout(f"gemaakt_op in een manifest is geen tijd als 2026-01-05T09:00:00Z: {exc}") from None
    output.parent.mkdir(parents=True, exist_ok=True)
    bezig = output.with_name(f".{output.name}.bezig")
    with zipfile.ZipFile(bezig, "w") as archief:
        for manifest, p in gekozen:
            naam = pakket.pakket_naam(manifest.gemeente_code, manifest.peildatum)
            for bestand in pakket.BESTANDEN:
                info = zipfile.ZipInfo(f"{naam}/{bestand}", date_time=tijd.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archief.writestr(info, p.bestanden[bestand])
    bezig.replace(output)
    return [m for m, _ in gekozen]
