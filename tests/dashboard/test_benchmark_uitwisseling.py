"""Two demo installations exchange benchmark packages (issue 15, done when): each shows the other's real
quarterly figure on Vergelijken, named as the partner's package with its peildatum, in place of the synthetic
stand-in; and no package holds a small number. On the fictional CBS frame (30 municipalities: a build is short)."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import format as fmt
from pipelines.benchmark.deel import deel
from pipelines.benchmark.importeer import importeer
from pipelines.build import build
from pipelines.demo.generate import generate_demo
from pipelines.load.delivery import load_delivery
from pipelines.settings import get_settings

APP = "../../dashboard/paginas/vergelijken.py"
EERSTE, TWEEDE = "GM9001", "GM9003"  # both in the fictional Limburg: each in the other's peer table


def installatie(monkeypatch, folder: Path, levering: Path, feed: Path, pakketten: list[Path]):
    """A data folder with one municipality's delivery, the synthetic feed and the partners' packages, built."""
    monkeypatch.setenv("WIMI_DATA_DIR", str(folder))
    settings = get_settings()
    (folder / "feed").mkdir(parents=True, exist_ok=True)
    shutil.copy(feed, folder / "feed" / feed.name)
    load_delivery(levering, settings)
    if pakketten:
        assert {u.status for u in importeer(settings, pakketten)} == {"geladen"}
    build(settings)
    return settings


def lees(pakket: Path) -> pd.DataFrame:
    """A package's figures: the total's uitsplitsing '' as in the KPI table, empty numbers NaN."""
    gedeeld = pd.read_csv(pakket / "cijfers.csv", dtype={"periode": str, "uitsplitsing": str},
                          float_precision="round_trip")
    return gedeeld.assign(uitsplitsing=gedeeld["uitsplitsing"].fillna(""))


def kpi(settings, sql: str, params=()) -> pd.DataFrame:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def peer_tabel(monkeypatch, als, settings, gemeente: str) -> tuple[pd.DataFrame, str]:
    monkeypatch.setenv("WIMI_DATA_DIR", str(settings.data_dir))
    at = als(AppTest.from_file(APP, default_timeout=90), "manager")
    at.query_params["gemeente"] = gemeente
    # extract and feed per quarter, benefits per 1.000 inhabitants, the province: one run instead of one per choice
    for key, keuze in (("soort", "eigen"), ("indicator", "bijstand_per_1000_inwoners"), ("methode", "provincie")):
        at.session_state[f"vergelijken_{key}"] = keuze
    at.run()
    assert not at.exception
    assert at.radio(key="vergelijken_soort").value == "eigen"
    return next(d.value for d in at.dataframe if "bron" in d.value.columns), at.selectbox(
        key="vergelijken_periode").value


def test_two_installations_show_each_others_quarterly_figures(fictional_cbs_dir, data_dir, tmp_path, monkeypatch,
                                                              als):
    monkeypatch.setenv("WIMI_FORECAST_SCOPE", "none")
    monkeypatch.setenv("WIMI_CBS_DIR", str(fictional_cbs_dir))
    generate_demo(van="2022-01", gemeenten=f"{EERSTE},{TWEEDE}", scale=0.2, output=tmp_path / "demo")
    extracts, feed = tmp_path / "demo" / "extracts", tmp_path / "demo" / "feed" / "synthetic_demo.parquet"

    eerste = installatie(monkeypatch, tmp_path / "eerste", extracts / EERSTE, feed, [])
    [pakket_eerste] = deel(eerste, tmp_path / "van_eerste")
    tweede = installatie(monkeypatch, tmp_path / "tweede", extracts / TWEEDE, feed, [pakket_eerste])
    [pakket_tweede] = deel(tweede, tmp_path / "van_tweede")
    monkeypatch.setenv("WIMI_DATA_DIR", str(eerste.data_dir))
    assert [u.status for u in importeer(eerste, [pakket_tweede])] == ["geladen"]
    build(eerste)

    pakketten = {EERSTE: pakket_eerste, TWEEDE: pakket_tweede}
    for thuis, partner, bij_partner in ((tweede, EERSTE, eerste), (eerste, TWEEDE, tweede)):
        eigen = TWEEDE if partner == EERSTE else EERSTE
        tabel, kwartaal = peer_tabel(monkeypatch, als, thuis, eigen)
        # the partner's own extract figure, as its own warehouse has it
        [waarde] = kpi(bij_partner, "SELECT waarde FROM marts.kpi WHERE gemeente_code = ? AND periode = ? AND "
                                    "indicator = 'bijstand_per_1000_inwoners' AND uitsplitsing = '' "
                                    "AND bron = 'extract'", [partner, kwartaal])["waarde"]
        rij = tabel.set_index("gemeente_code").loc[partner]
        assert rij["waarde"] == fmt.waarde(waarde, "per_1000")
        assert rij["bron"] == "pakket van de gemeente (demo-extract), peildatum 31-12-2025"
        assert tabel.set_index("gemeente_code").loc[eigen, "bron"] == "eigen extract (demo), peildatum 31-12-2025"
        # its synthetic stand-in is gone; other municipalities keep theirs, labelled
        assert kpi(thuis, "SELECT DISTINCT bron FROM marts.kpi WHERE gemeente_code = ? AND bron <> 'cbs'",
                   [partner])["bron"].tolist() == ["partner"]
        assert "synthetische benchmarkfeed (demo, verzonnen)" in tabel["bron"].tolist()
        # every figure of the package arrived, with its value
        gedeeld = lees(pakketten[partner])
        ontvangen = kpi(thuis, "SELECT periode, indicator, uitsplitsing, waarde FROM intermediate.kpi_feed "
                               "WHERE gemeente_code = ? AND bron = 'partner'", [partner])
        samen = gedeeld.merge(ontvangen, on=["periode", "indicator", "uitsplitsing"], suffixes=("", "_ontvangen"))
        assert len(samen) == len(gedeeld) == len(ontvangen)
        assert (samen["waarde"].fillna(-1) == samen["waarde_ontvangen"].fillna(-1)).all()

    # nothing below 10 left the first, and what was removed was there to remove
    gedeeld = lees(pakket_eerste)
    eenheden = kpi(eerste, "SELECT id, eenheid FROM marts.indicatoren").set_index("id")["eenheid"]
    assert not [r for r in gedeeld.itertuples() if fmt.afgeschermd(
        None if pd.isna(r.teller) else r.teller, None if pd.isna(r.noemer) else r.noemer, r.waarde,
        eenheden[r.indicator])]
    eigen_rijen = kpi(eerste, "SELECT * FROM intermediate.kpi_extract WHERE periode_soort IN ('kwartaal', 'jaar')")
    klein = [r for r in eigen_rijen.itertuples() if fmt.afgeschermd(
        None if pd.isna(r.teller) else r.teller, None if pd.isna(r.noemer) else r.noemer, r.waarde,
        eenheden[r.indicator])]
    assert klein, "the demo has small breakdowns: the test must see some removed"
    weg = {(r.periode, r.indicator, r.uitsplitsing) for r in klein}
    assert not weg & set(zip(gedeeld["periode"], gedeeld["indicator"], gedeeld["uitsplitsing"], strict=True))
