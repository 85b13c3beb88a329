"""`wimi fetch-cbs` against the local CBS stand-in: a complete folder that builds to the snapshot's CBS
KPI rows for 2015-2017, paging, retries, offline, failures that leave the old folder, `--tabel`, and
measures found by title when the numbered keys differ."""
from __future__ import annotations

import hashlib
import shutil
import socket
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from standin_inhoud import Snapshot, stand_in_kwartaal
from standin_server import installeer
from typer.testing import CliRunner

import pipelines.settings
from pipelines.build import build
from pipelines.cbs import tabellen
from pipelines.cbs.fetch import fetch
from pipelines.cbs.odata import CbsFout, Maat, kies_maat
from pipelines.cbs.tabellen import _schoon
from pipelines.cli import app
from pipelines.settings import SHARED_CBS_DIR, get_settings

KPI_2015_2017 = ("SELECT gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde FROM marts.kpi "
                 "WHERE bron = 'cbs' AND periode IN ('2015', '2016', '2017') ORDER BY ALL")


@pytest.fixture(scope="session")
def fetched(standin_server, tmp_path_factory):
    """One full download against the stand-in, reused (copied) by the tests. Meanwhile the snapshot path
    points nowhere and every file opened under the real snapshot is recorded: (folder, message,
    requests, snapshot files opened)."""
    data = tmp_path_factory.mktemp("fetched")
    geopend: list[str] = []
    kijken = [True]

    def audit(event: str, args: tuple) -> None:
        if event == "open" and kijken[0] and str(args[0]).startswith(str(SHARED_CBS_DIR)):
            geopend.append(str(args[0]))

    sys.addaudithook(audit)  # a hook cannot be removed: `kijken` switches it off after the download
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipelines.settings, "SHARED_CBS_DIR", data / "geen_snapshot")
        mp.setenv("WIMI_DATA_DIR", str(data))
        mp.delenv("WIMI_CBS_DIR", raising=False)
        installeer(mp, standin_server)
        try:
            message = fetch(get_settings())
        finally:
            kijken[0] = False
    return data / "cbs", message, list(standin_server.verzoeken), geopend


def _copy(fetched_folder: Path, data_dir: Path) -> Path:
    target = data_dir / "cbs"
    shutil.copytree(fetched_folder, target)
    return target


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def test_a_full_download_is_complete_and_builds_the_snapshots_cbs_rows(standin, fetched, data_dir, monkeypatch):
    folder, message, requests, geopend = fetched
    assert (folder / ".complete").exists()
    assert geopend == []  # the command read nothing of the snapshot
    assert "35 CBS-tabellen" in message
    for jaar in range(2015, 2026):
        assert (folder / "geo" / f"cbs_gemeenten_{jaar}.geojson").exists()
    assert not folder.with_name("cbs.tmp").exists()

    # 83450NED has 1,455 rows: with 500 a page the client must follow two next links
    pages = [r for r in requests if "/83450NED/TypedDataSet" in r]
    assert len(pages) == 3 and "%24skip=1000" in pages[-1]
    assert len(_read(folder, tabellen.BIJSTAND_BESTAND).query("jaar == '2015'")) == 1455

    # the real rows came back as the snapshot has them, down to the text; the persons file too, whose 2019
    # and 2024 rows come from the KWB editions (real values there)
    for name in (tabellen.BIJSTAND_BESTAND, tabellen.PERSONEN_BESTAND):
        ours, theirs = _read(folder, name), _read(SHARED_CBS_DIR, name)
        assert list(ours.columns) == list(theirs.columns)
        assert sorted(map(tuple, ours.to_numpy())) == sorted(map(tuple, theirs.to_numpy())), name
    assert not [r for r in requests if "82339NED" in r or "70904ned" in r]  # older editions left alone
    # Amsterdam, 15 to AOW age: 41,740 / 42,220 / 41,780 persons (the snapshot's SOURCES.md)
    personen = _read(folder, tabellen.PERSONEN_BESTAND).set_index(["jaar", "gemeente_code"])
    assert [personen.loc[(j, "GM0363"), "bijstand_personen"] for j in ("2015", "2016", "2017")] == \
        ["41740", "42220", "41780"]

    monkeypatch.setenv("WIMI_FORECAST_SCOPE", "none")
    monkeypatch.setenv("WIMI_DATA_DIR", str(data_dir / "snapshot"))
    monkeypatch.setenv("WIMI_CBS_DIR", str(SHARED_CBS_DIR))
    build(get_settings())
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        theirs = con.execute(KPI_2015_2017).fetchall()
        assert con.execute("SELECT count(corop_code) FROM staging.cbs__gemeenten_per_jaar").fetchone()[0] == 0
    monkeypatch.delenv("WIMI_CBS_DIR")

    # with the crosswalk computed from the downloaded boundaries: the snapshot's rows to within the rounding of
    # the area shares (4 decimals), because the generalised boundaries give slightly other slivers
    computed = _kpi_2015_2017_built_on(folder, data_dir / "berekend", monkeypatch)
    assert [r[:4] for r in computed] == [r[:4] for r in theirs]
    assert all(_close(a, b) for ours, snap in zip(computed, theirs, strict=True)
               for a, b in zip(ours[4:], snap[4:], strict=True))

    # with the snapshot's crosswalk given as the official file: exactly the snapshot's rows
    monkeypatch.setenv("WIMI_DATA_DIR", str(data_dir / "officieel"))
    monkeypatch.setenv("WIMI_CBS_CROSSWALK", str(SHARED_CBS_DIR / "gemeente_crosswalk_naar_2025.csv"))
    fetch(get_settings())
    monkeypatch.delenv("WIMI_CBS_CROSSWALK")
    exact = _kpi_2015_2017_built_on(data_dir / "officieel" / "cbs", data_dir / "officieel", monkeypatch)
    assert len(exact) > 6000 and exact == theirs


