-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per feed figure (municipality, period, indicator, uitsplitsing, bron) in KPI shape;
-- period kind and end are derived from the period string ('2024-09', '2024Q3', '2024').
WITH feed AS (
    SELECT
        *,
        CASE
            WHEN periode LIKE '____-__' THEN 'maand'
            WHEN periode LIKE '____Q_' THEN 'kwartaal'
            ELSE 'jaar'
        END AS periode_soort,
        CASE
            WHEN periode LIKE '____-__' THEN CAST(periode || '-01' AS DATE)
            WHEN periode LIKE '____Q_' THEN make_date(CAST(left(periode, 4) AS INTEGER),
                                                      CAST(right(periode, 1) AS INTEGER) * 3 - 2, 1)
            ELSE make_date(CAST(periode AS INTEGER), 1, 1)
        END AS periode_start
    FROM staging.benchmark_feed
)
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
    periode_soort,
    CAST(periode_start + CASE periode_soort
                             WHEN 'maand' THEN INTERVAL 1 MONTH
                             WHEN 'kwartaal' THEN INTERVAL 3 MONTH
                             ELSE INTERVAL 1 YEAR
                         END - INTERVAL 1 DAY AS DATE) AS periode_einde
FROM feed
