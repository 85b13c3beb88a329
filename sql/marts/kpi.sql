-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per (gemeente_code, periode, indicator, uitsplitsing, bron): every figure the
-- dashboard shows. Each source adds its KPI part (a kpi_ model in intermediate) as one line of the union.
SELECT
    gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde, bron, volledig,
    periode_soort, periode_einde
FROM (
    SELECT * FROM intermediate.kpi_extract
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_feed
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_forecast
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_vangnet
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_cbs
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_per_1000
    UNION ALL BY NAME SELECT * FROM intermediate.kpi_stroom_aandeel
)
ORDER BY gemeente_code, indicator, uitsplitsing, periode_soort, periode, bron