def _close(a, b) -> bool:
    return (a is None and b is None) or abs(a - b) <= 2e-4 * max(abs(b), 1)


def _kpi_2015_2017_built_on(cbs_folder: Path, data: Path, monkeypatch) -> list[tuple]:
    """Build with `cbs_folder` at the download location (found without WIMI_CBS_DIR) and read the CBS rows."""
    if cbs_folder != data / "cbs":
        shutil.copytree(cbs_folder, data / "cbs")
    monkeypatch.setenv("WIMI_DATA_DIR", str(data))
    build(get_settings())
    with duckdb.connect(str(get_settings().warehouse_path), read_only=True) as con:
        assert con.execute("SELECT cbs_bron FROM marts.build_info").fetchone()[0] == "download"
        # the code lists' COROP and labour-market regions reach staging (the snapshot has none: NULL)
        assert con.execute("SELECT count(arbeidsmarktregio_code) FROM staging.cbs__gemeenten_per_jaar "
                           "WHERE jaar = 2025").fetchone()[0] == 342
        return con.execute(KPI_2015_2017).fetchall()




def test_the_quarterly_file_has_every_municipality_and_quarter(fetched, cbs_snapshot):
    folder = fetched[0]
    kwartaal = _read(folder, tabellen.KWARTAAL_BESTAND)
    assert set(kwartaal["cbs_tabel"]) == {"83577NED", "83759NED", "84417NED", "84692NED", "84897NED", "85042NED",
                                          "85317NED", "85586NED", "86003NED", "99825NED"}  # 2025 from the catalogue
    assert not kwartaal.duplicated(["periode", "gemeente_code"]).any()  # 83759NED repeats 2016Q4: left out
    assert set(kwartaal.query("cbs_tabel == '83759NED'")["jaar"]) == {"2017"}
    gemeenten = kwartaal[kwartaal["gemeente_code"] != "NL01"]
    per_jaar = gemeenten.groupby("jaar")["gemeente_code"].nunique()
    assert per_jaar["2016"] == 390 and per_jaar["2024"] == 342  # the division of each edition; no districts
    # the national row as CBS publishes it, suppressed municipalities included: Schiermonnikoog's 10 of KWB 2024
    # (suppressed in its own cell) counts in NL; the 2025 edition (bijstand as a SoortUitkering code) has none
    nl = kwartaal.query("gemeente_code == 'NL01' and periode == '2024Q2'").iloc[0]
    codes_2024 = gemeenten.query("periode == '2024Q2'")["gemeente_code"]
    laatste = Snapshot(cbs_snapshot).laatste_bijstand()
    basis = {code: stand_in_kwartaal(telling, 2024, 2) for code, telling in laatste.items()}
    assert int(nl["bijstand_personen"]) == sum(basis[code] for code in codes_2024 if code in basis)
    gepubliceerd = pd.to_numeric(gemeenten.query("periode == '2024Q2'")["bijstand_personen"]).sum()
    assert int(nl["bijstand_personen"]) > gepubliceerd
    assert nl["gemeentenaam"] == "Nederland"
    assert kwartaal.query("gemeente_code == 'NL01'")["periode"].str.startswith("2025").sum() == 0
    # 2025 has bijstand as a code of its SoortUitkering dimension: 35,620 x 0.99 = 35,264 -> 35,260
    assert set(kwartaal.query("jaar == '2025'")["kwartaal"]) == {"1", "2"}
    assert kwartaal.query("periode == '2025Q1' and gemeente_code == 'GM0363'")["bijstand_personen"].item() == "35260"
    row = kwartaal.query("periode == '2024Q2' and gemeente_code == 'GM0363'").iloc[0]
    # 35,620 (KWB 2024) x 1.004, to tens: 35,762 -> 35,760
    assert (row["bijstand_personen"], row["peildatum"], row["gemeentenaam"]) == ("35760", "2024-06-30", "Amsterdam")
    assert row["inwoners_definitie"] == "15_tot_AOW"
    assert int(row["bijstand_personen"]) == stand_in_kwartaal(35620, 2024, 2)
    definities = kwartaal.groupby("jaar")["inwoners_definitie"].first()
    assert (definities["2016"], definities["2018"], definities["2020"]) == ("", "15_plus", "15_tot_AOW")
    # a small count CBS suppresses stays empty, never 0 (Schiermonnikoog: 10 in KWB 2024)
    assert kwartaal.query("gemeente_code == 'GM0088'")["bijstand_personen"].eq("").all()


