"""The users file (argon2 hashes, role, scope), the lock-out, the OIDC group mapping, the audit log and
`wimi gebruiker`."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines import audit, gebruikers
from pipelines.cli import app
from pipelines.gebruikers import Gebruiker, GebruikerFout
from pipelines.settings import SettingsError, get_settings

NU = datetime(2025, 3, 1, 9, 0)


@pytest.fixture
def paden(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "gebruikers.json", tmp_path / "pogingen.json"


def test_the_file_holds_an_argon2_hash_never_the_password(paden):
    pad, _ = paden
    wie = gebruikers.voeg_toe(pad, "anna", "geheim-wachtwoord", "accountant", ["GM0344", "GM0307", "GM0344"])
    assert wie == Gebruiker("anna", "accountant", ("GM0307", "GM0344"))
    tekst = pad.read_text(encoding="utf-8")
    assert "geheim-wachtwoord" not in tekst
    assert json.loads(tekst)["gebruikers"]["anna"]["hash"].startswith("$argon2id$")
    assert pad.stat().st_mode & 0o777 == 0o600  # personal data's keys: the owner only
    assert gebruikers.lijst(pad) == [wie]


def test_login_with_the_right_password_and_one_message_for_a_wrong_name_or_password(paden):
    pad, pogingen = paden
    gebruikers.voeg_toe(pad, "anna", "geheim-wachtwoord", "manager")
    assert gebruikers.aanmelden(pad, pogingen, "anna", "geheim-wachtwoord", NU) == Gebruiker("anna", "manager")
    with pytest.raises(GebruikerFout) as fout_wachtwoord:
        gebruikers.aanmelden(pad, pogingen, "anna", "fout", NU)
    with pytest.raises(GebruikerFout) as fout_naam:
        gebruikers.aanmelden(pad, pogingen, "bert", "geheim-wachtwoord", NU)
    assert str(fout_wachtwoord.value) == str(fout_naam.value) == "onbekende naam of onjuist wachtwoord"
    with pytest.raises(GebruikerFout, match="onbekende naam"):
        gebruikers.aanmelden(pad, pogingen, "x" * 500, "geheim-wachtwoord", NU)
    assert sorted(json.loads(pogingen.read_text())) == ["anna", "bert"]  # a name no user can have is not kept


def test_five_failures_lock_the_name_for_15_minutes_across_a_restart(paden):
    pad, pogingen = paden
    gebruikers.voeg_toe(pad, "anna", "geheim-wachtwoord", "manager")
    for minuut in range(5):
        with pytest.raises(GebruikerFout, match="onjuist wachtwoord"):
            gebruikers.aanmelden(pad, pogingen, "anna", "fout", NU + timedelta(minutes=minuut))
    # the fifth failure at 09:04 locks until 09:19, the right password included; the count is in a file
    assert json.loads(pogingen.read_text())["anna"] == {"mislukt": 5, "geblokkeerd_tot": "2025-03-01T09:19:00"}
    with pytest.raises(GebruikerFout, match="geblokkeerd tot 09:19"):
        gebruikers.aanmelden(pad, pogingen, "anna", "geheim-wachtwoord", NU + timedelta(minutes=18))
    assert gebruikers.aanmelden(pad, pogingen, "anna", "geheim-wachtwoord", NU + timedelta(minutes=19)).rol == "manager"
    assert "anna" not in json.loads(pogingen.read_text())  # a success clears the count


def test_four_failures_then_success_start_the_count_again(paden):
    pad, pogingen = paden
    gebruikers.voeg_toe(pad, "anna", "geheim-wachtwoord", "manager")
    for _ in range(4):
        with pytest.raises(GebruikerFout):
            gebruikers.aanmelden(pad, pogingen, "anna", "fout", NU)
    gebruikers.aanmelden(pad, pogingen, "anna", "geheim-wachtwoord", NU)
    with pytest.raises(GebruikerFout, match="onjuist"):  # failure 1 of a new count, not 5
        gebruikers.aanmelden(pad, pogingen, "anna", "fout", NU)


@pytest.mark.parametrize("naam, wachtwoord, rol, gemeenten, melding", [
    ("anna", "kort", "manager", [], "minstens 10 tekens"),
    ("anna", "geheim-wachtwoord", "directeur", [], "onbekende rol 'directeur'"),
    ("anna", "geheim-wachtwoord", "manager", ["0344"], "geen gemeentecode"),
    ("a b", "geheim-wachtwoord", "manager", [], "een naam is"),
])
def test_bad_input_is_refused_in_dutch(paden, naam, wachtwoord, rol, gemeenten, melding):
    with pytest.raises(GebruikerFout, match=melding):
        gebruikers.voeg_toe(paden[0], naam, wachtwoord, rol, gemeenten)
    assert not paden[0].exists()


def test_roles_rights():
    assert [r for r in gebruikers.ROLLEN if Gebruiker("x", r).exacte_cijfers] == ["manager", "accountant", "beheerder"]
    assert [r for r in gebruikers.ROLLEN if Gebruiker("x", r).mag_rijen] == ["accountant", "beheerder"]
    assert Gebruiker("x", "manager").scope is None
    assert Gebruiker("x", "manager", ("GM0344",)).scope == frozenset({"GM0344"})


def test_oidc_groups_give_the_highest_role_and_the_union_of_municipalities():
    config = {"claim": "groups", "rollen": {"mi-w": "wethouder", "mi-a": "accountant"},
              "gemeenten": {"oost": ["GM0344"], "west": ["GM0307"]}}
    claims = {"sub": "123", "email": "a@gemeente.nl", "groups": ["mi-w", "mi-a", "oost", "west", "andere"]}
    assert gebruikers.oidc_gebruiker(claims, config) == Gebruiker("a@gemeente.nl", "accountant", ("GM0307", "GM0344"))
    assert gebruikers.oidc_gebruiker({"sub": "1", "groups": ["mi-w"]}, config) == Gebruiker("1", "wethouder")
    assert gebruikers.oidc_gebruiker({"sub": "1", "groups": ["andere"]}, config) is None
    assert gebruikers.oidc_gebruiker({"sub": "1"}, config) is None


def test_the_shipped_role_mapping_reads():
    config = gebruikers.lees_rollen_config(get_settings().roles_config_path)
    assert sorted(config["rollen"].values()) == sorted(gebruikers.ROLLEN)


def test_wimi_auth_takes_three_values(monkeypatch):
    monkeypatch.delenv("WIMI_AUTH", raising=False)
    assert get_settings().auth == "lokaal"
    monkeypatch.setenv("WIMI_AUTH", "OIDC")
    assert get_settings().auth == "oidc"
    monkeypatch.setenv("WIMI_AUTH", "ja")
    with pytest.raises(SettingsError, match="WIMI_AUTH='ja' is geen geldige waarde; kies oidc, lokaal of uit"):
        get_settings()


def test_audit_records_are_appended_newest_first(tmp_path):
    pad = tmp_path / "audit.duckdb"
    assert audit.lees(pad).empty
    audit.schrijf(pad, audit.Record("anna", "accountant", "rijen_bekeken", "GM0344", "instroom", "2024Q3", 12), NU)
    audit.schrijf(pad, audit.Record("anna", "accountant", "download", "GM0344", "rijen_instroom", None, 12),
                  NU + timedelta(seconds=5))
    log = audit.lees(pad)
    assert log["handeling"].tolist() == ["download", "rijen_bekeken"]
    assert log.iloc[1][["gemeente_code", "onderwerp", "periode", "aantal_rijen"]].tolist() == [
        "GM0344", "instroom", "2024Q3", 12]


def test_wimi_gebruiker_add_list_remove(data_dir):
    runner = CliRunner()
    toegevoegd = runner.invoke(app, ["gebruiker", "toevoegen", "anna", "--rol", "accountant", "--gemeente", "GM0344",
                                     "--wachtwoord-stdin"], input="geheim-wachtwoord\n")
    assert toegevoegd.exit_code == 0, toegevoegd.output
    lijst = runner.invoke(app, ["gebruiker", "lijst"])
    assert lijst.stdout.strip() == "anna\taccountant\tGM0344"
    assert runner.invoke(app, ["gebruiker", "verwijderen", "anna"]).exit_code == 0
    weg = runner.invoke(app, ["gebruiker", "verwijderen", "anna"])
    assert weg.exit_code == 1 and "er is geen gebruiker 'anna'" in weg.output


def test_wimi_gebruiker_demo_makes_one_user_per_role_once(data_dir):
    runner = CliRunner()
    eerste = runner.invoke(app, ["gebruiker", "demo"])
    assert eerste.exit_code == 0, eerste.output
    namen = [g.naam for g in gebruikers.lijst(get_settings().users_path)]
    assert sorted(namen) == sorted(f"demo-{rol}" for rol in gebruikers.ROLLEN)
    wachtwoord = eerste.output.split("demo-manager  wachtwoord ")[1].split()[0]
    assert gebruikers.aanmelden(get_settings().users_path, get_settings().login_attempts_path, "demo-manager",
                                wachtwoord).rol == "manager"
    assert "wachtwoord" not in runner.invoke(app, ["gebruiker", "demo"]).output.split("\n", 1)[-1]


def test_wimi_serve_refuses_to_serve_without_login_on_the_network(monkeypatch):
    monkeypatch.setenv("WIMI_AUTH", "uit")
    result = CliRunner().invoke(app, ["serve", "--address", "0.0.0.0"])
    assert result.exit_code == 1
    assert "WIMI_AUTH=uit (zonder login) mag alleen op 127.0.0.1, niet op 0.0.0.0" in result.output
