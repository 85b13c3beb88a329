-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per (municipality, period, indicator, uitsplitsing) from the extract, in KPI shape
-- (bron extract). The figuren_* models count; this model alone turns their counts into KPI rows:
-- a ratio's waarde is teller / noemer (NULL when noemer is 0), a level keeps its value, and every
-- period carries its kind, end and completeness against the delivery's peildatum.
WITH figuur AS (
    SELECT * FROM intermediate.figuren_volume
    UNION ALL BY NAME SELECT * FROM intermediate.figuren_parttime
    UNION ALL BY NAME SELECT * FROM intermediate.figuren_claims
    UNION ALL BY NAME SELECT * FROM intermediate.figuren_kwaliteit
    UNION ALL BY NAME SELECT * FROM intermediate.figuren_geld
)
SELECT
    figuur.gemeente_code,
    figuur.periode,
    figuur.indicator,
    figuur.uitsplitsing,
    CAST(figuur.teller AS DOUBLE) AS teller,
    CAST(figuur.noemer AS DOUBLE) AS noemer,
    CAST(CASE WHEN figuur.noemer IS NULL THEN figuur.waarde
              ELSE figuur.teller / nullif(figuur.noemer, 0) END AS DOUBLE) AS waarde,
    'extract' AS bron,
    periode.volledig,
    periode.periode_soort,
    periode.periode_einde
FROM figuur
JOIN intermediate.gemeente_perioden AS periode USING (gemeente_code, periode)
