"""Faults and bad input (issue 13): each test reproduces one finding of the tester and asserts the Dutch
message or the right result. Deliveries come from test_load's helpers; builds use a few tiny models."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_load import load, query, rows, write_csv, write_delivery
from typer.testing import CliRunner

from pipelines.build import BuildError, build, create_schemas_and_macros
from pipelines.cli import app
from pipelines.export import ExportError, export_kpi_table
from pipelines.leveringen import intrekken, lijst
from pipelines.load.contract import ONBEKENDE_GEMEENTE, TE_VEEL_DECIMALEN
from pipelines.load.delivery import LoadError
from pipelines.settings import REPO_ROOT, SQL_DIR, SettingsError, get_settings


def tiny_models(root: Path, models: dict[str, str]) -> Path:
    """A sql/ folder with only these models (layer.name -> SELECT), for builds that take a second."""
    for layer in ("staging", "intermediate", "marts", "checks"):
        (root / layer).mkdir(parents=True, exist_ok=True)
    for name, sql in models.items():
        layer, table = name.split(".")
        (root / layer / f"{table}.sql").write_text(f"-- key: none (a test model)\n{sql}", encoding="utf-8")
    return root


# ---------------------------------------------------------------- settings

@pytest.mark.parametrize(("name", "value", "message"), [
    ("WIMI_QUARANTINE_DAYS", "abc", "WIMI_QUARANTINE_DAYS moet een geheel getal van 1 of meer zijn"),
    ("WIMI_QUARANTINE_DAYS", "-1", "nu: '-1'"),  # -1 purged the quarantine the load had just written
    ("WIMI_QUARANTINE_DAYS", "0", "van 1 of meer"),
    ("WIMI_DUCKDB_THREADS", "twee", "WIMI_DUCKDB_THREADS moet een geheel getal"),
    ("WIMI_DUCKDB_MEMORY", "3GB'; SET threads = 64; --", "WIMI_DUCKDB_MEMORY moet een hoeveelheid geheugen zijn"),
])
def test_a_bad_number_setting_is_refused_in_dutch(data_dir, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        get_settings()
    result = CliRunner().invoke(app, ["load", str(data_dir)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_memory_and_threads_reach_duckdb(data_dir, monkeypatch):
    monkeypatch.setenv("WIMI_DUCKDB_MEMORY", "512MB")
    monkeypatch.setenv("WIMI_DUCKDB_THREADS", "1")
    from pipelines.build import connect

    with connect(data_dir / "x.duckdb", get_settings()) as con:
        assert con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone() == (
            "488.2 MiB", 1)  # DuckDB shows 512 MB (10^6) in MiB (2^20): 512e6 / 2^20 = 488.28


# ---------------------------------------------------------------- files that are not what they seem

def _utf16(folder: Path) -> None:
    write_csv(folder / "uitkeringen.csv", rows()["uitkeringen"], encoding="utf-16")


def _zip(folder: Path) -> None:
    target = folder / "uitkeringen.csv"
    shutil.make_archive(str(folder.parent / "archief"), "zip", folder, "levering.csv")
    shutil.move(folder.parent / "archief.zip", target)


def _folder(folder: Path) -> None:
    (folder / "aanvragen.csv").unlink()
    (folder / "aanvragen.csv").mkdir()


def _zero_width(folder: Path) -> None:
    data = rows()["uitkeringen"]
    header = ["\u200bclient_id" if h == "client_id" else h for h in data[0]]
    write_csv(folder / "uitkeringen.csv", [{("\u200bclient_id" if k == "client_id" else k): v for k, v in r.items()}
                                           for r in data], header=header)


@pytest.mark.parametrize(("breakage", "message"), [
    (_utf16, "uitkeringen.csv: tekenset is UTF-16"),
    (_zip, "uitkeringen.csv: is een zip-archief"),
    (_folder, "aanvragen.csv: is een map, geen bestand"),
    (_zero_width, "uitkeringen.csv: kolom 'client_id' bevat een onzichtbaar teken (U+200B) op positie 1"),
])
def test_a_broken_file_is_named_for_what_is_really_wrong(data_dir, tmp_path, breakage, message):
    folder = write_delivery(tmp_path / "levering")
    breakage(folder)
    with pytest.raises(LoadError) as fout:
        load(folder)
    assert str(fout.value).startswith(message)
    assert "ontbreekt" not in str(fout.value) and "UTF-8 en geen Windows" not in str(fout.value)


def test_a_peildatum_after_today_fails(data_dir, tmp_path):
    data = rows()
    data["levering"][0]["peildatum"] = "2025-01-16"
    with pytest.raises(LoadError, match="peildatum 16-01-2025 ligt na vandaag .15-01-2025."):
        load(write_delivery(tmp_path / "a", data))  # test_load's NOW is 15-01-2025


# ---------------------------------------------------------------- the revised contract's cases

def test_unknown_municipality_parquet_month_long_line_and_decimal_comma(data_dir, tmp_path, monkeypatch):
    cbs = tmp_path / "cbs"
    cbs.mkdir()
    (cbs / "cbs_gemeenten_per_jaar_2015_2025.csv").write_text("jaar,gemeentecode\n2015,GM0344\n2025,GM0344\n")
    monkeypatch.setenv("WIMI_CBS_DIR", str(cbs))
    data = rows()
    data["uitkeringen"].append({**data["uitkeringen"][0], "uitkering_id": "U9", "gemeente_code": "GM9999"})
    data["aanvragen"][0]["notitie"] = "x" * (8 << 20)  # a column outside the contract, one 8 MB line
    data["aanvragen"][1]["notitie"] = ""
    folder = write_delivery(tmp_path / "a", data)
    # Parquet with maand typed as a date, as a system writes it
    (folder / "betalingen.csv").unlink()
    betalingen = pd.DataFrame(data["betalingen"])
    betalingen["maand"] = pd.to_datetime(betalingen["maand"] + "-01").dt.date
    betalingen.to_parquet(folder / "betalingen.parquet")
    # a decimal-comma file: 1.234 groups thousands; 12,345 has three decimals and is not rounded
    budget = [{"gemeente_code": "GM0344", "jaar": jaar, "fase": "definitief", "bedrag": bedrag}
              for jaar, bedrag in [("2022", "1.234"), ("2023", "1.000,5"), ("2024", "12,345")]]
    write_csv(folder / "budget.csv", budget, sep=";")
    report = load(folder)
    counts = {f.bestand: (f.gelezen, f.geladen, f.quarantaine) for f in report.bestanden}
    assert counts["uitkeringen.csv"] == (4, 3, 1)
    assert counts["betalingen.parquet"] == (5, 5, 0)
    assert counts["aanvragen.csv"] == (2, 2, 0)
    assert query(data_dir, "SELECT jaar, bedrag FROM budget ORDER BY jaar") == [
        (2022, Decimal("1234.00")), (2023, Decimal("1000.50"))]
    assert query(data_dir, "SELECT bestand, regel, kolom, reden FROM quarantaine ORDER BY bestand") == [
        ("budget.csv", 4, "bedrag", TE_VEEL_DECIMALEN), ("uitkeringen.csv", 5, "gemeente_code", ONBEKENDE_GEMEENTE)]
    # the load report lists the reasons with their counts and says where the rows are
    summary = report.summary()
    assert f"uitkeringen.csv kolom gemeente_code: {ONBEKENDE_GEMEENTE}: 1 rijen" in summary
    assert "Kwaliteit & verantwoording > Laadhistorie en quarantaine" in summary


def test_a_column_named_regel_is_no_clash_with_the_loaders_line_numbers(data_dir, tmp_path):
    data = rows()
    for i, row in enumerate(data["uitkeringen"]):
        row["regel"] = str(i)  # outside the contract: judged for BSNs, never stored
    report = load(write_delivery(tmp_path / "a", data))
    assert {f.bestand: f.geladen for f in report.bestanden}["uitkeringen.csv"] == 3


# ---------------------------------------------------------------- damaged and busy databases

def test_a_damaged_landing_database_and_warehouse_give_dutch_messages(data_dir, tmp_path):
    settings = get_settings()
    settings.landing_path.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(LoadError, match="landingsdatabase .* is beschadigd of geen DuckDB-bestand"):
        load(write_delivery(tmp_path / "a"))
    settings.warehouse_path.write_bytes(b"\0" * 5000)
    with pytest.raises(ExportError, match="is beschadigd of onvolledig; bouw het opnieuw met `wimi build`"):
        export_kpi_table(tmp_path / "kpi.csv", settings)
    result = CliRunner().invoke(app, ["export", "kpi", "--output", str(tmp_path / "kpi.csv")])
    assert result.exit_code == 1 and "beschadigd" in result.output and "Traceback" not in result.output


def test_a_held_landing_database_stops_load_and_build_in_dutch(data_dir, tmp_path):
    settings = get_settings()
    load(write_delivery(tmp_path / "a"))
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(settings.landing_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(LoadError) as fout:
            load(write_delivery(tmp_path / "b"))
        assert "is in gebruik door een ander proces" in str(fout.value)
        assert "lock" not in str(fout.value).lower()  # DuckDB's English stays out
        sql = tiny_models(tmp_path / "sql", {"staging.a": "SELECT count(*) AS n FROM raw.uitkeringen"})
        with pytest.raises(BuildError, match="is in gebruik .loopt er een `wimi load`"):
            build(settings, sql_dir=sql, python_models=False)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(os.geteuid() == 0, reason="root schrijft ook in een alleen-lezen map")
def test_a_build_in_a_read_only_data_folder_says_so(data_dir, tmp_path):
    sql = tiny_models(tmp_path / "sql", {"staging.a": "SELECT 1 AS n"})
    data_dir.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="geen schrijfrechten"):
            build(get_settings(), sql_dir=sql, python_models=False)
    finally:
        data_dir.chmod(0o755)


def test_a_build_in_a_data_folder_it_may_not_write_in_says_so_also_as_root(data_dir, tmp_path, monkeypatch):
    """As root (CI) a chmod stops no one: the operating system's refusal is made at its call instead, for every
    folder or file the build would make inside the data folder."""
    sql = tiny_models(tmp_path / "sql", {"staging.a": "SELECT 1 AS n"})
    echt_mkdir, echt_open = os.mkdir, os.open

    def geweigerd(echt):
        def aanroep(pad, *args, **kwargs):
            if Path(pad).resolve().is_relative_to(data_dir.resolve()) and Path(pad).resolve() != data_dir.resolve():
                raise PermissionError(13, "Permission denied", str(pad))
            return echt(pad, *args, **kwargs)
        return aanroep

    monkeypatch.setattr(os, "mkdir", geweigerd(echt_mkdir))
    monkeypatch.setattr(os, "open", geweigerd(echt_open))
    with pytest.raises(BuildError, match=f"geen schrijfrechten in de datamap {re.escape(str(data_dir))}"):
        build(get_settings(), sql_dir=sql, python_models=False)
    assert not (data_dir / "warehouse.duckdb").exists()


def test_a_quote_in_the_data_folder_path(tmp_path, monkeypatch):
    folder = tmp_path / "o'brien"
    monkeypatch.setenv("WIMI_DATA_DIR", str(folder))
    monkeypatch.setenv("WIMI_CBS_DIR", str(tmp_path / "cbs'map"))
    load(write_delivery(tmp_path / "a"))
    sql = tiny_models(tmp_path / "sql", {"staging.a": "SELECT count(*) AS n FROM raw.uitkeringen",
                                         "staging.b": "SELECT '{{ data_dir }}' AS map"})
    build(get_settings(), sql_dir=sql, python_models=False)
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT n, map FROM staging.a, staging.b").fetchone() == (3, folder.as_posix())


# ---------------------------------------------------------------- builds: leftovers, retention, exact sums

def test_a_build_removes_what_a_killed_build_left_and_says_so(data_dir, tmp_path, monkeypatch):
    settings = get_settings()
    for leftover in (settings.warehouse_next_path, Path(str(settings.warehouse_next_path) + ".wal")):
        leftover.write_bytes(b"half")
    result = build(settings, sql_dir=tiny_models(tmp_path / "sql", {"staging.a": "SELECT 1 AS n"}),
                   python_models=False)
    assert result["opgeruimd"] == ["warehouse.next.duckdb", "warehouse.next.duckdb.wal"]
    # demo/ holds the fictional CBS frame on a clone without the snapshot
    assert sorted(p.name for p in data_dir.iterdir() if p.name != "demo") == ["warehouse.duckdb"]
    # the command says so, and names its CBS source
    monkeypatch.setattr("pipelines.build.build", lambda progress: {**result, "cbs_bron": "setting",
                                                                     "cbs_map": tmp_path / "cbs"})
    output = " ".join(CliRunner().invoke(app, ["build"]).output.split())  # rich wraps long lines
    assert "Resten van een afgebroken build verwijderd: warehouse.next.duckdb, warehouse.next.duckdb.wal" in output
    assert f"CBS-cijfers uit: de map van WIMI_CBS_DIR ({tmp_path / 'cbs'})" in output


def test_the_build_leaves_out_quarantine_past_its_retention(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("WIMI_QUARANTINE_DAYS", "30")
    data = rows()
    data["uitkeringen"][0]["regeling"] = "XYZ"
    load(write_delivery(tmp_path / "a", data), now=datetime.now() - timedelta(days=31))
    assert query(data_dir, "SELECT count(*) FROM quarantaine") == [(3,)]  # the benefit and its two payments
    sql = tiny_models(tmp_path / "sql", {})
    shutil.copy(SQL_DIR / "marts" / "quarantaine.sql", sql / "marts")
    build(get_settings(), sql_dir=sql, python_models=False)
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marts.quarantaine").fetchone() == (0,)


def test_sums_of_cbs_figures_are_exact_whatever_the_thread_order():
    with duckdb.connect() as con:
        con.execute("SET threads = 2")
        create_schemas_and_macros(con)
        # 0.1 has no exact double: added in any order a million times it drifts (100000.00000133288)
        exact, plain = con.execute("SELECT som_exact(x), sum(x) FROM (SELECT 0.1::DOUBLE AS x FROM range(1000000))"
                                   ).fetchone()
    assert exact == 100000.0
    assert plain != 100000.0


# ---------------------------------------------------------------- regional deliveries

def _regional() -> dict:
    data = rows()
    data["uitkeringen"][2]["gemeente_code"] = "GM0289"  # U3 and its payment, applicant C3's application
    data["aanvragen"][0]["gemeente_code"] = "GM0289"
    return data


def test_a_municipalitys_part_of_a_regional_delivery_can_be_withdrawn(data_dir, tmp_path):
    regional = load(write_delivery(tmp_path / "regio", _regional()))
    assert regional.gemeenten == ["GM0289", "GM0344"]
    own = rows()
    own["levering"][0]["peildatum"] = "2025-01-10"
    with pytest.raises(LoadError, match="zou die gemeenten wissen"):
        load(write_delivery(tmp_path / "eigen", own))
    rest = intrekken(get_settings(), regional.levering_id, ["gm0344"], now=datetime(2025, 1, 15, 10))
    assert rest.gemeenten == ["GM0289"]
    assert query(data_dir, "SELECT uitkering_id FROM uitkeringen") == [("U3",)]
    assert query(data_dir, "SELECT uitkering_id FROM betalingen") == [("U3",)]
    assert query(data_dir, "SELECT aanvraag_id FROM aanvragen") == [("A1",)]
    assert query(data_dir, "SELECT count(*) FROM vorderingen") == [(0,)]
    load(write_delivery(tmp_path / "eigen2", own), now=datetime(2025, 1, 15, 11))
    assert [(lev.levering_id == regional.levering_id, lev.gemeenten) for lev in lijst(get_settings())] == [
        (True, ["GM0289"]), (False, ["GM0344"])]
    assert query(data_dir, "SELECT status, gemeenten, melding FROM laadhistorie WHERE levering_id = ? "
                 "ORDER BY geladen_op", [regional.levering_id]) == [
        ("geladen", ["GM0289", "GM0344"], None),
        ("ingetrokken", ["GM0344"], "ingetrokken voor GM0344; blijft geladen voor GM0289")]
    listing = CliRunner().invoke(app, ["leveringen"])
    assert listing.exit_code == 0 and f"{regional.levering_id}\tpeildatum 31-12-2024\tGM0289\t" in listing.output
    whole = CliRunner().invoke(app, ["leveringen", "intrekken", regional.levering_id])
    assert whole.exit_code == 0 and f"Levering {regional.levering_id} ingetrokken." in whole.output
    assert query(data_dir, "SELECT DISTINCT gemeente_code FROM uitkeringen") == [("GM0344",)]
    unknown = CliRunner().invoke(app, ["leveringen", "intrekken", "0000"])
    assert unknown.exit_code == 1 and "levering 0000 is niet geladen" in unknown.output


# ---------------------------------------------------------------- interrupted commands

def test_ctrl_c_during_a_load_is_a_dutch_message(data_dir, tmp_path, monkeypatch):
    def interrupted(folder, settings):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipelines.load.delivery.load_delivery", interrupted)
    result = CliRunner().invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 1
    assert "afgebroken; van die levering is niets geladen" in result.output and "Traceback" not in result.output


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            found.update(map(int, children))
            todo += map(int, children)
    return found


def test_wimi_serve_stopped_with_sigterm_leaves_no_streamlit_running(data_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "WIMI_AUTH": "uit"}
    serve = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "serve", "--port", str(port)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        running: set[int] = set()
        for _ in range(300):  # until the server answers
            running |= _descendants(serve.pid) | {serve.pid}
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("dashboard startte niet")
        running |= _descendants(serve.pid)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=15)
        time.sleep(0.3)
        alive = [pid for pid in running if Path(f"/proc/{pid}").exists()
                 and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
        assert alive == []
    finally:
        for pid in _descendants(serve.pid) if serve.poll() is None else ():
            os.kill(pid, signal.SIGKILL)
        serve.kill()
