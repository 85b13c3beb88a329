"""Benchmark packages without a warehouse (issue 15): the small-number rule in SQL says what the pages say, and
hand-made packages go through `wimi benchmark importeer` and `bundel`: accepted, unchanged, replaced by a newer
one, refused (tampered, outdated, other definitions, a count below 10) with a Dutch reason, set aside, recorded."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from itertools import product
from pathlib import Path

import duckdb
import pytest

from dashboard import format as fmt
from pipelines.benchmark import pakket
from pipelines.benchmark.bundel import bundel
from pipelines.benchmark.deel import DeelFout, schrijf_pakket
from pipelines.benchmark.importeer import importeer
from pipelines.build import create_schemas_and_macros
from pipelines.settings import get_settings

# a municipality's quarter: 250 benefits, 30 of 600 (mean stock) left for work
RIJEN = [("2025Q4", "bijstandsvolume", "", None, None, 250.0, True),
         ("2025Q4", "uitstroomkans_werk", "", 30.0, 600.0, 0.05, True)]


def maak(folder: Path, gemeente: str = "GM0344", peildatum: str = "2025-12-31", rijen=RIJEN,
         versie: str | None = None) -> Path:
    """A package as `wimi deel` writes one (manifest and both checksums right)."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, lineterminator="\n")
    schrijver.writerow(pakket.KOLOMMEN)
    for periode, indicator, uitsplitsing, teller, noemer, waarde, volledig in rijen:
        schrijver.writerow([gemeente, periode, indicator, uitsplitsing, teller, noemer, waarde, str(volledig).lower()])
    folder.mkdir(parents=True)
    pakket.schrijf(folder, buffer.getvalue().encode(), {
        "formaat": pakket.FORMAAT, "formaatversie": pakket.FORMAATVERSIE, "gemeente_code": gemeente,
        "peildatum": peildatum, "levering_checksum": "0123456789abcdef", "wimi_versie": "0.1.0",
        "definitieversie": versie or pakket.definitieversie(), "gemaakt_op": f"{peildatum}T08:00:00Z",
        "demo": False, "rijen": len(rijen)})
    return folder


def historie() -> list[tuple]:
    con = duckdb.connect(str(get_settings().landing_path), read_only=True)
    try:
        return con.execute("SELECT levering_id, peildatum, gemeenten, status, melding FROM laadhistorie "
                           "ORDER BY geladen_op, status").fetchall()
    finally:
        con.close()


def test_the_sql_rule_for_small_numbers_is_the_pages_rule():
    """klein_aantal (what may leave) and format.afgeschermd (what a wethouder sees) are one definition."""
    con = duckdb.connect()
    create_schemas_and_macros(con)
    waarden = (None, 0.0, 9.0, 9.99, 10.0, 250.0)
    for teller, noemer, waarde, eenheid in product(waarden, waarden, (None, 5.0, 12.0),
                                                   ("aantal", "percentage", "per_1000", "euro", "maanden")):
        sql = con.execute("SELECT klein_aantal(?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?)",
                          [teller, noemer, waarde, eenheid]).fetchall()[0][0]
        assert sql == fmt.afgeschermd(teller, noemer, waarde, eenheid), (teller, noemer, waarde, eenheid)
    # the cases the package depends on, by hand: a count of 9 goes, 10 stays; a ratio on 9 of 600 goes
    regel = "SELECT klein_aantal(?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?)"
    assert con.execute(regel, [None, None, 9.0, "aantal"]).fetchall() == [(True,)]
    assert con.execute(regel, [None, None, 10.0, "aantal"]).fetchall() == [(False,)]
    assert con.execute(regel, [9.0, 600.0, 0.015, "percentage"]).fetchall() == [(True,)]


