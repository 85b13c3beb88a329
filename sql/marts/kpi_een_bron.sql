-- Grain: one row per municipality and period (a table macro, a model of its own: see pipelines/build.py).
-- One figure per municipality and period for one indicator: its CBS figure or its own extract where it
-- has one, else the benchmark feed's (synthetic), so like is compared with like. `toegestaan`: the
-- user's municipalities (NULL: all); an extract of another municipality is not benchmark material,
-- CBS and feed figures are.
CREATE OR REPLACE MACRO marts.kpi_een_bron(gevraagde_indicator, soort, gevraagde_bronnen, toegestaan) AS TABLE
    SELECT gemeente_code, periode, periode_einde, teller, noemer, waarde, bron, volledig
    FROM marts.kpi
    WHERE indicator = gevraagde_indicator
      AND periode_soort = soort
      AND uitsplitsing = ''
      AND list_contains(gevraagde_bronnen, bron)
      AND (bron <> 'extract' OR toegestaan IS NULL OR list_contains(toegestaan, gemeente_code))
    QUALIFY row_number() OVER (PARTITION BY gemeente_code, periode ORDER BY bron = 'synthetic', bron) = 1;
