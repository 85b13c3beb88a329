-- key: gemeente_code, jaar, volgorde
-- Grain: one row per municipality, year and line of the spending statement (marts.verantwoording) that is
-- a figure of the KPI table: the indicator and breakdown the line is, for the year as period. The
-- statement ties out against it (marts.verantwoording_aansluiting) and Kwaliteit links the line to the
-- rows behind it (Herleiden). Received payments and wage-cost subsidies have no figure of their own.
SELECT
    gemeente_code,
    jaar,
    volgorde,
    CASE WHEN volgorde = 11 THEN 'netto_lasten' ELSE 'uitkeringslasten' END AS indicator,
    CASE WHEN volgorde BETWEEN 1 AND 4 THEN 'regeling=' || onderdeel ELSE '' END AS uitsplitsing
FROM marts.verantwoording
WHERE volgorde BETWEEN 1 AND 5 OR volgorde = 11