def test_measures_are_found_by_title_where_the_key_differs(fetched, cbs_snapshot):
    folder = fetched[0]
    # KWB 2021 calls inhabitants TotaleBevolking_10, not AantalInwoners_<n>
    wonen = _read(folder, tabellen.KWB_WONEN_BESTAND).query("jaar == '2021'").set_index("gwb_code")
    snapshot = _read(cbs_snapshot, tabellen.KWB_WONEN_BESTAND).query("jaar == '2021'").set_index("gwb_code")
    assert len(wonen) == 352 and wonen["a_inw"].equals(snapshot.loc[wonen.index, "a_inw"])
    # KWB 2024 gives origin outside Europe as a count under another key: back to whole percentages
    peil = _read(folder, tabellen.KWB_PEIL_BESTAND).set_index("gemeentecode")
    echt = _read(cbs_snapshot, tabellen.KWB_PEIL_BESTAND).set_index("gemeentecode").loc[peil.index]
    for kolom in ("percentage_met_herkomstland_buiten_europa", "percentage_personen_65_jaar_en_ouder",
                  "aantal_inwoners", "gemiddelde_woningwaarde", "omgevingsadressendichtheid"):
        assert peil[kolom].equals(echt[kolom]), kolom
    # the 2018 quarterly edition has PersonenMetAlgemeneBijstand, titled "Algemene bijstand"
    kwartaal = _read(folder, tabellen.KWARTAAL_BESTAND).query("cbs_tabel == '84417NED'")
    assert kwartaal["bijstand_personen"].ne("").sum() > 1400
    gemeenten = _read(folder, tabellen.GEMEENTEN_BESTAND)
    assert gemeenten.query("jaar == '2021' and gemeentecode == 'GM0363'")["arbeidsmarktregio_code"].item() == "AM14"


def test_a_key_stem_shared_by_a_count_and_a_percentage_is_told_apart_by_unit():
    properties = [{"ID": 1, "Type": "Topic", "Key": "Instromers_4", "Title": "Instromers", "Unit": "aantal"},
                  {"ID": 2, "Type": "Topic", "Key": "Instromers_5", "Title": "Instromers", "Unit": "%"}]
    assert kies_maat(properties, Maat("instroom_pct", ("Instroom", "Instromers"), eenheid="%"), "T") == "Instromers_5"
    assert kies_maat(properties, Maat("x", ("Uitstroom",), ("Uitstroom",)), "T") is None
    with pytest.raises(CbsFout, match="meer dan een onderwerp past bij instroom"):
        kies_maat(properties, Maat("instroom", ("Instromers",)), "T")


def test_cbs_cells_are_trimmed_and_suppression_stays_missing():
    assert _schoon("GM0363    ") == "GM0363"
    assert pd.isna(_schoon(None)) and pd.isna(_schoon("     .")) and _schoon(0) == 0


