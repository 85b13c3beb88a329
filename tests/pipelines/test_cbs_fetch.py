"""`wimi fetch-cbs`: the StatLine reader reproduces the snapshot's cleaned file, and without a
network the command fails fast with a message and leaves data/cbs/ untouched."""
from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pandas as pd
import pytest

from pipelines import cbs_fetch
from pipelines.cbs_fetch import FetchError, bijstand_from_statline, fetch, read_statline_csv
from pipelines.settings import get_settings

RAW = {2015: ("83450NED", "cbs_83450NED_gemeenten_2015_origineel.csv"),
       2016: ("83747NED", "cbs_83747NED_gemeenten_2016_origineel.csv"),
       2017: ("84066NED", "cbs_84066NED_gemeenten_2017_origineel.csv")}


def boundary_names(snapshot: Path, jaar: int) -> dict[str, str]:
    # the snapshot took names from the boundary file of the same year (SOURCES.md, file 1)
    features = json.loads((snapshot / "geo" / f"cbs_gemeenten_{jaar}.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in features}


@pytest.mark.snapshot
@pytest.mark.parametrize("jaar", [2015, 2016, 2017])
def test_statline_csv_reproduces_the_cleaned_file(cbs_snapshot, jaar):
    tabel, file = RAW[jaar]
    ours = bijstand_from_statline(read_statline_csv(cbs_snapshot / "raw" / file), jaar, tabel,
                                  boundary_names(cbs_snapshot, jaar))
    cleaned = pd.read_csv(cbs_snapshot / "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv", dtype=str)
    cleaned = cleaned[cleaned["jaar"] == str(jaar)].reset_index(drop=True)
    assert list(ours.columns) == list(cleaned.columns)
    assert len(ours) == len(cleaned)
    for column in ("cbs_tabel", "leeftijd_code", "leeftijd", "regio_code", "regio_type"):
        assert ours[column].tolist() == cleaned[column].tolist(), column
    for column in cbs_fetch.MATEN:
        mine = pd.to_numeric(ours[column]).tolist()
        theirs = pd.to_numeric(cleaned[column]).tolist()
        assert [None if pd.isna(x) else x for x in mine] == [None if pd.isna(x) else x for x in theirs], column
    # the snapshot spelled one name from a boundary file differently; the official list corrected it
    differs = ours["gemeentenaam"].fillna("") != cleaned["gemeentenaam"].fillna("")
    assert set(ours.loc[differs, "regio_code"]) <= {"GM0820"}


def test_suppressed_mark_becomes_missing_not_zero(tmp_path):
    path = tmp_path / "statline.csv"
    path.write_text('"ID","Leeftijd","Regiokenmerken","Inwoners_1","Bijstandsontvangers_2"\n'
                    '"0","90100","GM0088  ","     660","       ."\n', encoding="utf-8")
    row = bijstand_from_statline(read_statline_csv(path), 2017, "84066NED").iloc[0]
    assert row["regio_code"] == "GM0088" and row["inwoners"] == "660"
    assert pd.isna(row["bijstandsontvangers"])
    assert pd.isna(row["instroom"])  # a measure the file does not have


def test_offline_fails_within_the_timeout_even_when_the_lookup_hangs(data_dir, monkeypatch):
    def hanging_lookup(*args, **kwargs):
        time.sleep(30)
        raise OSError("lookup hung")  # what a resolver finally says; the fetch must not wait for it

    monkeypatch.setattr(socket, "create_connection", hanging_lookup)
    started = time.monotonic()
    with pytest.raises(FetchError, match="niet bereikbaar binnen 1 s"):
        fetch(get_settings(), timeout=1.0)
    assert time.monotonic() - started < 3
    assert not (data_dir / "cbs").exists()


def test_unreachable_host_fails_with_a_dutch_message(data_dir, monkeypatch):
    monkeypatch.setattr(cbs_fetch, "CBS_HOST", "wimi-test.invalid")  # .invalid never resolves (RFC 2606)
    started = time.monotonic()
    with pytest.raises(FetchError, match="niet bereikbaar"):
        fetch(get_settings(), timeout=2.0)
    assert time.monotonic() - started < 4
    assert not (data_dir / "cbs").exists()


def test_if_missing_keeps_an_existing_download(data_dir, monkeypatch):
    (data_dir / "cbs").mkdir()
    (data_dir / "cbs" / ".complete").write_text("2025-01-01\n", encoding="utf-8")
    monkeypatch.setattr(cbs_fetch, "check_online", lambda timeout: pytest.fail("must not go online"))
    assert "niets gedownload" in fetch(get_settings(), if_missing=True)
