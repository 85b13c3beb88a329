"""Who may log in and as what: roles, the `lokaal` users file, lock-out, the OIDC group mapping.

No Streamlit here: `wimi gebruiker ...` and the dashboard share it. The users file lives in the data
folder (never in the repository) and holds argon2 hashes only. Failed logins are counted in a file of
their own, so a lock-out survives a restart and the command line never races the dashboard over one file.
"""
from __future__ import annotations

import json
import os
import re
import threading
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

WETHOUDER, MANAGER, ACCOUNTANT, BEHEERDER = "wethouder", "manager", "accountant", "beheerder"
# each role sees what the one before it sees, and more
ROLLEN = (WETHOUDER, MANAGER, ACCOUNTANT, BEHEERDER)
EXACTE_CIJFERS = frozenset({MANAGER, ACCOUNTANT, BEHEERDER})  # the others see counts below 10 as "<10"
RIJEN = frozenset({ACCOUNTANT, BEHEERDER})  # may open the pseudonymised rows behind a figure, and quarantine

MAX_POGINGEN = 5
BLOKKADE = timedelta(minutes=15)
MIN_WACHTWOORD = 10
_GEMEENTECODE = re.compile(r"^GM\d{4}$")
_NAAM = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
_HASHER = PasswordHasher()
# verified when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = _HASHER.hash("geen-gebruiker")
_LOCK = threading.Lock()


class GebruikerFout(ValueError):
    """A Dutch message for the user: bad input, unknown name, wrong password, locked out."""


@dataclass(frozen=True)
class Gebruiker:
    naam: str
    rol: str
    gemeenten: tuple[str, ...] = ()  # the municipality scope; empty: every municipality

    @property
    def exacte_cijfers(self) -> bool:
        return self.rol in EXACTE_CIJFERS

    @property
    def mag_rijen(self) -> bool:
        return self.rol in RIJEN

    @property
    def scope(self) -> frozenset[str] | None:
        """The municipalities this user may see, or None for all."""
        return frozenset(self.gemeenten) if self.gemeenten else None


def controleer_rol(rol: str) -> str:
    if rol not in ROLLEN:
        raise GebruikerFout(f"onbekende rol {rol!r}; kies uit {', '.join(ROLLEN)}")
    return rol


