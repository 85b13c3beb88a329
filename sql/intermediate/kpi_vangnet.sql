-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per municipality with an extract, year and delivered budget version (KPI shape): the
-- vangnet compensation expected on that year's result (intermediate.budget_prognose, which applies the
-- rule macro). Complete years count as extract, the forecast years as forecast. Assumed budgets stay out:
-- the KPI table holds only figures on delivered budgets.
SELECT
    gemeente_code,
    CAST(jaar AS VARCHAR) AS periode,
    'vangnet_verwacht' AS indicator,
    'fase=' || fase AS uitsplitsing,
    CAST(NULL AS DOUBLE) AS teller,
    CAST(NULL AS DOUBLE) AS noemer,
    CAST(vangnet_bedrag AS DOUBLE) AS waarde,
    CASE soort WHEN 'realisatie' THEN 'extract' ELSE 'forecast' END AS bron,
    soort = 'realisatie' AS volledig,
    'jaar' AS periode_soort,
    make_date(jaar, 12, 31) AS periode_einde
FROM intermediate.budget_prognose
WHERE NOT budget_aangenomen
