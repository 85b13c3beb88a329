"""Load one delivery folder into the landing database: all or nothing.

Steps: find and fingerprint the files (the delivery's identity is their checksums), read every value
as text with its line number, refuse a delivery with a BSN in any column (pipelines/bsn.py), check
every row against the contract inside DuckDB (pipelines/load/contract.py), then in ONE transaction
replace the older delivery of the same municipalities, write the typed rows, the quarantine (contract
columns only) and the load report. A fatal error leaves the landing tables as they were and is only
recorded in `laadhistorie` (status 'mislukt'). Temporary copies live in one scratch folder that goes
however the load ends (pipelines/scratch.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.bsn import refuse_bsn
from pipelines.build import connect, literal
from pipelines.load.contract import (
    BY_STEM,
    CONTRACT,
    REGEL_ONLEESBAAR,
    create_macros,
    decimal_comma_sql,
    original_row_sql,
    quote,
    validation_sql,
)
from pipelines.load.read import (
    LoadError,
    ReadResult,
    SourceFile,
    fingerprint,
    invisible_character,
    locate,
    read_source,
    visible,
)
from pipelines.scratch import interrupt_on_signal, scratch_folder
from pipelines.settings import SQL_DIR, Settings

__all__ = ["FileReport", "LoadError", "LoadReport", "load_delivery", "purge_quarantine"]

CONTRACT_ORDER = {spec.stem: i for i, spec in enumerate(CONTRACT)}  # the order reports list files in

@dataclass
class FileReport:
    bestand: str
    sha256: str
    gelezen: int
    geladen: int
    quarantaine: int


@dataclass
class LoadReport:
    levering_id: str
    status: str  # geladen or ongewijzigd
    peildatum: date
    gemeenten: list[str]
    bestanden: list[FileReport]
    vervangen: list[str] = field(default_factory=list)
    quarantaine_opgeschoond: int = 0
    # (bestand, kolom, reden, rijen) per quarantine reason of this delivery, most rows first
    redenen: list[tuple[str, str | None, str, int]] = field(default_factory=list)

    def summary(self) -> str:
        gemeenten = ", ".join(self.gemeenten)
        lines = [f"Levering {self.levering_id} ({gemeenten}, peildatum {self.peildatum:%d-%m-%Y}): {self.status}"]
        lines += [f"  vervangt levering {old}" for old in self.vervangen]
        width = max((len(f.bestand) for f in self.bestanden), default=0)
        lines += [f"  {f.bestand:<{width}}  gelezen {_count(f.gelezen)}, geladen {_count(f.geladen)}, "
                  f"quarantaine {_count(f.quarantaine)}" for f in self.bestanden]
        if self.redenen:
            lines.append("  In quarantaine, per reden (record = rij in het bestand, de kopregel is record 1):")
            lines += [f"    {bestand}{f' kolom {kolom}' if kolom else ''}: {reden}: {_count(rijen)} rijen"
                      for bestand, kolom, reden, rijen in self.redenen]
            lines.append("  De rijen zelf: dashboard, Kwaliteit & verantwoording > Laadhistorie en quarantaine "
                         "(na `wimi build`).")
        if self.quarantaine_opgeschoond:
            lines.append(f"  {_count(self.quarantaine_opgeschoond)} quarantainerijen ouder dan de bewaartermijn "
                         "verwijderd")
        return "\n".join(lines)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def purge_quarantine(con, settings: Settings, today: date) -> int:
    """Remove quarantined rows (personal data) older than the retention period; returns how many."""
    cutoff = today - timedelta(days=settings.quarantine_retention_days)
    return con.execute("DELETE FROM quarantaine WHERE geladen_op::DATE < ?", [cutoff]).fetchone()[0]


def open_landing(settings: Settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        con = connect(settings.landing_path, settings)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():  # another process (a build, a second load) holds the file
            raise LoadError(f"landingsdatabase {settings.landing_path} is in gebruik door een ander proces "
                            "(een build of een andere lading); probeer het opnieuw als dat klaar is") from exc
        raise _damaged(settings) from exc
    except duckdb.Error as exc:
        raise _damaged(settings) from exc
    try:
        con.execute((SQL_DIR / "landing.sql").read_text(encoding="utf-8"))
        _keep_contract_columns(con)
    except duckdb.Error as exc:
        con.close()
        raise _damaged(settings) from exc
    return con


def _damaged(settings: Settings) -> LoadError:
    return LoadError(f"landingsdatabase {settings.landing_path} is beschadigd of geen DuckDB-bestand. Zet het "
                     "bestand opzij (het warehouse blijft werken) en laad de leveringen opnieuw")


def _keep_contract_columns(con) -> None:
    """Quarantined rows stored by an older version with columns outside the contract lose those columns."""
    for spec in CONTRACT:
        con.execute(
            """UPDATE quarantaine
            SET rij = to_json(map_from_entries(list_transform(
                list_filter(json_keys(rij), lambda k: list_contains($kolommen, k)),
                lambda k: struct_pack(k := k, v := rij ->> k))))::VARCHAR
            WHERE lower(parse_filename(bestand, true)) = $stem
              AND len(list_filter(json_keys(rij), lambda k: NOT list_contains($kolommen, k))) > 0""",
            {"kolommen": [c.name for c in spec.columns], "stem": spec.stem},
        )


def load_delivery(folder: Path, settings: Settings, now: datetime | None = None) -> LoadReport:
    """Load the delivery in `folder`. `now` (for tests) stamps the rows and dates the quarantine purge."""
    now = now or datetime.now()
    folder = Path(folder)
    # the transcoded copies and DuckDB's spilled temp tables hold the delivery: one folder, always removed
    with scratch_folder(settings.data_dir, "load") as scratch:
        con = open_landing(settings)
        interrupt_on_signal(con)
        attempt: dict = {"levering_id": None, "peildatum": None, "gemeenten": []}
        try:
            con.execute(f"SET temp_directory = {literal((scratch / 'duckdb').as_posix())}")
            return _load(con, folder, settings, now, scratch, attempt)
        except LoadError as exc:
            _record_failure(con, folder, now, attempt, str(exc))
            raise
        except Exception as exc:  # not foreseen, but the accountant still sees that an attempt failed
            _record_failure(con, folder, now, attempt, f"onverwachte fout: {exc}")
            raise LoadError(f"onverwachte fout; er is niets geladen ({exc.__class__.__name__}: {exc})") from exc
        finally:
            con.close()


def _record_failure(con, folder: Path, now: datetime, attempt: dict, message: str) -> None:
    """The failed attempt in the load history, in its own small transaction."""
    con.execute(
        "INSERT INTO laadhistorie VALUES (?, ?, ?, ?, ?, 'mislukt', ?)",
        [attempt["levering_id"] or "onbekend", attempt["peildatum"], str(folder.resolve()), attempt["gemeenten"],
         now, message],
    )


def _find_files(folder: Path) -> dict[str, SourceFile]:
    if not folder.is_dir():
        raise LoadError(f"{folder}: map bestaat niet")
    files = {}
    for spec in CONTRACT:
        path = locate(folder, spec.stem)
        if path is None:
            if spec.optional_file:
                continue
            raise LoadError(f"{spec.stem}.csv: bestand ontbreekt in {folder}")
        files[spec.stem] = fingerprint(spec.stem, path)
    return files


# the CBS code lists of every year (2015-2025): a code in none of them names no municipality
CBS_MUNICIPALITIES_FILE = "cbs_gemeenten_per_jaar_2015_2025.csv"


def _known_municipalities(con, settings: Settings) -> str | None:
    """A temp table of every municipality code CBS has used, or None when no real code list is at hand
    (then codes are checked for their form only: the fictional frame's codes are the demo's, and a real
    delivery loaded before CBS data arrive must not be quarantined for that)."""
    kind, folder = settings.cbs_source()
    path = folder / CBS_MUNICIPALITIES_FILE
    if kind == "fictief" or not path.exists():
        return None
    con.execute("CREATE OR REPLACE TEMP TABLE bekende_gemeenten AS SELECT DISTINCT upper(trim(gemeentecode)) "
                "AS gemeente_code FROM read_csv(?, header = true, all_varchar = true)", [path.as_posix()])
    return "bekende_gemeenten"


def _levering_id(files: dict[str, SourceFile]) -> str:
    listing = "\n".join(f"{stem}:{files[stem].sha256}" for stem in sorted(files))
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


# A delivery without its own row or without any benefit is broken; a small municipality may well have
# no claims, applications or budget rows in a delivery, so those files may hold just their header.
MUST_HAVE_ROWS = frozenset({"levering", "uitkeringen"})


def _load(con, folder: Path, settings: Settings, now: datetime, scratch: Path, attempt: dict) -> LoadReport:
    files = _find_files(folder)
    levering_id = attempt["levering_id"] = _levering_id(files)
    if con.execute("SELECT count(*) FROM leveringen WHERE levering_id = ?", [levering_id]).fetchone()[0]:
        return _unchanged(con, levering_id, folder, now, settings)

    create_macros(con)
    reads = {stem: read_source(con, source, scratch) for stem, source in files.items()}
    for stem, read in reads.items():  # every BSN check first: a delivery with BSNs is refused for that
        refuse_bsn(con, files[stem].name, read.table, read.columns)
    for stem, read in reads.items():
        spec = BY_STEM[stem]
        missing = [c for c in spec.required_columns if c not in read.columns]
        if missing:
            raise LoadError(f"{files[stem].name}: {_missing_columns(missing, read.columns)}")
        if read.rows_read == 0 and stem in MUST_HAVE_ROWS:
            raise LoadError(f"{files[stem].name}: bestand is leeg (geen rijen)")

    known = _known_municipalities(con, settings)
    for spec in CONTRACT:  # parents come before their children in CONTRACT
        if spec.stem in reads:
            parent = f"gecontroleerd_{spec.parent.file}" if spec.parent else None
            present = set(reads[spec.stem].columns)
            comma_sql = decimal_comma_sql(spec, reads[spec.stem].table, present)
            comma = bool(con.execute(comma_sql).fetchone()[0]) if comma_sql else False
            sql = validation_sql(spec, reads[spec.stem].table, present, parent, comma, known)
            con.execute(f"CREATE OR REPLACE TEMP TABLE gecontroleerd_{spec.stem} AS {sql}")

    peildatum, bronsysteem = _levering_row(con, files["levering"].name)
    if peildatum > now.date():
        raise LoadError(f"{files['levering'].name}: peildatum {peildatum:%d-%m-%Y} ligt na vandaag "
                        f"({now:%d-%m-%Y}); een levering kan niet gegevens van na vandaag bevatten")
    attempt["peildatum"] = peildatum
    gemeenten = attempt["gemeenten"] = _municipalities(con, reads)
    replaced = _replaced_deliveries(con, peildatum, gemeenten)
    heeft_vrijlating = "vrijlating" in reads["betalingen"].columns

    con.execute("BEGIN TRANSACTION")
    try:
        for old in replaced:
            for spec in CONTRACT:
                if spec.landing_table:
                    con.execute(f"DELETE FROM {spec.stem} WHERE levering_id = ?", [old])
            con.execute("DELETE FROM leveringen WHERE levering_id = ?", [old])
            con.execute("UPDATE laadhistorie SET status = 'vervangen' WHERE levering_id = ? AND status = 'geladen'",
                        [old])
        reports = [_write_file(con, levering_id, files[stem], reads[stem], now) for stem in files]
        con.execute("INSERT INTO leveringen VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [levering_id, peildatum, bronsysteem, str(folder.resolve()), gemeenten, heeft_vrijlating, now])
        con.execute("INSERT INTO laadhistorie VALUES (?, ?, ?, ?, ?, 'geladen', NULL)",
                    [levering_id, peildatum, str(folder.resolve()), gemeenten, now])
        purged = purge_quarantine(con, settings, now.date())
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return LoadReport(levering_id, "geladen", peildatum, gemeenten, reports, replaced, purged,
                      _reasons(con, levering_id))


def _missing_columns(missing: list[str], present: list[str]) -> str:
    """Which required columns are absent, and for one that is there but for an invisible character, which and where."""
    hints, explained = [], set()
    for name in present:
        found = invisible_character(name)
        if found and visible(name) in missing:
            explained.add(visible(name))
            hints.append(f"kolom '{visible(name)}' bevat een onzichtbaar teken ({found[0]}) op positie {found[1]} "
                         "van de kolomnaam; verwijder dat teken uit de kopregel")
    absent = [c for c in missing if c not in explained]
    return "; ".join(hints + ([f"verplichte kolom ontbreekt: {', '.join(absent)}"] if absent else []))


def _levering_row(con, file_name: str) -> tuple[date, str | None]:
    rows = con.execute("SELECT peildatum, bronsysteem, fout FROM gecontroleerd_levering ORDER BY regel").fetchall()
    if len(rows) != 1:
        raise LoadError(f"{file_name}: precies een rij verwacht, gevonden {len(rows)}")
    peildatum, bronsysteem, fout = rows[0]
    if fout is not None:
        raise LoadError(f"{file_name}: {fout['kolom']}: {fout['reden']}")
    return peildatum, bronsysteem


def _municipalities(con, reads: dict) -> list[str]:
    parts = [f"SELECT gemeente_code FROM gecontroleerd_{spec.stem} WHERE fout IS NULL"
             for spec in CONTRACT if spec.stem in reads and any(c.name == "gemeente_code" for c in spec.columns)]
    codes = [r[0] for r in con.execute(f"SELECT DISTINCT gemeente_code FROM ({' UNION ALL '.join(parts)}) "
                                       "ORDER BY 1").fetchall()]
    if not codes:
        raise LoadError("levering bevat geen enkele geldige rij met een gemeente_code")
    return codes


def _replaced_deliveries(con, peildatum: date, gemeenten: list[str]) -> list[str]:
    """Loaded deliveries this one replaces; refuses when one of them is newer or covers more."""
    overlapping = con.execute(
        "SELECT levering_id, peildatum, list_sort(gemeenten), "
        "list_sort(list_filter(gemeenten, lambda g: NOT list_contains(?, g))) "
        "FROM leveringen WHERE list_has_any(gemeenten, ?) ORDER BY levering_id",
        [gemeenten, gemeenten],
    ).fetchall()
    for old, old_peildatum, old_gemeenten, uncovered in overlapping:
        if old_peildatum > peildatum:
            raise LoadError(f"levering is ouder dan wat al geladen is: peildatum {peildatum:%d-%m-%Y}, maar levering "
                            f"{old} voor {', '.join(old_gemeenten)} heeft peildatum {old_peildatum:%d-%m-%Y}")
        if uncovered:
            raise LoadError(f"levering {old} (peildatum {old_peildatum:%d-%m-%Y}) bevat ook {', '.join(uncovered)}; "
                            "deze levering zou die gemeenten wissen. Lever alle gemeenten samen aan.")
    return [row[0] for row in overlapping]


def _write_file(con, levering_id: str, source: SourceFile, read: ReadResult, now: datetime) -> FileReport:
    spec = BY_STEM[source.stem]
    checked = f"gecontroleerd_{source.stem}"
    if spec.landing_table:
        columns = ", ".join(quote(c.name) for c in spec.columns)
        con.execute(f"INSERT INTO {spec.stem} BY NAME SELECT ? AS levering_id, {columns} FROM {checked} "
                    "WHERE fout IS NULL", [levering_id])
    loaded, faulty = con.execute(f"SELECT count(*) FILTER (fout IS NULL), count(fout) FROM {checked}").fetchone()
    rejected = con.execute(f"SELECT count(*) FROM {read.rejects}").fetchone()[0]
    # Columns outside the contract are never stored (data-contract §1). The fields of a line that could
    # not be split cannot be told apart, so its text is kept only when the file has no other columns.
    contract_columns = {c.name for c in spec.columns}
    kept = [c for c in read.columns if c in contract_columns]
    raw_line = "rij" if len(kept) == len(read.columns) else "'{}'"
    con.execute(
        f"""INSERT INTO quarantaine
        SELECT $levering, $bestand, c.regel, c.fout.kolom, c.fout.reden,
               {original_row_sql(read.table, kept)}, $nu
        FROM {checked} c JOIN {read.table} USING (regel) WHERE c.fout IS NOT NULL
        UNION ALL
        SELECT $levering, $bestand, regel, NULL, $reden, {raw_line}, $nu FROM {read.rejects}""",
        {"levering": levering_id, "bestand": source.name, "nu": now, "reden": REGEL_ONLEESBAAR},
    )
    report = FileReport(source.name, source.sha256, loaded + faulty + rejected, loaded, faulty + rejected)
    con.execute("INSERT INTO laadrapport VALUES (?, ?, ?, ?, ?, ?)",
                [levering_id, report.bestand, report.sha256, report.gelezen, report.geladen, report.quarantaine])
    return report


def _unchanged(con, levering_id: str, folder: Path, now: datetime, settings: Settings) -> LoadReport:
    """The same delivery again: no data changes; the attempt is recorded and old quarantine purged."""
    peildatum, gemeenten = con.execute("SELECT peildatum, gemeenten FROM leveringen WHERE levering_id = ?",
                                       [levering_id]).fetchone()
    reports = [FileReport(*row) for row in con.execute(
        "SELECT bestand, sha256, rijen_gelezen, rijen_geladen, rijen_quarantaine FROM laadrapport "
        "WHERE levering_id = ?", [levering_id]).fetchall()]
    reports.sort(key=lambda f: CONTRACT_ORDER[Path(f.bestand).stem.lower()])  # as in a first load
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO laadhistorie VALUES (?, ?, ?, ?, ?, 'ongewijzigd', NULL)",
                [levering_id, peildatum, str(folder.resolve()), gemeenten, now])
    purged = purge_quarantine(con, settings, now.date())
    con.execute("COMMIT")
    return LoadReport(levering_id, "ongewijzigd", peildatum, gemeenten, reports, [], purged,
                      _reasons(con, levering_id))


def _reasons(con, levering_id: str) -> list[tuple[str, str | None, str, int]]:
    return [tuple(row) for row in con.execute(
        "SELECT bestand, kolom, reden, count(*) AS rijen FROM quarantaine WHERE levering_id = ? "
        "GROUP BY ALL ORDER BY rijen DESC, bestand, kolom NULLS FIRST, reden", [levering_id]).fetchall()]
