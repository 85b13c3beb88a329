-- Grain: one row per feed figure (municipality, period, indicator, uitsplitsing, bron) in KPI shape;
-- period kind and end are read from the period string (periode_soort, periode_einde in sql/macros.sql).
SELECT
    gemeente_code,
    periode,
    indicator,
    uitsplitsing,
    teller,
    noemer,
    waarde,
    bron,
    volledig,
    periode_soort(periode) AS periode_soort,
    periode_einde(periode) AS periode_einde
FROM staging.benchmark_feed
