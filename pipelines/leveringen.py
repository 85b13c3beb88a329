"""The loaded deliveries for the beheerder: list them, and withdraw a whole delivery or one municipality's part.

A regional service delivers several municipalities at once; when one of them later delivers on its
own, the loader refuses it while the regional delivery still holds that municipality (it would wipe
the others). Withdrawing that municipality's part first lets the new delivery in. Every withdrawal is
a row in `laadhistorie` (status 'ingetrokken'), in one transaction with the deletion.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipelines.load.delivery import open_landing
from pipelines.load.read import LoadError
from pipelines.settings import Settings

# contract tables with their own gemeente_code, and the children that follow their parent's municipality
_OWN_MUNICIPALITY = ("uitkeringen", "vorderingen", "aanvragen", "budget", "lasten_lks")
_CHILDREN = {"betalingen": ("uitkeringen", "uitkering_id"), "aflossingen": ("vorderingen", "vordering_id")}
_OF_CLIENT = ("contacten", "maatregelen")  # on the municipality of the client's benefit


@dataclass
class Levering:
    levering_id: str
    peildatum: date
    gemeenten: list[str]
    bronsysteem: str | None
    map: str
    geladen_op: datetime


def lijst(settings: Settings) -> list[Levering]:
    con = open_landing(settings)
    try:
        return [Levering(*row) for row in con.execute(
            "SELECT levering_id, peildatum, list_sort(gemeenten), bronsysteem, map, geladen_op FROM leveringen "
            "ORDER BY geladen_op, levering_id").fetchall()]
    finally:
        con.close()


def intrekken(settings: Settings, levering_id: str, gemeenten: list[str] | None = None,
              now: datetime | None = None) -> Levering | None:
    """Withdraw `gemeenten` of the delivery (all when None). Returns what is left of it, None when nothing."""
    now = now or datetime.now()
    con = open_landing(settings)
    try:
        row = con.execute("SELECT levering_id, peildatum, list_sort(gemeenten), bronsysteem, map, geladen_op "
                          "FROM leveringen WHERE levering_id = ?", [levering_id]).fetchone()
        if row is None:
            raise LoadError(f"levering {levering_id} is niet geladen; `wimi leveringen` toont de geladen leveringen")
        levering = Levering(*row)
        codes = sorted({g.strip().upper() for g in gemeenten}) if gemeenten else levering.gemeenten
        if unknown := [g for g in codes if g not in levering.gemeenten]:
            raise LoadError(f"levering {levering_id} bevat {', '.join(unknown)} niet; wel: "
                            f"{', '.join(levering.gemeenten)}")
        rest = [g for g in levering.gemeenten if g not in codes]
        con.execute("BEGIN TRANSACTION")
        try:
            _delete(con, levering_id, codes, rest)
            if rest:
                con.execute("UPDATE leveringen SET gemeenten = ? WHERE levering_id = ?", [rest, levering_id])
                melding = f"ingetrokken voor {', '.join(codes)}; blijft geladen voor {', '.join(rest)}"
            else:
                con.execute("DELETE FROM leveringen WHERE levering_id = ?", [levering_id])
                con.execute("UPDATE laadhistorie SET status = 'ingetrokken' WHERE levering_id = ? "
                            "AND status = 'geladen'", [levering_id])
                melding = "hele levering ingetrokken"
            con.execute("INSERT INTO laadhistorie VALUES (?, ?, ?, ?, ?, 'ingetrokken', ?)",
                        [levering_id, levering.peildatum, levering.map, codes, now, melding])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    if not rest:
        return None
    levering.gemeenten = rest
    return levering


def _delete(con, levering_id: str, codes: list[str], rest: list[str]) -> None:
    params = {"levering": levering_id, "codes": codes}
    # clients of the withdrawn municipalities with no benefit left in the rest of the delivery
    con.execute("""CREATE OR REPLACE TEMP TABLE ingetrokken_clienten AS
        SELECT client_id FROM uitkeringen WHERE levering_id = $levering
            AND list_contains($codes::VARCHAR[], gemeente_code)
        EXCEPT
        SELECT client_id FROM uitkeringen WHERE levering_id = $levering
            AND list_contains($rest::VARCHAR[], gemeente_code)""", params | {"rest": rest})
    for child, (parent, key) in _CHILDREN.items():
        con.execute(f"""DELETE FROM {child} WHERE levering_id = $levering AND {key} IN (
            SELECT {key} FROM {parent} WHERE levering_id = $levering
                AND list_contains($codes::VARCHAR[], gemeente_code))""",
                    params)
    for table in _OF_CLIENT:
        con.execute(f"DELETE FROM {table} WHERE levering_id = $levering "
                    "AND client_id IN (SELECT client_id FROM ingetrokken_clienten)", {"levering": levering_id})
    for table in _OWN_MUNICIPALITY:
        con.execute(f"DELETE FROM {table} WHERE levering_id = $levering "
                    "AND list_contains($codes::VARCHAR[], gemeente_code)", params)
    # quarantined rows (personal data) that name a withdrawn municipality go with it
    con.execute("DELETE FROM quarantaine WHERE levering_id = $levering "
                "AND list_contains($codes::VARCHAR[], upper(rij ->> 'gemeente_code'))", params)
    if not rest:
        con.execute("DELETE FROM quarantaine WHERE levering_id = ?", [levering_id])
