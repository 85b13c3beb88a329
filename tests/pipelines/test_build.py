"""The build runner: dependency order, checks, and the atomic swap that keeps the old warehouse."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.build import BuildError, build, discover_models, order_models
from pipelines.settings import SQL_DIR, get_settings


def write_models(root: Path, models: dict[str, str]) -> Path:
    """A sql/ folder with these models; one without its own key line gets `-- key: none`, as the build demands."""
    for name, sql in models.items():
        layer, table = name.split(".")
        (root / layer).mkdir(parents=True, exist_ok=True)
        if layer != "checks" and not sql.startswith("-- key:"):
            sql = f"-- key: none (a test model)\n{sql}"
        (root / layer / f"{table}.sql").write_text(sql, encoding="utf-8")
    for layer in ("staging", "intermediate", "marts", "checks"):
        (root / layer).mkdir(parents=True, exist_ok=True)
    return root


def run(sql_dir: Path, progress=None) -> dict:
    return build(get_settings(), progress=progress, sql_dir=sql_dir, python_models=False)


def table(name: str) -> list[tuple]:
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        return con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()


def test_models_run_after_what_they_reference_and_comments_do_not_count(tmp_path):
    sql = write_models(tmp_path / "sql", {
        "marts.b": "-- built from staging.a; intermediate.c is only mentioned here\nSELECT x + 1 AS y FROM staging.a",
        "staging.a": "SELECT 41 AS x",
        "intermediate.c": "-- mentions marts.b, which must not make a cycle\nSELECT 1 AS z",
    })
    names = [m.name for m in order_models(discover_models(sql, python_models=False))]
    assert names.index("staging.a") < names.index("marts.b")
    assert len(names) == 3


def test_a_cycle_is_named(tmp_path):
    sql = write_models(tmp_path / "sql",
                       {"staging.a": "SELECT * FROM staging.b", "staging.b": "SELECT * FROM staging.a"})
    with pytest.raises(BuildError, match="kringverwijzing"):
        order_models(discover_models(sql, python_models=False))


def test_a_macro_file_is_made_after_what_it_reads_and_stays_for_its_callers(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {
        "staging.a": "SELECT 41 AS x",
        # a table macro over staging.a; DuckDB checks staging.a exists when the macro is made
        "intermediate.plus": ("-- x + n\n"
                              "CREATE OR REPLACE MACRO intermediate.plus(n) AS TABLE SELECT x + n AS y FROM staging.a"),
        "marts.b": "SELECT * FROM intermediate.plus(1)",
    })
    names = [m.name for m in order_models(discover_models(sql, python_models=False))]
    assert names.index("staging.a") < names.index("intermediate.plus") < names.index("marts.b")
    run(sql)
    assert table("marts.b") == [(42,)]
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        assert con.execute("SELECT * FROM intermediate.plus(?)", [2]).fetchall() == [(43,)]  # as a page calls it


def test_a_macro_file_must_make_the_macro_it_is_named_for(tmp_path):
    sql = write_models(tmp_path / "sql", {"intermediate.plus": "CREATE OR REPLACE MACRO intermediate.min(n) AS n - 1"})
    with pytest.raises(BuildError, match="plus.sql maakt macro intermediate.min, verwacht intermediate.plus"):
        discover_models(sql, python_models=False)


def test_build_swaps_in_a_new_warehouse(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {"staging.a": "SELECT 41 AS x", "marts.b": "SELECT x + 1 AS y FROM staging.a"})
    run(sql)
    assert table("marts.b") == [(42,)]
    assert not get_settings().warehouse_next_path.exists()


@pytest.mark.parametrize("breakage", [
    {"marts.b": "SELECT no_such_column FROM staging.a"},  # a model that fails half-way
    {"checks.a__positive": "SELECT * FROM staging.a WHERE x > 0"},  # an error-level check with rows
])
def test_a_failed_build_leaves_the_previous_warehouse_intact(data_dir, tmp_path, breakage):
    good = write_models(tmp_path / "good",
                        {"staging.a": "SELECT 41 AS x", "marts.b": "SELECT x + 1 AS y FROM staging.a"})
    run(good)
    before = get_settings().warehouse_path.read_bytes()
    bad = write_models(tmp_path / "bad", {"staging.a": "SELECT 7 AS x", "marts.b": "SELECT x AS y FROM staging.a",
                                          **breakage})
    with pytest.raises(BuildError):
        run(bad)
    assert get_settings().warehouse_path.read_bytes() == before
    assert table("marts.b") == [(42,)]
    assert not get_settings().warehouse_next_path.exists()


def test_an_interrupted_build_leaves_the_previous_warehouse_intact(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {"staging.a": "SELECT 41 AS x", "marts.b": "SELECT x + 1 AS y FROM staging.a"})
    run(sql)

    def interrupt(index, total, name):
        if name == "marts.b":
            raise KeyboardInterrupt  # Ctrl-C, or the machine stopping the process

    with pytest.raises(KeyboardInterrupt):
        run(write_models(tmp_path / "other", {"staging.a": "SELECT 1 AS x", "marts.b": "SELECT x FROM staging.a"}),
            progress=interrupt)
    assert table("marts.b") == [(42,)]
    assert not get_settings().warehouse_next_path.exists()


def test_a_build_stopped_by_sigterm_leaves_no_half_built_file_and_no_temp_folder(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {"staging.a": "SELECT 41 AS x",
                                          "marts.b": "SELECT sum(range) AS y FROM range(1000000000000)"})
    script = ("import sys; from pathlib import Path; from pipelines.build import build; "
              "from pipelines.settings import get_settings; "
              "build(get_settings(), sql_dir=Path(sys.argv[1]), python_models=False)")
    process = subprocess.Popen([sys.executable, "-c", script, str(sql)],
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        scratch = data_dir / f".wimi-tmp-build-{process.pid}"
        for _ in range(200):  # until the build is busy in its endless model
            if scratch.exists() and get_settings().warehouse_next_path.exists():
                break
            time.sleep(0.05)
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) != 0
    finally:
        process.kill()
    assert sorted(p.name for p in data_dir.iterdir() if p.name != "demo") == []  # demo: the fictional CBS frame


def test_a_warning_check_reports_without_failing(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {"staging.a": "SELECT 41 AS x",
                                          "checks.a__warn": "-- severity: warn\nSELECT * FROM staging.a"})
    result = run(sql)
    assert ("checks.a__warn", 1) in [(name, rows) for name, _, rows in result["models"]]
    assert table("checks.a__warn") == [(41,)]


def test_a_fictional_frame_named_by_setting_is_still_called_fictional(data_dir, tmp_path, monkeypatch,
                                                                      fictional_cbs_dir):
    monkeypatch.setenv("WIMI_CBS_DIR", str(fictional_cbs_dir))
    run(write_models(tmp_path / "sql", {"staging.a": "SELECT 1 AS x"}))
    assert table("marts.build_info")[0][1] == "fictief"  # every page then says the municipalities are fictional


def test_a_model_marked_view_is_a_view_that_pages_can_read(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {
        "staging.a": "SELECT 41 AS x",
        "intermediate.b": "-- Grain: one row per a\n-- materialized: view\nSELECT x + 1 AS y FROM staging.a",
        "marts.c": "SELECT y * 2 AS z FROM intermediate.b",
    })
    run(sql)
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        views = con.execute("SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    assert views == [("intermediate", "b")]
    assert table("intermediate.b") == [(42,)]  # 41 + 1, read without the build's connection
    assert table("marts.c") == [(84,)]  # (41 + 1) * 2


def test_a_view_over_the_landing_database_is_refused(tmp_path):
    sql = write_models(tmp_path / "sql", {"staging.a": "-- materialized: view\nSELECT * FROM raw.uitkeringen"})
    with pytest.raises(BuildError, match="view maar leest raw"):
        discover_models(sql, python_models=False)


def test_a_landing_database_of_an_older_version_builds_without_a_reload(data_dir, tmp_path):
    # a landing database from before lasten_lks.csv and vorderingen.regeling existed
    settings = get_settings()
    with duckdb.connect(str(settings.landing_path)) as landing:
        landing.execute((SQL_DIR / "landing.sql").read_text(encoding="utf-8"))
        landing.execute("DROP TABLE lasten_lks")
        landing.execute("ALTER TABLE vorderingen DROP COLUMN regeling")
    sql = write_models(tmp_path / "sql", {
        "staging.lks": "SELECT count(*) AS n FROM raw.lasten_lks",
        "staging.regeling": "SELECT count(regeling) AS n FROM raw.vorderingen",
    })
    run(sql)
    assert table("staging.lks") == [(0,)] and table("staging.regeling") == [(0,)]


def test_a_repeated_key_fails_the_build_in_dutch_and_keeps_the_previous_warehouse(data_dir, tmp_path):
    good = write_models(tmp_path / "good", {"staging.a": "-- key: g, p\nSELECT 'GM0001' AS g, '2024' AS p, 1 AS x"})
    run(good)
    before = get_settings().warehouse_path.read_bytes()
    # GM0001/2024 twice, and a second pair that differs only in p
    bad = write_models(tmp_path / "bad", {"staging.a": "-- key: g, p\nSELECT * FROM (VALUES ('GM0001', '2024', 1), "
                                                       "('GM0001', '2024', 2), ('GM0002', '2023', 3), "
                                                       "('GM0002', '2024', 4)) AS t(g, p, x)"})
    with pytest.raises(BuildError) as failure:
        run(bad)
    assert str(failure.value) == ("model staging.a: de sleutel (g, p) is niet uniek: g = GM0001, p = 2024 komt 2 keer "
                                  "voor (NULL telt als waarde)")
    assert get_settings().warehouse_path.read_bytes() == before
    assert not get_settings().warehouse_next_path.exists()


def test_a_null_in_a_key_column_counts_as_a_value(data_dir, tmp_path):
    sql = write_models(tmp_path / "sql", {"marts.b": "-- key: g, p\nSELECT * FROM (VALUES ('GM0001', NULL), "
                                                     "('GM0001', NULL), ('GM0001', '2024')) AS t(g, p)"})
    with pytest.raises(BuildError, match="g = GM0001, p = NULL komt 2 keer voor"):
        run(sql)
    # one NULL beside a value is a key like any other
    run(write_models(tmp_path / "ok", {"marts.b": "-- key: g, p\nSELECT * FROM (VALUES ('GM0001', NULL), "
                                                  "('GM0001', '2024')) AS t(g, p)"}))
    assert table("marts.b") == [("GM0001", "2024"), ("GM0001", None)]


def test_a_model_without_a_key_line_fails_discovery_and_a_multiset_says_none(tmp_path):
    sql = write_models(tmp_path / "sql", {})
    for first_line in ("-- Grain: one row per x", "-- key: none", "-- key:", "SELECT 1 AS x -- key: x"):
        (sql / "staging" / "a.sql").write_text(f"{first_line}\nSELECT 1 AS x", encoding="utf-8")
        with pytest.raises(BuildError, match="model staging.a begint niet met een sleutelregel"):
            discover_models(sql, python_models=False)
    sql = write_models(tmp_path / "sql", {"staging.a": "-- key: none (movements without an id)\nSELECT 1 AS x",
                                          "staging.b": "-- key: x,y\n-- Grain: one row per x and y\nSELECT 1 AS x"})
    assert {m.name: m.key for m in discover_models(sql, python_models=False)} == {"staging.a": (),
                                                                                  "staging.b": ("x", "y")}


def test_a_python_model_without_keys_fails_discovery(tmp_path, monkeypatch):
    import pipelines.models.peers

    sql = write_models(tmp_path / "sql", {})
    keys = {m.name: m.key for m in discover_models(sql)}
    assert keys["marts.peers"] == ("gemeente_code", "methode", "peer_code")
    assert keys["marts.peer_features"] == ("gemeente_code",)  # a second table of the same Python model
    monkeypatch.setattr(pipelines.models.peers, "KEYS", {"marts.peers": ("gemeente_code",)})
    with pytest.raises(BuildError, match="pipelines.models.peers: KEYS noemt de sleutel van elke tabel"):
        discover_models(sql)


def test_every_model_of_the_repository_states_its_key():
    models = [m for m in discover_models() if m.kind in ("sql", "python")]
    assert len(models) > 80
    multisets = sorted(m.name for m in models if not m.key)
    assert multisets == ["intermediate.vordering_mutaties", "staging.extract__aflossingen",
                         "staging.extract__contacten"]
    # a macro file shapes no table, so it states no key
    macros = {m.name: m.key for m in discover_models() if m.kind == "macro"}
    assert macros["intermediate.budget_berekening"] == () and macros["intermediate.vangnet_regeljaar"] == ()