def test_a_503_is_retried(standin, fetched, data_dir):
    _copy(fetched[0], data_dir)
    standin.storingen["/83747NED/TypedDataSet"] = 2
    assert "83747NED" in fetch(get_settings(), tabel="83747NED")
    assert len([r for r in standin.verzoeken if "/83747NED/TypedDataSet" in r]) == 3 + 2


def test_a_dropped_connection_is_retried(standin, fetched, data_dir):
    _copy(fetched[0], data_dir)
    standin.afbreken["/83747NED/DataProperties"] = 1
    assert "83747NED" in fetch(get_settings(), tabel="83747NED")
    assert len([r for r in standin.verzoeken if "/83747NED/DataProperties" in r]) == 2


def test_tabel_refetches_one_table_into_the_existing_folder(standin, fetched, data_dir):
    folder = _copy(fetched[0], data_dir)
    kwartaal = _read(folder, tabellen.KWARTAAL_BESTAND)
    kwartaal[kwartaal["cbs_tabel"] != "86003NED"].to_csv(folder / tabellen.KWARTAAL_BESTAND, index=False)
    before = _hashes(folder)
    fetch(get_settings(), tabel="86003ned")
    after = _hashes(folder)
    assert {name for name in after if after[name] != before.get(name)} == {tabellen.KWARTAAL_BESTAND, ".complete"}
    refetched = _read(folder, tabellen.KWARTAAL_BESTAND)
    assert sorted(refetched.to_csv(index=False).splitlines()) == sorted(kwartaal.to_csv(index=False).splitlines())
    data_requests = {r.split("/")[3] for r in standin.verzoeken if "/TypedDataSet" in r}
    assert data_requests == {"86003NED"}


def test_a_failure_mid_download_leaves_the_old_folder_byte_identical(standin, fetched, data_dir):
    folder = _copy(fetched[0], data_dir)
    before = _hashes(folder)
    standin.kapot.add("/85042NED/TypedDataSet")  # half-way: the bijstand and KWB files are done by then
    with pytest.raises(CbsFout, match="na 5 pogingen"):
        fetch(get_settings())
    assert _hashes(folder) == before
    assert not folder.with_name("cbs.tmp").exists()


def test_offline_fails_within_seconds_with_a_dutch_message_and_keeps_the_folder(data_dir, monkeypatch):
    folder = data_dir / "cbs"
    folder.mkdir()
    (folder / ".complete").write_text("2025-01-01\n", encoding="utf-8")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("WIMI_CBS_ODATA_URL", f"http://127.0.0.1:{port}")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["fetch-cbs", "--timeout", "2"])
    assert time.monotonic() - started < 3
    output = " ".join(result.output.split())  # rich wraps long lines
    assert result.exit_code == 1 and "niet bereikbaar: de verbinding werd geweigerd" in output
    assert "Traceback" not in output and "Errno" not in output
    assert "De bestaande CBS-gegevens blijven in gebruik" in output
    assert sorted(p.name for p in folder.iterdir()) == [".complete"]


def test_offline_fails_within_the_timeout_even_when_the_lookup_hangs(data_dir, monkeypatch):
    def hanging_lookup(*args, **kwargs):
        time.sleep(30)
        raise OSError("lookup hung")  # what a resolver finally says; the fetch must not wait for it

    monkeypatch.setattr(socket, "create_connection", hanging_lookup)
    started = time.monotonic()
    with pytest.raises(CbsFout, match="niet bereikbaar binnen 1 s"):
        fetch(get_settings(), timeout=1.0)
    assert time.monotonic() - started < 3
    assert not (data_dir / "cbs").exists()


def test_if_missing_keeps_an_existing_download(data_dir, monkeypatch):
    (data_dir / "cbs").mkdir()
    (data_dir / "cbs" / ".complete").write_text("2025-01-01\n", encoding="utf-8")
    monkeypatch.setenv("WIMI_CBS_ODATA_URL", "http://wimi-test.invalid")  # .invalid never resolves (RFC 2606)
    assert "niets gedownload" in fetch(get_settings(), if_missing=True)


def test_tabel_needs_a_complete_download_first(data_dir):
    with pytest.raises(CbsFout, match="download eerst alles"):
        fetch(get_settings(), tabel="86003NED")


def test_the_command_shows_progress_and_the_summary(standin, fetched, data_dir):
    _copy(fetched[0], data_dir)
    result = CliRunner().invoke(app, ["fetch-cbs", "--tabel", "84066NED"])
    assert result.exit_code == 0, result.output
    assert "84066NED bijstand 2017" in result.output and "CBS-tabel 84066NED gedownload" in result.output
