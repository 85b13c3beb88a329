-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per feed figure (municipality, period, indicator, uitsplitsing, bron) in KPI shape;
-- period kind and end are read from the period string (periode_soort, periode_einde in sql/macros.sql).
-- A partner's package (bron partner) replaces the synthetic stand-in of that municipality, which is only the
-- demo's fallback; a municipality with its own extract here keeps the extract, not a package of it.
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
WHERE NOT (bron = 'synthetic' AND gemeente_code IN (
               SELECT gemeente_code FROM staging.benchmark_feed WHERE bron = 'partner'))
  AND NOT (bron = 'partner' AND gemeente_code IN (SELECT gemeente_code FROM intermediate.gemeente_leveringen))
