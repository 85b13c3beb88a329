-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per figure (quarter or year, total or breakdown) of a municipality's own extract that may
-- leave the municipality in a benchmark package (`wimi deel`): the figures the extract itself gives, without
-- every one a public audience may not see (klein_aantal, data-contract §4): removed, never rounded. Shares
-- per 1,000 inhabitants and of the stock are left to the receiver, which derives them for every feed alike.
WITH eigen AS (
    SELECT * FROM intermediate.kpi_extract
    UNION ALL BY NAME
    SELECT * FROM intermediate.kpi_vangnet WHERE bron = 'extract'
)
SELECT
    eigen.gemeente_code,
    eigen.periode,
    eigen.indicator,
    eigen.uitsplitsing,
    eigen.teller,
    eigen.noemer,
    eigen.waarde,
    eigen.volledig,
    levering.peildatum,
    levering.levering_id,
    levering.demo
FROM eigen
JOIN intermediate.gemeente_leveringen AS levering USING (gemeente_code)
LEFT JOIN marts.indicatoren AS definitie ON definitie.id = eigen.indicator
WHERE eigen.periode_soort IN ('kwartaal', 'jaar')
  AND NOT klein_aantal(eigen.teller, eigen.noemer, eigen.waarde, definitie.eenheid)
