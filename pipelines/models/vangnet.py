"""Build step: the vangnet rule, defined once, as SQL macros every model and page calls.

config/vangnet.csv holds the rules per deficit year as bands: the part of the deficit between
ondergrens_pct and bovengrens_pct (empty: no upper bound) of the budget is compensated at
vergoeding_pct. The lowest ondergrens is the threshold for both conditions (domain.md): the deficit
of the year, and the summed results of the year and the two before, against this year's budget.
`aangenomen` (ja/nee) marks rules that were not published as configured (2025 onward: the widening of
Stb. 2025, 222 has no figures we could find).

A year without rules of its own gets the last year that has them; intermediate.vangnet_regeljaar(jaar)
tells which year's rules a figure assumes and intermediate.vangnet_regels_aangenomen(jaar) whether those
are an assumption for that year, so pages can say so.
The rule lives in the warehouse as macros, not in Python, so the page's "what if" and the KPI row
vangnet_verwacht cannot drift apart.
"""
from __future__ import annotations

import duckdb

from pipelines.settings import CONFIG_DIR, Settings

PRODUCES = ["intermediate.vangnet_regels", "intermediate.vangnet_regeljaar", "intermediate.vangnet_regels_aangenomen",
            "intermediate.vangnet_vergoeding"]
DEPENDS_ON: list[str] = []
KEYS = {"intermediate.vangnet_regels": ("jaar", "ondergrens_pct")}  # the other three are macros

# grain of vangnet_regels: one row per year with published rules and compensation band
RULES = """
CREATE OR REPLACE TABLE intermediate.vangnet_regels AS
SELECT CAST(jaar AS INTEGER) AS jaar, CAST(ondergrens_pct AS DOUBLE) AS ondergrens_pct,
       CAST(bovengrens_pct AS DOUBLE) AS bovengrens_pct, CAST(vergoeding_pct AS DOUBLE) AS vergoeding_pct,
       CAST(toelichting AS VARCHAR) AS toelichting, lower(aangenomen) = 'ja' AS aangenomen
FROM read_csv('{path}', header = true, all_varchar = true)
ORDER BY jaar, ondergrens_pct
"""

RULE_YEAR = """
CREATE OR REPLACE MACRO intermediate.vangnet_regeljaar(p_jaar) AS coalesce(
    (SELECT max(jaar) FROM intermediate.vangnet_regels WHERE jaar <= p_jaar),
    (SELECT min(jaar) FROM intermediate.vangnet_regels))
"""

RULES_ASSUMED = """
CREATE OR REPLACE MACRO intermediate.vangnet_regels_aangenomen(p_jaar) AS
    intermediate.vangnet_regeljaar(p_jaar) <> p_jaar
    OR (SELECT bool_or(aangenomen) FROM intermediate.vangnet_regels
        WHERE jaar = intermediate.vangnet_regeljaar(p_jaar))
"""

# tekort_aandeel: the year's deficit / budget (0.15 for 15%; a surplus is negative);
# tekort_3jr_aandeel: the deficits of the year and the two before, surpluses offsetting, / this budget.
# Returns the compensation as a share of this year's budget.
COMPENSATION = """
CREATE OR REPLACE MACRO intermediate.vangnet_vergoeding(p_jaar, tekort_aandeel, tekort_3jr_aandeel) AS (
    SELECT CAST(CASE
        WHEN tekort_aandeel * 100 > min(band.ondergrens_pct) AND tekort_3jr_aandeel * 100 > min(band.ondergrens_pct)
        THEN sum(greatest(0, least(tekort_aandeel * 100, coalesce(band.bovengrens_pct, tekort_aandeel * 100))
                              - band.ondergrens_pct) * band.vergoeding_pct) / 10000
        ELSE 0
    END AS DOUBLE)
    FROM intermediate.vangnet_regels AS band
    WHERE band.jaar = intermediate.vangnet_regeljaar(p_jaar)
)
"""


def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    path = (CONFIG_DIR / "vangnet.csv").as_posix().replace("'", "''")
    con.execute(RULES.format(path=path))
    con.execute(RULE_YEAR)
    con.execute(RULES_ASSUMED)
    con.execute(COMPENSATION)