def test_import_accepts_then_ignores_the_same_then_takes_a_newer_and_refuses_an_older(data_dir, tmp_path):
    settings = get_settings()
    oud = maak(tmp_path / "uit" / "GM0344_2025-09-30", peildatum="2025-09-30")
    nieuw = maak(tmp_path / "uit" / "GM0344_2025-12-31", rijen=[*RIJEN[:1], ("2025Q4", "instroom", "", None,
                                                                             None, 40.0, True)])
    assert [(u.status, u.gemeente_code) for u in importeer(settings, [oud])] == [("geladen", "GM0344")]
    assert [u.status for u in importeer(settings, [oud])] == ["ongewijzigd"]
    [vervangen] = importeer(settings, [nieuw])
    assert vervangen.status == "geladen" and "vervangt het pakket met peildatum 30-09-2025" in vervangen.melding
    [ouder] = importeer(settings, [oud])
    assert ouder.status == "geweigerd"
    assert ouder.melding == ("ouder dan het geladen pakket van GM0344 (peildatum 31-12-2025 tegen 30-09-2025): het "
                             "nieuwste pakket telt")
    # the feed holds the newest package, as it was made
    partner = pakket.partners_dir(settings) / "GM0344"
    assert (partner / pakket.CIJFERS).read_bytes() == (nieuw / pakket.CIJFERS).read_bytes()
    # every attempt in the load history; the first package, replaced, says so
    rijen = historie()
    id_oud = "pakket-" + pakket.sha256((oud / pakket.CIJFERS).read_bytes())[:16]
    id_nieuw = "pakket-" + pakket.sha256((nieuw / pakket.CIJFERS).read_bytes())[:16]
    assert [(r[0], r[2], r[3]) for r in rijen] == [
        (id_oud, ["GM0344"], "vervangen"), (id_oud, ["GM0344"], "ongewijzigd"), (id_nieuw, ["GM0344"], "geladen"),
        (id_oud, ["GM0344"], "geweigerd")]
    # the refused package is kept aside with its reason
    [apart] = list(pakket.quarantaine_dir(settings).iterdir())
    assert (apart / pakket.MANIFEST).read_bytes() == (oud / pakket.MANIFEST).read_bytes()
    assert "ouder dan het geladen pakket" in (apart / "reden.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("bederf", "reden"), [
    ("cijfers", "cijfers gewijzigd na het maken: het controlegetal van cijfers.csv klopt niet met het manifest"),
    ("manifest", "manifest gewijzigd na het maken: het controlegetal in manifest.json.sha256 klopt niet"),
    ("versie", "andere definitieversie: het pakket is gemaakt met definities 0000000000000000 (WIMI 0.1.0)"),
    ("klein", "cijfers.csv bevat 1 rij(en) met kleine aantallen (onder 10, of een verhouding op zo'n aantal)"),
    ("dubbel", "er is al een ander pakket van GM0344 met peildatum 31-12-2025: één pakket per gemeente"),
])
def test_a_wrong_package_is_refused_with_its_reason_and_nothing_of_it_enters(data_dir, tmp_path, bederf, reden):
    settings = get_settings()
    if bederf == "dubbel":
        importeer(settings, [maak(tmp_path / "eerst")])
        fout = maak(tmp_path / "fout", rijen=RIJEN[:1])
    elif bederf == "versie":
        fout = maak(tmp_path / "fout", versie="0000000000000000")
    elif bederf == "klein":  # 9 benefits left for work: made by hand, `wimi deel` never writes it
        fout = maak(tmp_path / "fout", rijen=[*RIJEN, ("2025Q4", "uitstroom_naar_werk", "", None, None, 9.0, True)])
    else:
        fout = maak(tmp_path / "fout")
        bestand = fout / (pakket.CIJFERS if bederf == "cijfers" else pakket.MANIFEST)
        bestand.write_bytes(bestand.read_bytes().replace(b"250.0", b"150.0").replace(b"2025-12-31", b"2026-03-31"))
    voor = sorted(p.name for p in pakket.partners_dir(settings).glob("*")) if bederf == "dubbel" else []
    [uitkomst] = importeer(settings, [fout])
    assert uitkomst.status == "geweigerd"
    assert uitkomst.melding.startswith(reden)
    assert sorted(p.name for p in pakket.partners_dir(settings).glob("*")) == voor
    assert historie()[-1][3:] == ("geweigerd", "benchmarkpakket geweigerd: " + uitkomst.melding)
    [apart] = list(pakket.quarantaine_dir(settings).iterdir())
    assert (apart / "reden.txt").read_text(encoding="utf-8").splitlines()[1] == uitkomst.melding


