"""From an extract figure in the KPI table to the pseudonymised rows behind its teller and noemer.

The rules live in the warehouse (marts.drilldown_regels, from sql/marts/drilldown_regels.sql): per
indicator and role a row-level model, the period window (a macro of sql/macros.sql, the same one the
figure's own SQL uses) over one of its date columns, a selection on its columns, and what each row
contributes. One query shape serves both uses, so they cannot drift apart:
- `drill` returns the rows behind one figure (for the page and its downloads);
- `aansluiting` adds the contributions up for every figure of an indicator and sets them beside the
  KPI table's teller, noemer and waarde (for the tests and the page's control).
For a count the number of rows equals the teller; for an amount the rows' amounts add up to it.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

ROLLEN = ("teller", "noemer", "waarde")
# Rows are added as doubles in another order than the figure's own sum: amounts of millions differ in
# the last bits, so a figure ties to its rows within a millionth of its size (of a euro at most 1).
RELATIEVE_TOLERANTIE = 1e-6


def sluit(kpi: float | None, rijen: float | None) -> bool:
    """Whether a figure and what its rows add up to are the same number."""
    if kpi is None or rijen is None:
        return kpi is None and rijen is None
    return abs(kpi - rijen) <= RELATIEVE_TOLERANTIE * max(1.0, abs(kpi))


@dataclass(frozen=True)
class Regel:
    indicator: str
    rol: str
    rijen_model: str
    venster: str  # a window macro of sql/macros.sql
    datum_kolom: str
    selectie: dict[str, str]  # column -> value every row has (booleans as 'true')
    bijdrage_kolom: str | None  # what a row adds, times factor; None: factor per row
    factor: float
    aggregatie: str
    dimensies: dict[str, str]
    omschrijving: str

    @property
    def voorwaarde(self) -> str:
        """The rule as SQL over row r and period p (also shown on the accountant's page)."""
        delen = [f"{self.venster}(r.{self.datum_kolom}, p.periode_start, p.meetdatum)"]
        delen += [f"CAST(r.{kolom} AS VARCHAR) = '{waarde}'" for kolom, waarde in sorted(self.selectie.items())]
        return " AND ".join(delen)

    @property
    def bijdrage(self) -> str:
        """What one row adds, as SQL over row r."""
        factor = f"{self.factor:g}" if float(f"{self.factor:g}") == self.factor else repr(self.factor)
        if self.bijdrage_kolom is None:
            return factor
        return f"r.{self.bijdrage_kolom}" if self.factor == 1 else f"{factor} * r.{self.bijdrage_kolom}"


@dataclass(frozen=True)
class Drilldown:
    kpi: dict | None  # the figure's row in the KPI table (teller, noemer, waarde, bron, volledig, ...)
    regels: list[Regel]
    rijen: pd.DataFrame  # rol, rijen_model, bijdrage, then the model's own columns (ids, client_id, ...)

    def som(self, rol: str) -> float | None:
        """What the rows of one role add up to (their median for a median figure); None without rows."""
        deel = self.rijen[self.rijen["rol"] == rol]
        if deel.empty:
            return None
        if any(r.aggregatie == "mediaan" for r in self.regels if r.rol == rol):
            return float(deel["bijdrage"].median())
        return float(deel["bijdrage"].sum())

    def sluit(self, rol: str) -> bool:
        """Whether the figure's teller, noemer or waarde is what its rows add up to (as `aansluiting` decides)."""
        kpi = None if self.kpi is None or pd.isna(self.kpi[rol]) else float(self.kpi[rol])
        return kpi is not None and sluit(kpi, self.som(rol))


def regels(con: duckdb.DuckDBPyConnection, indicator: str) -> list[Regel]:
    rows = con.execute(
        "SELECT indicator, rol, rijen_model, venster, datum_kolom, selectie, bijdrage_kolom, factor, aggregatie, "
        "dimensies, omschrijving FROM marts.drilldown_regels WHERE indicator = ? ORDER BY rol, rijen_model",
        [indicator]
    ).fetchall()
    return [Regel(*row[:5], dict(row[5] or {}), *row[6:9], dict(row[9] or {}), row[10]) for row in rows]


def _dimensie_filter(regel: Regel) -> str:
    """SQL true when row r belongs to the figure's breakdown (k.uitsplitsing 'dimensie=waarde')."""
    dimensie = "split_part(k.uitsplitsing, '=', 1)"
    waarde = "substr(k.uitsplitsing, strpos(k.uitsplitsing, '=') + 1)"
    takken = "".join(
        f" WHEN {dimensie} = '{naam}' THEN CAST(r.{kolom} AS VARCHAR) = {waarde}"
        for naam, kolom in sorted(regel.dimensies.items())
    )
    return f"CASE WHEN k.uitsplitsing = '' THEN true{takken} ELSE true END"


def _rijen_sql(regel: Regel, een_figuur: bool) -> str:
    figuur = ("AND k.gemeente_code = $gemeente_code AND k.periode = $periode AND k.uitsplitsing = $uitsplitsing"
              if een_figuur else "")
    return f"""
        SELECT k.gemeente_code, k.periode, k.uitsplitsing, '{regel.rol}' AS rol,
               '{regel.rijen_model}' AS rijen_model, CAST({regel.bijdrage} AS DOUBLE) AS bijdrage,
               r.* EXCLUDE (gemeente_code)
        FROM marts.kpi AS k
        JOIN intermediate.gemeente_perioden AS p
            ON p.gemeente_code = k.gemeente_code AND p.periode = k.periode
        JOIN {regel.rijen_model} AS r
            ON r.levering_id = p.levering_id AND r.gemeente_code = p.gemeente_code
        WHERE k.bron = 'extract' AND k.indicator = $indicator {figuur}
          AND ({regel.voorwaarde})
          AND ({_dimensie_filter(regel)})"""


def drill(con: duckdb.DuckDBPyConnection, gemeente_code: str, periode: str, indicator: str,
          uitsplitsing: str = "", bron: str = "extract") -> Drilldown:
    """The figure and the rows behind it. Figures from CBS, the feed or a forecast have no rows here."""
    kpi = con.execute(
        "SELECT * FROM marts.kpi WHERE gemeente_code = ? AND periode = ? AND indicator = ? "
        "AND uitsplitsing = ? AND bron = ?", [gemeente_code, periode, indicator, uitsplitsing, bron]
    ).df()
    figuur = kpi.iloc[0].to_dict() if len(kpi) else None
    gevonden = regels(con, indicator) if bron == "extract" else []
    if figuur is None or not gevonden:
        return Drilldown(figuur, gevonden, pd.DataFrame(columns=["rol", "rijen_model", "bijdrage"]))
    sql = " UNION ALL BY NAME ".join(_rijen_sql(regel, een_figuur=True) for regel in gevonden)
    params = {"gemeente_code": gemeente_code, "periode": periode, "indicator": indicator,
              "uitsplitsing": uitsplitsing}
    rijen = con.execute(f"SELECT * EXCLUDE (gemeente_code, periode, uitsplitsing) FROM ({sql}) "
                        "ORDER BY ALL", params).df()
    return Drilldown(figuur, gevonden, rijen)


def aansluiting(con: duckdb.DuckDBPyConnection, indicator: str) -> pd.DataFrame:
    """Every extract figure of one indicator beside what its rows add up to, per role.

    Columns: gemeente_code, periode, uitsplitsing, rol, kpi (the KPI table's teller, noemer or waarde),
    rijen (the rows' sum, or median), aantal_rijen, sluitend. Figures without rows count as 0 (a count
    or amount over no rows), except a median, which then has no value.
    """
    gevonden = regels(con, indicator)
    if not gevonden:
        return pd.DataFrame()
    mediaan = {r.rol for r in gevonden if r.aggregatie == "mediaan"}
    union = " UNION ALL BY NAME ".join(_rijen_sql(regel, een_figuur=False) for regel in gevonden)
    som = " ".join(f"WHEN rol = '{rol}' THEN median(bijdrage)" for rol in sorted(mediaan))
    rollen = sorted({r.rol for r in gevonden})
    per_rol = " UNION ALL ".join(
        f"SELECT gemeente_code, periode, uitsplitsing, '{rol}' AS rol, {rol} AS kpi FROM marts.kpi "
        f"WHERE bron = 'extract' AND indicator = $indicator" for rol in rollen
    )
    return con.execute(f"""
        WITH rijen AS (
            SELECT gemeente_code, periode, uitsplitsing, rol,
                   CASE {som} WHEN true THEN sum(bijdrage) END AS rijen, count(*) AS aantal_rijen
            FROM ({union})
            GROUP BY gemeente_code, periode, uitsplitsing, rol
        )
        SELECT *, coalesce(abs(kpi - rijen) <= {RELATIEVE_TOLERANTIE} * greatest(1.0, abs(kpi)),
                           kpi IS NULL AND rijen IS NULL) AS sluitend
        FROM (
            SELECT k.gemeente_code, k.periode, k.uitsplitsing, k.rol, k.kpi,
                   CASE WHEN k.rol IN ({", ".join(f"'{r}'" for r in sorted(mediaan)) or "NULL"}) THEN r.rijen
                        ELSE coalesce(r.rijen, 0) END AS rijen,
                   coalesce(r.aantal_rijen, 0) AS aantal_rijen
            FROM ({per_rol}) AS k
            LEFT JOIN rijen AS r USING (gemeente_code, periode, uitsplitsing, rol)
        )
        ORDER BY gemeente_code, periode, uitsplitsing, rol""", {"indicator": indicator}).df()


# Extract figures that are no sum of rows: computed by a rule from other figures, which drill down.
AFGELEIDE_FIGUREN = {"vangnet_verwacht": "de vangnetregels over het BUIG-resultaat van het jaar en de twee ervoor"}


def aansluiting_alle(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, list[str]]:
    """Every extract figure beside its rows (aansluiting, with an indicator column), and the extract
    indicators that have no drill-down rule at all (derived figures left out)."""
    indicators = [r[0] for r in con.execute(
        "SELECT DISTINCT indicator FROM marts.kpi WHERE bron = 'extract' ORDER BY 1").fetchall()
        if r[0] not in AFGELEIDE_FIGUREN]
    with_rules = {r[0] for r in con.execute("SELECT DISTINCT indicator FROM marts.drilldown_regels").fetchall()}
    ties = [aansluiting(con, indicator).assign(indicator=indicator) for indicator in indicators
            if indicator in with_rules]
    return pd.concat(ties, ignore_index=True), [i for i in indicators if i not in with_rules]
