"""Build the warehouse: every model in sql/ and pipelines/models/, in dependency order.

The build writes data/warehouse.next.duckdb and renames it over warehouse.duckdb only when every
model and every error-level check has passed, so a failed or interrupted build leaves the previous
warehouse serving.

SQL models: one SELECT per file; the file sql/<layer>/<name>.sql becomes table <layer>.<name>.
Dependencies are the `<layer>.<name>` references in the text. Placeholders {{ name }} are replaced
by paths from settings (cbs_dir, feed_dir, config_dir, data_dir). A CBS file that older folders lack
(the snapshot, an earlier download) is read through {{ cbs_optioneel_<file stem> }}: the file in the
CBS folder when it is there, else its header-only stand-in in sql/staging/optioneel/, so its staging
model is an empty table with the same columns and types. Checks (sql/checks/*.sql) return
offending rows; a check whose first line says `-- severity: warn` only reports them.

A model with the line `-- materialized: view` becomes a view: for a large row-level model that is
cheaper to compute again in its few readers than to write. Pages open the warehouse without the
landing database, so a view may not read `raw`.

The macros of sql/macros.sql (period windows, shapes no table) are created first and stay in the
warehouse, so the pages' drill-down uses the same windows as the figures.

A macro that reads models is a model of its own: the file sql/<layer>/<name>.sql holds one statement
`CREATE OR REPLACE MACRO <layer>.<name>(...) AS ...` (scalar or TABLE). DuckDB binds a macro's body when
it is created, so it takes its place in the dependency order like a table: after the models it reads,
before the models that call it (a call `<layer>.<name>(` is a reference like any other). It stays in
the warehouse, so a page calls the same definition with its own parameters as the build calls with
NULLs: intermediate.budget_berekening computes the budget forecast, intermediate.budget_prognose is
its build-time call (the data decide), and marts.budget_prognose and the KPI rows read that model,
while dashboard/data.py calls the macro with the manager's assumptions (parameters, no SQL pasted).

Python models: modules in pipelines/models/ with PRODUCES (list of 'layer.table'), DEPENDS_ON
(list of 'layer.table') and run(con, settings) -> None, for work that SQL cannot do (forecasts,
peer search).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.cbs.folder import cbs_folder
from pipelines.scratch import interrupt_on_signal, scratch_folder
from pipelines.settings import CONFIG_DIR, OPTIONAL_CBS_DIR, SQL_DIR, Settings, get_settings

LAYERS = ("staging", "intermediate", "marts", "checks")
MACROS = "macros.sql"  # in sql/: the period windows that figures and their drill-down rows share
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_COMMENT = re.compile(r"--[^\n]*")  # a model named in a comment is no dependency
_REFERENCE = re.compile(r"\b(raw|staging|intermediate|marts)\.(\w+)\b", re.IGNORECASE)
_VIEW = re.compile(r"^--\s*materialized:\s*view\s*$", re.MULTILINE)
_MACRO = re.compile(r"^\s*CREATE\s+OR\s+REPLACE\s+MACRO\s+(\w+\.\w+)\s*\(", re.IGNORECASE)

Progress = Callable[[int, int, str], None]


class BuildError(RuntimeError):
    """A model or check failed; the previous warehouse is untouched."""


@dataclass
class Model:
    name: str  # layer.table
    kind: str  # sql, macro, python, check
    depends_on: set[str] = field(default_factory=set)
    sql: str | None = None
    run: Callable | None = None
    severity: str = "error"
    materialized: str = "table"  # or view


def _template_values(settings: Settings) -> dict[str, str]:
    _, cbs_dir = cbs_folder(settings)
    # every placeholder stands inside a SQL string literal: quotes in a path are doubled
    values = {
        "cbs_dir": cbs_dir.as_posix(),
        "feed_dir": settings.feed_dir.as_posix(),
        "demo_feed_path": settings.demo_feed_path.as_posix(),
        "config_dir": CONFIG_DIR.as_posix(),
        "data_dir": settings.data_dir.as_posix(),
        # quarantined rows (personal data) loaded before this day are past their retention period
        "quarantaine_vanaf": (date.today() - timedelta(days=settings.quarantine_retention_days)).isoformat(),
        **optional_cbs_files(cbs_dir),
    }
    return {key: value.replace("'", "''") for key, value in values.items()}


def optional_cbs_files(cbs_dir: Path) -> dict[str, str]:
    """{{ cbs_optioneel_<stem> }} -> the file in the CBS folder, or its empty stand-in when it is absent."""
    return {f"cbs_optioneel_{stand_in.stem}": ((cbs_dir / stand_in.name) if (cbs_dir / stand_in.name).exists()
                                               else stand_in).as_posix()
            for stand_in in sorted(OPTIONAL_CBS_DIR.glob("*.csv"))}


def render(sql: str, values: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            raise BuildError(f"onbekende plaatshouder {{{{ {key} }}}}")
        return values[key]

    return _PLACEHOLDER.sub(replace, sql)


def discover_models(sql_dir: Path = SQL_DIR, python_models: bool = True) -> list[Model]:
    models: list[Model] = []
    for layer in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            name = f"{layer}.{path.stem}"
            deps = {f"{a.lower()}.{b.lower()}" for a, b in _REFERENCE.findall(_COMMENT.sub("", text))}
            reads_raw = any(d.startswith("raw.") for d in deps)
            deps = {d for d in deps if not d.startswith("raw.") and d != name}
            if layer == "checks":
                first = text.lstrip().splitlines()[0] if text.strip() else ""
                severity = "warn" if "severity: warn" in first else "error"
                models.append(Model(name, "check", deps, sql=text, severity=severity))
            elif macro := _MACRO.match(_COMMENT.sub("", text)):
                if macro.group(1).lower() != name:
                    raise BuildError(f"{path.name} maakt macro {macro.group(1)}, verwacht {name}")
                models.append(Model(name, "macro", deps, sql=text))
            elif _VIEW.search(text):
                if reads_raw:
                    raise BuildError(f"model {name} is een view maar leest raw; pagina's openen de landing niet")
                models.append(Model(name, "sql", deps, sql=text, materialized="view"))
            else:
                models.append(Model(name, "sql", deps, sql=text))
    if not python_models:
        return models
    import pipelines.models

    for info in pkgutil.iter_modules(pipelines.models.__path__):
        module = importlib.import_module(f"pipelines.models.{info.name}")
        models.append(
            Model(module.PRODUCES[0], "python", set(module.DEPENDS_ON), run=module.run)
        )
        for alias in module.PRODUCES[1:]:
            models.append(Model(alias, "alias", {module.PRODUCES[0]}))
    return models


def order_models(models: list[Model]) -> list[Model]:
    by_name = {m.name: m for m in models}
    ordered: list[Model] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "busy":
            raise BuildError("kringverwijzing tussen modellen: " + " -> ".join(chain + [name]))
        model = by_name.get(name)
        if model is None:
            raise BuildError(f"model {chain[-1]} verwijst naar onbekend model {name}")
        state[name] = "busy"
        for dep in sorted(model.depends_on):
            visit(dep, chain + [name])
        state[name] = "done"
        ordered.append(model)

    # checks last, layers in order, names alphabetically: a stable order for the progress display
    for model in sorted(models, key=lambda m: (m.kind == "check", LAYERS.index(m.name.split(".")[0]), m.name)):
        visit(model.name, [])
    return ordered


def literal(text: str) -> str:
    """A SQL string literal: a path with a quote in it (a folder named o'brien) stays one string."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: Path, settings: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    # the settings checked both values (pipelines/settings.py); quoted all the same, like every text in SQL
    con.execute(f"SET memory_limit = {literal(settings.duckdb_memory_limit)}")
    con.execute(f"SET threads = {int(settings.duckdb_threads)}")
    con.execute("SET enable_progress_bar = false")  # the CLI shows its own progress per model
    return con


def create_schemas_and_macros(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> None:
    for schema in LAYERS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    if (sql_dir / MACROS).exists():
        con.execute((sql_dir / MACROS).read_text(encoding="utf-8"))


def statement(model: Model, values: dict[str, str]) -> str:
    """The SQL that creates a SQL model, macro or check in the warehouse."""
    if model.kind == "macro":
        return render(model.sql, values)
    return f"CREATE OR REPLACE {model.materialized.upper()} {model.name} AS\n{render(model.sql, values)}"


def build_models(settings: Settings, names: tuple[str, ...], path: Path,
                 python_models: bool = True) -> None:
    """Only the models `names` and what they depend on, into `path`, as the build runs them but without its
    checks and atomic swap: for tests and bench scripts that need a few models, not a warehouse."""
    models = {model.name: model for model in discover_models(python_models=python_models)}
    needed: set[str] = set()

    def add(name: str) -> None:
        if name not in needed:
            needed.add(name)
            for dependency in models[name].depends_on:
                add(dependency)

    for name in names:
        add(name)
    con = connect(path, settings)
    try:
        _attach_landing(con, settings)
        create_schemas_and_macros(con)
        values = _template_values(settings)
        for model in order_models([models[name] for name in needed]):
            if model.kind in ("sql", "macro"):
                con.execute(statement(model, values))
            elif model.kind == "python":
                model.run(con, settings)
    finally:
        con.close()


def build(settings: Settings | None = None, progress: Progress | None = None, sql_dir: Path = SQL_DIR,
          python_models: bool = True) -> dict:
    """Build into warehouse.next.duckdb and swap it in. Returns a summary dict.

    SIGTERM and Ctrl-C unwind the build like an error, so the half-built file goes too; DuckDB's
    spilled temp tables (personal data) live in a scratch folder removed however the build ends."""
    settings = settings or get_settings()
    try:
        with scratch_folder(settings.data_dir, "build") as scratch:
            return _build(settings, progress, sql_dir, python_models, scratch)
    except PermissionError as exc:
        raise BuildError(f"geen schrijfrechten in de datamap {settings.data_dir} ({exc.filename or exc})") from exc


def _build(settings: Settings, progress: Progress | None, sql_dir: Path, python_models: bool, scratch: Path) -> dict:
    target, final = settings.warehouse_next_path, settings.warehouse_path
    # a build killed with -9 left its half-built file: gone before anything else, and said so
    removed = [p.name for p in (target, Path(str(target) + ".wal")) if p.exists()]
    for name in removed:
        (settings.data_dir / name).unlink()

    models = order_models(discover_models(sql_dir, python_models))
    values = _template_values(settings)
    timings: list[tuple[str, float, int | None]] = []
    failed_checks: list[str] = []
    started = time.perf_counter()
    try:
        con = connect(target, settings)
    except duckdb.IOException as exc:
        raise BuildError(f"kan {target} niet aanmaken: {_reason(exc)}") from exc
    interrupt_on_signal(con)
    # models are sets: a table that needs an order says ORDER BY (kept); without this DuckDB keeps
    # insertion order in every CREATE TABLE AS, which costs time and memory on 46M-row models
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(f"SET temp_directory = {literal((scratch / 'duckdb').as_posix())}")
        _attach_landing(con, settings)
        create_schemas_and_macros(con, sql_dir)
        for index, model in enumerate(models, start=1):
            if progress:
                progress(index, len(models), model.name)
            t0 = time.perf_counter()
            rows = None
            try:
                if model.kind == "python":
                    model.run(con, settings)
                elif model.kind != "alias":
                    con.execute(statement(model, values))
                if model.kind == "check":
                    rows = con.execute(f"SELECT count(*) FROM {model.name}").fetchone()[0]
                    if rows and model.severity == "error":
                        failed_checks.append(f"{model.name} ({rows} rijen)")
            except BuildError:
                raise
            except Exception as exc:  # a model's own error, named by model
                raise BuildError(f"model {model.name} faalde: {exc}") from exc
            timings.append((model.name, time.perf_counter() - t0, rows))
        if failed_checks:
            raise BuildError("controles gefaald: " + ", ".join(failed_checks))
        cbs_kind, cbs_dir = settings.cbs_source()
        if (cbs_dir / ".complete").exists() and "fictief" in (cbs_dir / ".complete").read_text(encoding="utf-8"):
            cbs_kind = "fictief"  # a fictional frame named by WIMI_CBS_DIR is still fictional
        # demo_gemeenten: municipalities whose delivery is a demo, so every page and export can say so
        # (none when the models built hold no deliveries)
        has_deliveries = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                                     "'intermediate' AND table_name = 'gemeente_leveringen'").fetchone()[0]
        demo = ("SELECT coalesce(list(gemeente_code ORDER BY gemeente_code), []::VARCHAR[]) "
                "FROM intermediate.gemeente_leveringen WHERE demo") if has_deliveries else "SELECT []::VARCHAR[]"
        con.execute("CREATE OR REPLACE TABLE marts.build_info AS "
                    f"SELECT ? AS gebouwd_op, ? AS cbs_bron, ? AS cbs_map, ? AS duur_s, ({demo}) AS demo_gemeenten",
                    [datetime.now(), cbs_kind, cbs_dir.as_posix(), time.perf_counter() - started])
        con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        try:
            con.close()
        finally:
            target.unlink(missing_ok=True)
            Path(str(target) + ".wal").unlink(missing_ok=True)
        raise
    target.replace(final)  # atomic on one filesystem: readers see the old or the new file, never half
    return {"models": timings, "seconds": time.perf_counter() - started, "warehouse": final,
            "cbs_bron": cbs_kind, "cbs_map": cbs_dir, "opgeruimd": removed}


def _reason(exc: duckdb.Error) -> str:
    """DuckDB's English message in Dutch for the causes an operator meets."""
    text = str(exc)
    if "Permission denied" in text or "Read-only file system" in text:
        return "geen schrijfrechten"
    if "Could not set lock" in text or "Conflicting lock" in text:
        return "het bestand is in gebruik door een ander proces"
    return "het bestand kan niet worden geopend"


def _attach_landing(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """The landing database as schema-qualified `raw.<table>`; empty contract tables when none exists."""
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    landing_sql = (SQL_DIR / "landing.sql").read_text(encoding="utf-8")
    if settings.landing_path.exists():
        # a landing database loaded by an older version lacks the newer optional tables and columns
        # (lasten_lks, vorderingen.regeling); landing.sql adds them empty, so no reload is needed
        try:
            with duckdb.connect(str(settings.landing_path)) as landing:
                landing.execute(landing_sql)
            con.execute(f"ATTACH {literal(settings.landing_path.as_posix())} AS raw (READ_ONLY)")
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise BuildError(f"landingsdatabase {settings.landing_path} is in gebruik (loopt er een `wimi load`?); "
                                 "bouw opnieuw als die klaar is") from exc
            raise BuildError(f"landingsdatabase {settings.landing_path} is onleesbaar of beschadigd; "
                             "laad de leveringen opnieuw in een lege datamap") from exc
        except duckdb.Error as exc:
            raise BuildError(f"landingsdatabase {settings.landing_path} is onleesbaar of beschadigd; "
                             "laad de leveringen opnieuw in een lege datamap") from exc
        return
    con.execute("ATTACH ':memory:' AS raw")
    con.execute("USE raw")
    con.execute(landing_sql)
    con.execute(f"USE {catalog}")
