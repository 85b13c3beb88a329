-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per municipality or NL, forecast period and forecast indicator (KPI shape, bron
-- forecast): the caseload path per month and quarter up to two years ahead with its 80% and 95% bounds
-- as ids of their own (indicators.md "Forecast"), and per forecast year the expected net spending of
-- municipalities with an extract (intermediate.budget_prognose). Forecasts are not observed: volledig false.
WITH pad AS (
    SELECT gemeente_code, periode, periode_soort, periode_einde(periode) AS periode_einde, waarde, p2_5, p10, p90, p97_5
    FROM intermediate.forecast_volume
),
figuur AS (
    SELECT gemeente_code, periode, periode_soort, periode_einde, id.indicator, id.aantal AS waarde
    FROM pad,
    LATERAL (VALUES ('bijstandsvolume_prognose', pad.waarde), ('bijstandsvolume_prognose_p2_5', pad.p2_5),
                    ('bijstandsvolume_prognose_p10', pad.p10), ('bijstandsvolume_prognose_p90', pad.p90),
                    ('bijstandsvolume_prognose_p97_5', pad.p97_5)) AS id(indicator, aantal)
    UNION ALL
    -- net spending does not depend on the budget version: the year's most final version's row
    SELECT gemeente_code, CAST(jaar AS VARCHAR), 'jaar', make_date(jaar, 12, 31), 'netto_lasten_prognose',
           netto_lasten
    FROM intermediate.budget_prognose
    WHERE soort = 'prognose'
    QUALIFY fase_rang = max(fase_rang) OVER (PARTITION BY gemeente_code, jaar)
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
