"""`wimi deel`: one benchmark package per municipality with an own extract in the warehouse.

Which figures may leave is SQL (marts.deelbare_cijfers); this module only writes them with their manifest.
Every package is checked as an importer checks it before it is put in place, so a package holding a small
number (or anything else an importer refuses) is never produced.
"""
from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.benchmark import pakket
from pipelines.build import connect, literal
from pipelines.settings import Settings


class DeelFout(Exception):
    """A package cannot be made; the message says why, in Dutch."""


def deel(settings: Settings, output: Path, gemeenten: list[str] | None = None,
         now: datetime | None = None) -> list[Path]:
    """Write a package folder per municipality into `output`; returns the folders."""
    if not settings.warehouse_path.exists():
        raise DeelFout(f"geen warehouse in {settings.warehouse_path}; draai eerst `wimi build`")
    gemaakt_op = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        con = connect(settings.warehouse_path, settings, read_only=True)
    except duckdb.IOException as exc:
        raise DeelFout(f"warehouse {settings.warehouse_path} is in gebruik (een build?); probeer het zo opnieuw") \
            from exc
    try:
        if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts' "
                           "AND table_name = 'deelbare_cijfers'").fetchall()[0][0]:
            raise DeelFout("het warehouse is gebouwd met een oudere WIMI; bouw het opnieuw met `wimi build`")
        leveringen = con.execute("SELECT gemeente_code, peildatum, levering_id, demo "
                                 "FROM intermediate.gemeente_leveringen ORDER BY gemeente_code").fetchall()
        aanwezig = {row[0] for row in leveringen}
        gevraagd = sorted({g.strip().upper() for g in gemeenten}) if gemeenten else sorted(aanwezig)
        if onbekend := [g for g in gevraagd if g not in aanwezig]:
            raise DeelFout(f"geen eigen extract van {', '.join(onbekend)} in het warehouse; wel van: "
                           f"{', '.join(sorted(aanwezig)) or 'geen enkele gemeente'}")
        if not gevraagd:
            raise DeelFout("het warehouse bevat geen eigen extract: er is niets te delen (laad eerst een levering)")
        output.mkdir(parents=True, exist_ok=True)
        controle = pakket.Controle()
        try:
            return [schrijf_pakket(con, controle, output, gemeente, peildatum, levering_id, demo, gemaakt_op)
                    for gemeente, peildatum, levering_id, demo in leveringen if gemeente in gevraagd]
        finally:
            controle.close()
    finally:
        con.close()


def schrijf_pakket(con, controle: pakket.Controle, output: Path, gemeente: str, peildatum, levering_id: str,
                   demo: bool, gemaakt_op: str, tabel: str = "marts.deelbare_cijfers") -> Path:
    """One municipality's package from `tabel` (the mart; bench/ feeds it other rows of the same shape)."""
    naam = pakket.pakket_naam(gemeente, peildatum)
    bezig = output / f".{naam}.bezig"
    shutil.rmtree(bezig, ignore_errors=True)
    bezig.mkdir()
    try:
        csv_pad = bezig / pakket.CIJFERS
        kolommen = ", ".join(pakket.KOLOMMEN)
        con.execute(f"COPY (SELECT {kolommen} FROM {tabel} WHERE gemeente_code = {literal(gemeente)} "
                    f"ORDER BY periode, indicator, uitsplitsing) TO {literal(csv_pad.as_posix())} "
                    "(HEADER, DELIMITER ',')")
        cijfers = csv_pad.read_bytes()
        rijen = con.execute(f"SELECT count(*) FROM {tabel} WHERE gemeente_code = ?",
                            [gemeente]).fetchall()[0][0]
        pakket.schrijf(bezig, cijfers, {
            "formaat": pakket.FORMAAT, "formaatversie": pakket.FORMAATVERSIE, "gemeente_code": gemeente,
            "peildatum": peildatum.isoformat(), "levering_checksum": levering_id, "wimi_versie": pakket.wimi_versie(),
            "definitieversie": controle.versie, "gemaakt_op": gemaakt_op, "demo": bool(demo), "rijen": rijen})
        try:
            controle.controleer(pakket.lees_map(bezig))
        except pakket.PakketFout as exc:
            raise DeelFout(f"pakket van {gemeente} niet gemaakt: {exc}") from None
        doel = output / naam
        shutil.rmtree(doel, ignore_errors=True)
        bezig.rename(doel)
        return doel
    finally:
        shutil.rmtree(bezig, ignore_errors=True)