def controleer_gemeenten(codes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    fout = [c for c in codes if not _GEMEENTECODE.match(c)]
    if fout:
        raise GebruikerFout(f"geen gemeentecode (GM en vier cijfers): {', '.join(fout)}")
    return tuple(sorted(set(codes)))


# --- files --------------------------------------------------------------------------------------

def _lees(pad: Path) -> dict:
    try:
        return json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise GebruikerFout(f"{pad.name} is onleesbaar: {exc}") from exc


def _schrijf(pad: Path, inhoud: dict) -> None:
    """Atomically, readable by the owner only: a half-written file must never lock everybody out."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.tmp")
    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(inhoud, f, indent=2, sort_keys=True, ensure_ascii=False)
    os.replace(tijdelijk, pad)


def _gebruiker(naam: str, regel: dict) -> Gebruiker:
    return Gebruiker(naam, regel["rol"], tuple(regel.get("gemeenten", ())))


def lijst(pad: Path) -> list[Gebruiker]:
    return [_gebruiker(naam, regel) for naam, regel in sorted(_lees(pad).get("gebruikers", {}).items())]


def voeg_toe(pad: Path, naam: str, wachtwoord: str, rol: str, gemeenten: list[str] | tuple[str, ...] = ()) -> Gebruiker:
    """Add a user, or replace the password, role and scope of an existing one."""
    if not _NAAM.match(naam):
        raise GebruikerFout("een naam is 2 tot 64 tekens: letters, cijfers en . _ @ -")
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise GebruikerFout(f"een wachtwoord heeft minstens {MIN_WACHTWOORD} tekens")
    regel = {"hash": _HASHER.hash(wachtwoord), "rol": controleer_rol(rol),
             "gemeenten": list(controleer_gemeenten(gemeenten))}
    with _LOCK:
        inhoud = _lees(pad)
        inhoud.setdefault("gebruikers", {})[naam] = regel
        _schrijf(pad, inhoud)
    return _gebruiker(naam, regel)


def verwijder(pad: Path, naam: str) -> None:
    with _LOCK:
        inhoud = _lees(pad)
        if naam not in inhoud.get("gebruikers", {}):
            raise GebruikerFout(f"er is geen gebruiker {naam!r}")
        del inhoud["gebruikers"][naam]
        _schrijf(pad, inhoud)


def aanmelden(pad: Path, pogingen_pad: Path, naam: str, wachtwoord: str, nu: datetime | None = None) -> Gebruiker:
    """The user behind a name and password, or GebruikerFout (one message for wrong name and wrong password).

    After MAX_POGINGEN failures in a row a name is locked for BLOKKADE, also for the right password.
    """
    nu = nu or datetime.now()
    if not _NAAM.match(naam):  # no such user can exist; not counted, so the attempts file stays small
        _HASHER.verify(_DUMMY_HASH, "geen-gebruiker")
        raise GebruikerFout("onbekende naam of onjuist wachtwoord")
    with _LOCK:
        pogingen = _lees(pogingen_pad)
        stand = pogingen.get(naam, {"mislukt": 0})
        tot = stand.get("geblokkeerd_tot")
        if tot and datetime.fromisoformat(tot) > nu:
            raise GebruikerFout(f"te veel mislukte pogingen: deze naam is geblokkeerd tot "
                                f"{datetime.fromisoformat(tot):%H:%M}")
        regel = _lees(pad).get("gebruikers", {}).get(naam)
        try:
            _HASHER.verify(regel["hash"] if regel else _DUMMY_HASH, wachtwoord)
            goed = regel is not None
        except (VerificationError, InvalidHashError):
            goed = False
        if goed:
            pogingen.pop(naam, None)
            _schrijf(pogingen_pad, pogingen)
            return _gebruiker(naam, regel)
        mislukt = stand["mislukt"] + 1 if not tot else 1  # a lock-out that ran out starts a new count
        stand = {"mislukt": mislukt}
        if mislukt >= MAX_POGINGEN:
            stand["geblokkeerd_tot"] = (nu + BLOKKADE).isoformat()
        pogingen[naam] = stand
        _schrijf(pogingen_pad, pogingen)
    raise GebruikerFout("onbekende naam of onjuist wachtwoord")


# --- OIDC: groups in a claim of the ID token, mapped in config/rollen.toml ---------------------------

def lees_rollen_config(pad: Path) -> dict:
    try:
        config = tomllib.loads(pad.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GebruikerFout(f"rollenbestand {pad} is onleesbaar: {exc}") from exc
    for groep, rol in config.get("rollen", {}).items():
        try:
            controleer_rol(rol)
        except GebruikerFout as exc:
            raise GebruikerFout(f"{pad.name}, groep {groep!r}: {exc}") from exc
    return config


def oidc_gebruiker(claims: dict, config: dict) -> Gebruiker | None:
    """The user behind an ID token's claims: the highest role of its groups and the union of their
    municipalities; None when no group gives a role. A user in a role group but in no municipality
    group sees every municipality (one municipality's own provider)."""
    groepen = claims.get(config.get("claim", "groups")) or []
    if isinstance(groepen, str):
        groepen = [groepen]
    rollen = [config.get("rollen", {})[g] for g in groepen if g in config.get("rollen", {})]
    if not rollen:
        return None
    gemeenten = [c for g in groepen for c in config.get("gemeenten", {}).get(g, [])]
    naam = str(claims.get(config.get("naam_claim", "email")) or claims.get("sub"))
    return Gebruiker(naam, max(rollen, key=ROLLEN.index), controleer_gemeenten(gemeenten))
