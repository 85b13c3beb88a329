"""Settings of the CBS download read from the environment, with a Dutch message for a bad value."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import SettingsError, get_settings


def test_boundaries_url_defaults_to_pdok_and_crosswalk_to_none(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("WIMI_CBS_GEO_URL", raising=False)
    monkeypatch.delenv("WIMI_CBS_CROSSWALK", raising=False)
    settings = get_settings()
    assert (settings.cbs_geo_url, settings.cbs_crosswalk) == ("https://service.pdok.nl/cbs/gebiedsindelingen", None)


def test_boundaries_url_and_crosswalk_file_from_the_environment(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WIMI_CBS_GEO_URL", " http://127.0.0.1:8123/pdok/ ")
    monkeypatch.setenv("WIMI_CBS_CROSSWALK", str(data_dir / "officieel.csv"))
    settings = get_settings()
    assert (settings.cbs_geo_url, settings.cbs_crosswalk) == ("http://127.0.0.1:8123/pdok", data_dir / "officieel.csv")


@pytest.mark.parametrize(("naam", "waarde", "melding"), [
    ("WIMI_CBS_GEO_URL", "service.pdok.nl/cbs", "WIMI_CBS_GEO_URL moet een http- of https-adres zijn"),
    ("WIMI_CBS_GEO_URL", "ftp://mirror/cbs", "nu: 'ftp://mirror/cbs'"),
    ("WIMI_CBS_GEO_URL", "https://mirror/cbs?jaar=2025", "zonder ?-deel"),
    ("WIMI_CBS_CROSSWALK", ".", "WIMI_CBS_CROSSWALK moet naar een bestand wijzen, niet naar de map"),
])
def test_bad_values_are_named_in_dutch(data_dir: Path, monkeypatch: pytest.MonkeyPatch, naam: str, waarde: str,
                                       melding: str):
    monkeypatch.setenv(naam, waarde)
    with pytest.raises(SettingsError) as fout:
        get_settings()
    assert melding in str(fout.value)


def test_a_bad_setting_stops_every_command_with_a_dutch_message(monkeypatch):
    from typer.testing import CliRunner

    from pipelines.cli import app

    monkeypatch.setenv("WIMI_CBS_GEO_URL", "ftp://mirror.example")
    result = CliRunner().invoke(app, ["export", "kpi", "--output", "kpi.csv"])
    assert result.exit_code == 1
    assert "WIMI_CBS_GEO_URL moet een http- of https-adres zijn" in result.output
    assert "Traceback" not in result.output
