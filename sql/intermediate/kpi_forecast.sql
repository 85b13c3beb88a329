-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per municipality or NL, forecast period and forecast indicator (KPI shape, bron
-- forecast): the caseload path per month and quarter up to two years ahead with its 80% and 95% bounds
-- as ids of their own (indicators.md "Forecast"), and per forecast year the expected net spending of
-- municipalities with an extract (marts.budget_prognose). Forecasts are not observed: volledig false.
WITH pad AS (
    SELECT
        gemeente_code, periode, periode_soort,
        CAST(periode_start + CASE periode_soort WHEN 'maand' THEN INTERVAL 1 MONTH ELSE INTERVAL 3 MONTH END
             - INTERVAL 1 DAY AS DATE) AS periode_einde,
        waarde, p2_5, p10, p90, p97_5
    FROM intermediate.forecast_volume
),
figuur AS (
    SELECT gemeente_code, periode, periode_soort, periode_einde, id.indicator, id.aantal AS waarde
    FROM pad,
    LATERAL (VALUES ('bijstandsvolume_prognose', pad.waarde), ('bijstandsvolume_prognose_p2_5', pad.p2_5),
                    ('bijstandsvolume_prognose_p10', pad.p10), ('bijstandsvolume_prognose_p90', pad.p90),
                    ('bijstandsvolume_prognose_p97_5', pad.p97_5)) AS id(indicator, aantal)
    UNION ALL
    SELECT DISTINCT gemeente_code, CAST(jaar AS VARCHAR), 'jaar', make_date(jaar, 12, 31), 'netto_lasten_prognose',
           netto_lasten
    FROM marts.budget_prognose
    WHERE soort = 'prognose'
)
SELECT
    gemeente_code,
    periode,
    indicator,
    '' AS uitsplitsing,
    CAST(NULL AS DOUBLE) AS teller,
    CAST(NULL AS DOUBLE) AS noemer,
    CAST(waarde AS DOUBLE) AS waarde,
    'forecast' AS bron,
    false AS volledig,
    periode_soort,
    periode_einde
FROM figuur
