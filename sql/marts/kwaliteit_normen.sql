-- key: indicator
-- One row per quality indicator with a norm (config/normen.csv): 'minimaal' means the figure must be
-- at least the norm, 'maximaal' at most. Ratios are fractions (0.95 = 95%), as in the KPI table.
SELECT
    indicator,
    richting,
    norm,
    toelichting
FROM staging.seed__normen
