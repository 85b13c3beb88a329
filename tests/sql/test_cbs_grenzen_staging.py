"""staging.cbs__grenzen_2025 reads a downloaded boundary file (statcode/statnaam) and the snapshot's
spelling (area_code/name) alike."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.build import render
from pipelines.cbs.grenzen import normaliseer_grenzen
from pipelines.settings import SQL_DIR

RING = [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]


def _lees(folder: Path, eigenschappen: dict) -> list[tuple]:
    collectie = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": eigenschappen, "geometry": {"type": "Polygon", "coordinates": RING}}]}
    (folder / "geo").mkdir()
    (folder / "geo" / "cbs_gemeenten_2025.geojson").write_text(json.dumps(collectie), encoding="utf-8")
    sql = render((SQL_DIR / "staging" / "cbs__grenzen_2025.sql").read_text(encoding="utf-8"),
                 {"cbs_dir": folder.as_posix()})
    rijen = duckdb.connect().execute(sql).fetchall()
    return [(code, naam, json.loads(geometrie)) for code, naam, geometrie in rijen]


@pytest.mark.parametrize("eigenschappen", [
    # as download_grenzen writes them
    normaliseer_grenzen({"features": [{"properties": {"statcode": "GM0363", "statnaam": "Amsterdam"},
                                       "geometry": {"type": "Polygon", "coordinates": RING}}]}, 2025)["features"][0][
        "properties"],
    # as the snapshot and the fictional frame write them
    {"area_code": "GM0363", "name": "Amsterdam"},
])
def test_both_property_spellings_are_read(tmp_path: Path, eigenschappen: dict):
    assert _lees(tmp_path, eigenschappen) == [("GM0363", "Amsterdam", {"type": "Polygon", "coordinates": RING})]