def test_a_bundle_is_the_same_bytes_for_the_same_packages_and_imports(data_dir, tmp_path):
    a = maak(tmp_path / "a" / "GM0344_2025-12-31")
    b = maak(tmp_path / "b" / "GM0307_2025-09-30", gemeente="GM0307", peildatum="2025-09-30")
    ouder = maak(tmp_path / "c" / "GM0307_2025-06-30", gemeente="GM0307", peildatum="2025-06-30")
    eerste, tweede = tmp_path / "bundel1.zip", tmp_path / "bundel2.zip"
    manifests = bundel([a, b, ouder], eerste)
    bundel([ouder, tmp_path / "b", a], tweede)  # another order, a folder holding a package
    assert eerste.read_bytes() == tweede.read_bytes()
    assert [(m.gemeente_code, m.peildatum.isoformat()) for m in manifests] == [("GM0307", "2025-09-30"),
                                                                             ("GM0344", "2025-12-31")]
    with zipfile.ZipFile(eerste) as archief:
        assert archief.namelist() == [f"{naam}/{bestand}" for naam in ("GM0307_2025-09-30", "GM0344_2025-12-31")
                                      for bestand in pakket.BESTANDEN]
        # the newest manifest's time, not the time of bundling
        assert {info.date_time for info in archief.infolist()} == {(2025, 12, 31, 8, 0, 0)}
        assert json.loads(archief.read("GM0344_2025-12-31/manifest.json"))["gemeente_code"] == "GM0344"
    uitkomsten = importeer(get_settings(), [eerste])
    assert sorted((u.gemeente_code, u.status) for u in uitkomsten) == [("GM0307", "geladen"), ("GM0344", "geladen")]


def test_a_path_without_a_package_is_refused_and_recorded(data_dir, tmp_path):
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    [uitkomst] = importeer(get_settings(), [leeg])
    assert (uitkomst.status, uitkomst.melding) == ("geweigerd", "geen benchmarkpakket gevonden in deze map")
    assert historie() == [("onbekend", None, [], "geweigerd",
                           "benchmarkpakket geweigerd: geen benchmarkpakket gevonden in deze map")]


def test_a_package_with_a_count_below_10_is_never_written(tmp_path):
    """`wimi deel` checks what it wrote as an importer would: rows that slipped past the mart stop it."""
    con = duckdb.connect()
    con.execute("""CREATE TABLE deelbaar AS SELECT * FROM (VALUES
        ('GM0344', '2025Q4', 'bijstandsvolume', '', NULL::DOUBLE, NULL::DOUBLE, 250.0, true),
        ('GM0344', '2025Q4', 'instroom', '', NULL::DOUBLE, NULL::DOUBLE, 9.0, true))
        AS t(gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde, volledig)""")
    controle = pakket.Controle()
    with pytest.raises(DeelFout, match="pakket van GM0344 niet gemaakt: cijfers.csv bevat 1 rij"):
        schrijf_pakket(con, controle, tmp_path, "GM0344", date(2025, 12, 31), "0123456789abcdef", False,
                       "2026-01-05T09:00:00Z", tabel="deelbaar")
    assert list(tmp_path.iterdir()) == []  # not even a half-written folder
    con.execute("DELETE FROM deelbaar WHERE waarde < 10")
    folder = schrijf_pakket(con, controle, tmp_path, "GM0344", date(2025, 12, 31), "0123456789abcdef", False,
                            "2026-01-05T09:00:00Z", tabel="deelbaar")
    controle.close()
    assert folder.name == "GM0344_2025-12-31"
    assert (folder / pakket.CIJFERS).read_text(encoding="utf-8").splitlines() == [
        "gemeente_code,periode,indicator,uitsplitsing,teller,noemer,waarde,volledig",
        'GM0344,2025Q4,bijstandsvolume,"",,,250.0,true']
