"""Stand-ins for cbsgeo's pipelines.cbs.grenzen and pipelines.cbs.crosswalk (the interface of
/work/brief/cbs_files.md), so the fetch tests exercise the orchestration without the area-share
computation, which cbsgeo's own tests cover. The crosswalk stand-in hands back the REAL snapshot
crosswalk: the only way these tests rely on it; the command itself never reads the snapshot."""
from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import pipelines.cbs
from pipelines.cbs import odata
from pipelines.settings import SHARED_CBS_DIR


class GrenzenFout(RuntimeError):
    pass


def modules(snapshot: Path) -> tuple[types.ModuleType, types.ModuleType]:
    grenzen = types.ModuleType("pipelines.cbs.grenzen")
    grenzen.GrenzenFout = GrenzenFout
    grenzen.GEO_URL_STANDAARD = "https://service.pdok.nl/cbs/gebiedsindelingen"

    def grenzen_url(base_url: str, jaar: int) -> str:
        return (f"{base_url}/{jaar}/wfs/v1_0?service=WFS&version=2.0.0&request=GetFeature"
                "&typeNames=gebiedsindelingen:gemeente_gegeneraliseerd&outputFormat=application/json"
                "&srsName=EPSG:4326")

    def download_grenzen(get_json: Callable[[str], dict], base_url: str, jaar: int) -> dict:
        data = get_json(grenzen_url(base_url, jaar))
        if not data.get("features"):
            raise GrenzenFout(f"geen gemeentegrenzen voor {jaar}")
        return data

    grenzen.grenzen_url = grenzen_url
    grenzen.download_grenzen = download_grenzen

    crosswalk = types.ModuleType("pipelines.cbs.crosswalk")

    def crosswalk_naar(kaarten: dict[int, dict], doel_jaar: int) -> pd.DataFrame:
        assert doel_jaar == 2025 and set(kaarten) == set(range(2015, 2026))
        return pd.read_csv(snapshot / "gemeente_crosswalk_naar_2025.csv", dtype=str, keep_default_na=False)

    crosswalk.crosswalk_naar = crosswalk_naar
    crosswalk.lees_officiele_crosswalk = lambda pad: pd.read_csv(pad, dtype=str, keep_default_na=False)
    return grenzen, crosswalk


def installeer(mp: pytest.MonkeyPatch, server) -> None:
    """Point `wimi fetch-cbs` at the stand-in server and put these stand-ins in cbsgeo's place."""
    mp.setenv("WIMI_CBS_ODATA_URL", server.url)
    mp.setenv("WIMI_CBS_GEO_URL", server.geo_url)
    mp.delenv("WIMI_CBS_CROSSWALK", raising=False)
    mp.setattr(odata, "WACHTTIJD_S", 0.05)  # retries in milliseconds, not seconds
    for name, module in zip(("grenzen", "crosswalk"), modules(SHARED_CBS_DIR), strict=True):
        mp.setitem(sys.modules, f"pipelines.cbs.{name}", module)
        mp.setattr(pipelines.cbs, name, module, raising=False)
