"""The national anchors the demo is calibrated to, each measured on a built warehouse by one query.

Every anchor names its source and a band; `measure` returns the demo's value beside it. Figures come
from marts.kpi (the demo's extract municipalities pooled: sum of tellers over sum of noemers, or the
synthetic feed's NL rows), except the averages per claim and the benefit chains, which the KPI table
does not hold: those come from the intermediate rows the KPI figures are built on. A query over an
indicator the warehouse does not have yet gives no value ("n.b."), not an error.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

ANCHOR_YEAR = "2019"  # the year of the published cost per benefit; the year anchors refer to it too
BUIG_REGELINGEN = "('PW', 'IOAW', 'IOAZ', 'BBZ')"


@dataclass(frozen=True)
class Anchor:
    naam: str
    laag: float | None  # the band; None: shown for comparison, no band
    hoog: float | None
    eenheid: str  # euro, pct or aantal
    bron: str
    sql: str  # one row, one column: the demo's value (NULL when the warehouse cannot tell)
    budget: bool = False  # an anchor of the BUIG budget, which pipelines/demo/budget.py calibrates


def _kpi_ratio(indicator: str, uitsplitsing: str = "", periode: str = ANCHOR_YEAR, bron: str = "extract") -> str:
    return f"""SELECT sum(teller) / sum(noemer) FROM marts.kpi WHERE indicator = '{indicator}'
               AND uitsplitsing = '{uitsplitsing}' AND periode = '{periode}' AND bron = '{bron}'"""


def _kpi_sum(indicator: str, uitsplitsing: str = "", periode: str = ANCHOR_YEAR, column: str = "waarde",
             bron: str = "extract", gemeente: str | None = None) -> str:
    where = f" AND gemeente_code = '{gemeente}'" if gemeente else ""
    return f"""(SELECT sum({column}) FROM marts.kpi WHERE indicator = '{indicator}' AND uitsplitsing = '{uitsplitsing}'
               AND periode = '{periode}' AND bron = '{bron}'{where})"""


def _stock_change(bron: str, gemeente: str | None) -> str:
    return (f"SELECT {_kpi_sum('bijstandsvolume', periode='2023', bron=bron, gemeente=gemeente)} "
            f"/ {_kpi_sum('bijstandsvolume', periode='2018', bron=bron, gemeente=gemeente)} - 1")


def _revision(year: int, aggregate: str) -> str:
    """voorlopig -> definitief of the whole budget per municipality (the budget is the noemer of
    buig_resultaat_pct), aggregated over the municipalities: avg, or max - min for how shared it is."""
    return f"""
        WITH budget AS (
            SELECT gemeente_code,
                   max(noemer) FILTER (WHERE uitsplitsing = 'fase=voorlopig') AS voorlopig,
                   max(noemer) FILTER (WHERE uitsplitsing = 'fase=definitief') AS definitief
            FROM marts.kpi WHERE indicator = 'buig_resultaat_pct' AND bron = 'extract' AND periode = '{year}'
            GROUP BY gemeente_code)
        SELECT {aggregate} FROM (SELECT definitief / voorlopig - 1 AS herziening FROM budget
                                 WHERE voorlopig > 0 AND definitief IS NOT NULL)"""


# chains of benefits of one client, in order of start (indicators.md: a bijstandsperiode)
_CHAINS = """
    WITH keten AS (
        SELECT startdatum, leefvorm,
               max(einddatum) OVER vorige AS vorige_einde,
               bool_or(einddatum IS NULL) OVER vorige AS vorige_loopt,
               lag(leefvorm) OVER volgorde AS vorige_leefvorm
        FROM intermediate.uitkeringen
        WINDOW volgorde AS (PARTITION BY levering_id, client_id ORDER BY startdatum, uitkering_id),
               vorige AS (volgorde ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
    SELECT count(*) FILTER (WHERE {condition}) FROM keten"""

ANCHORS: tuple[Anchor, ...] = (
    Anchor(f"Lasten per uitkering per jaar, bruto ({ANCHOR_YEAR})", 14_000, 14_800, "euro",
           "domain.md: EUR 14.200-14.400 in 2018-2019; issue 8: ca. EUR 14.400 in 2019",
           _kpi_ratio("gem_lasten_per_uitkering")),
    Anchor(f"Nieuwe vorderingen / uitkeringslasten ({ANCHOR_YEAR})", 0.03, 0.04, "pct", "issue 8: ca. 3-4%",
           f"SELECT {_kpi_sum('vorderingen_nieuw_bedrag')} / {_kpi_sum('uitkeringslasten')}"),
    Anchor(f"Aflossingen / uitkeringslasten ({ANCHOR_YEAR})", 0.015, 0.025, "pct", "issue 8: ca. 2%",
           f"SELECT {_kpi_sum('incassoratio', column='teller')} / {_kpi_sum('uitkeringslasten')}"),
    Anchor(f"Gemiddelde terugvordering, BUIG ({ANCHOR_YEAR})", 2_000, 2_500, "euro", "issue 8: EUR 2.000-2.500",
           f"""SELECT avg(bedrag) FROM intermediate.vorderingen WHERE soort = 'terugvordering'
               AND year(ontstaan) = {ANCHOR_YEAR} {{buig_claims}}"""),
    Anchor(f"Gemiddelde boete ({ANCHOR_YEAR})", 600, 760, "euro", "issue 8: ca. EUR 680",
           f"SELECT {_kpi_sum('vorderingen_nieuw_bedrag', 'soort=boete')} "
           f"/ {_kpi_sum('aandeel_boete_verwijtbaar', column='noemer')}"),
    Anchor(f"Incassoratio ({ANCHOR_YEAR})", 0.10, 0.20, "pct", "issue 8: ca. 10-20% (formule indicators.md)",
           _kpi_ratio("incassoratio")),
    Anchor(f"Openstaand per lopende uitkering (eind {ANCHOR_YEAR})", 1_000, 9_999, "euro",
           "issue 8: in de duizenden; domain.md: landelijk EUR 1,4-1,5 mld openstaand",
           f"SELECT {_kpi_sum('openstaand_saldo')} / {_kpi_sum('bijstandsvolume')}"),
    Anchor(f"Boetes zonder verwijtbaarheid / boetes ({ANCHOR_YEAR})", 0.001, 0.05, "pct",
           "issue 8: enkele boetes met verwijtbaarheid geen",
           f"SELECT {_kpi_sum('boete_zonder_verwijtbaarheid')} "
           f"/ {_kpi_sum('aandeel_boete_verwijtbaar', column='noemer')}"),
    Anchor(f"IOAW-aandeel in de stand (eind {ANCHOR_YEAR})", 0.03, 0.04, "pct", "issue 8: ca. 3-4% van de caseload",
           f"SELECT {_kpi_sum('bijstandsvolume', 'regeling=IOAW')} / {_kpi_sum('bijstandsvolume')}"),
    Anchor(f"Herinstroom binnen een jaar / instroom ({ANCHOR_YEAR})", 0.24, 0.32, "pct",
           "CBS 82662NED / 85615NED: 24-32% (domain.md)", _kpi_ratio("herinstroom_12m")),
    Anchor(f"Aandeel met inkomsten uit deeltijdwerk ({ANCHOR_YEAR})", 0.06, 0.10, "pct", "domain.md: ca. 8%",
           _kpi_ratio("aandeel_parttime")),
    Anchor(f"Uitstroom naar werk / uitstroom ({ANCHOR_YEAR})", 0.35, 0.50, "pct",
           "domain.md: iets minder dan de helft", _kpi_ratio("aandeel_uitstroom_werk")),
    Anchor("Bijstandsvolume NL 2018 -> 2023 (synthetische feed)", -0.08, -0.04, "pct",
           "issue 8: ca. -6%; CBS personen tot AOW-leeftijd ca. 431.000 eind 2018, 406.000 eind 2023",
           _stock_change("synthetic", "NL")),
    Anchor("Bijstandsvolume 2018 -> 2023, demo-extracten samen", None, None, "pct",
           "ter vergelijking: landelijke vorm plus een lokale trend", _stock_change("extract", None)),
    Anchor("BUIG-resultaat definitief, mediaan van de absolute afwijking van het budget", 0.0, 0.05, "pct",
           "issue 8: meestal binnen enkele procenten van het budget",
           """SELECT median(abs(waarde)) FROM marts.kpi WHERE indicator = 'buig_resultaat_pct'
              AND uitsplitsing = 'fase=definitief' AND bron = 'extract' AND volledig""", budget=True),
    Anchor("Gemeente-jaren met vangnet (definitief)", 0.0, 0.10, "pct", "issue 8: het vangnet is zeldzaam",
           """SELECT avg((waarde > 0)::INT) FROM marts.kpi WHERE indicator = 'vangnet_verwacht'
              AND uitsplitsing = 'fase=definitief' AND bron = 'extract' AND volledig""", budget=True),
    *(anchor for year, revision in (("2024", 0.055), ("2025", 0.040)) for anchor in (
        Anchor(f"Budgetherziening voorlopig -> definitief {year}, gemiddeld", revision - 0.005, revision + 0.005,
               "pct", f"issue 8: {revision * 100:+.1f}%".replace(".", ","), _revision(int(year), "avg(herziening)"),
               budget=True),
        Anchor(f"Budgetherziening {year}: verschil tussen de gemeenten (max - min)", 0.0, 0.001, "pct",
               "issue 8: de herziening is voor alle gemeenten van een jaar gelijk",
               _revision(int(year), "max(herziening) - min(herziening)"), budget=True))),
    Anchor("Ketens: wisseling van leefvorm op de volgende dag", 1, None, "aantal",
           "issue 8: ketens moeten voorkomen (indicators.md: bijstandsperiode)",
           _CHAINS.format(condition="startdatum = vorige_einde + 1 AND leefvorm <> vorige_leefvorm")),
    Anchor("Ketens: terugkeer binnen 30 dagen", 1, None, "aantal", "idem",
           _CHAINS.format(condition="startdatum > vorige_einde + 1 AND startdatum <= vorige_einde + 31")),
    Anchor("Ketens: overlap (start voor het einde van een eerdere uitkering)", 1, None, "aantal", "idem",
           _CHAINS.format(condition="vorige_loopt OR startdatum <= vorige_einde")),
)


def _buig_claims(con: duckdb.DuckDBPyConnection) -> str:
    """The filter on BUIG claims, once the warehouse carries the claims' regeling (empty = BUIG)."""
    has_regeling = con.execute("""SELECT count(*) FROM information_schema.columns WHERE table_schema = 'intermediate'
                                  AND table_name = 'vorderingen' AND column_name = 'regeling'""").fetchone()[0]
    return f"AND coalesce(regeling, 'PW') IN {BUIG_REGELINGEN}" if has_regeling else ""


def measure(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per anchor: naam, demo (None when the warehouse cannot tell), laag, hoog, eenheid,
    binnen (None without a band or a value), bron."""
    rows = []
    for anchor in ANCHORS:
        try:
            value = con.execute(anchor.sql.replace("{buig_claims}", _buig_claims(con))).fetchone()[0]
        except duckdb.CatalogException:  # a table or indicator of a later model
            value = None
        value = None if value is None or pd.isna(value) else float(value)
        banded = anchor.laag is not None and value is not None
        inside = (anchor.laag <= value and (anchor.hoog is None or value <= anchor.hoog)) if banded else None
        rows.append({"naam": anchor.naam, "demo": value, "laag": anchor.laag, "hoog": anchor.hoog,
                     "eenheid": anchor.eenheid, "binnen": inside, "bron": anchor.bron})
    return pd.DataFrame(rows, dtype=object)


def _number(value: float | None, eenheid: str) -> str:
    if value is None or pd.isna(value):
        return "n.b."
    if eenheid == "pct":
        return f"{value * 100:.1f}%".replace(".", ",")
    return f"{value:,.0f}".replace(",", ".")


def markdown(table: pd.DataFrame) -> str:
    """The anchors as a Markdown table: ijkpunt, demo, anker, binnen de band, bron."""
    lines = ["| ijkpunt | demo | anker | binnen | bron |", "|---|---|---|---|---|"]
    for row in table.itertuples():
        if pd.isna(row.laag):
            band = "-"
        elif pd.isna(row.hoog):
            band = f">= {_number(row.laag, row.eenheid)}"
        else:
            band = f"{_number(row.laag, row.eenheid)} - {_number(row.hoog, row.eenheid)}"
        inside = {True: "ja", False: "**nee**", None: "-"}[row.binnen]
        lines.append(f"| {row.naam} | {_number(row.demo, row.eenheid)} | {band} | {inside} | {row.bron} |")
    return "\n".join(lines)
