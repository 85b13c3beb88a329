-- key: gemeente_code, jaar, maand
-- Grain: one row per municipality with an extract and month of its two forecast years (the year of the
-- first month after the last complete one, and the next). Complete months carry what was paid; later
-- months the forecast caseload (with its 80% band) and the norm index that scales the cost per benefit.
-- The cost per benefit itself is applied in the budget mart, where the page may override it; the
-- mart also adds the year's wage-cost subsidies and repayments.
WITH basis AS (
    -- the last complete year's cost per benefit: uitkeringslasten / mean of its 12 month-end stocks
    SELECT gemeente_code,
           max(CAST(periode AS INTEGER)) AS basisjaar,
           arg_max(waarde, periode) AS kosten_per_uitkering_basisjaar
    FROM intermediate.kpi_extract
    WHERE indicator = 'gem_lasten_per_uitkering' AND uitsplitsing = '' AND periode_soort = 'jaar'
      AND volledig AND waarde > 0
    GROUP BY gemeente_code
),
maanden AS (
    SELECT prognose.gemeente_code, CAST(maand AS DATE) AS maand
    FROM (SELECT gemeente_code, min(periode_start) AS eerste_maand
          FROM intermediate.forecast_volume WHERE periode_soort = 'maand' GROUP BY gemeente_code) AS prognose,
        generate_series(date_trunc('year', prognose.eerste_maand),
                        date_trunc('year', prognose.eerste_maand) + INTERVAL 23 MONTH, INTERVAL 1 MONTH) AS g(maand)
),
realisatie AS (
    SELECT volume.gemeente_code, CAST(date_trunc('month', volume.periode_einde) AS DATE) AS maand,
           volume.waarde AS volume, lasten.waarde AS bruto_lasten
    FROM intermediate.kpi_extract AS volume
    JOIN intermediate.kpi_extract AS lasten USING (gemeente_code, periode)
    WHERE volume.indicator = 'bijstandsvolume' AND volume.uitsplitsing = '' AND volume.periode_soort = 'maand'
      AND volume.volledig AND lasten.indicator = 'uitkeringslasten' AND lasten.uitsplitsing = ''
),
prognose AS (
    SELECT gemeente_code, periode_start AS maand, waarde, p10, p90
    FROM intermediate.forecast_volume
    WHERE periode_soort = 'maand'
),
basisnorm AS (
    -- the norm the base year was paid at: the mean over its two half years (six months each)
    SELECT basis.gemeente_code, avg(norm.norm_gehuwden) AS norm
    FROM basis
    JOIN intermediate.forecast_normindex AS norm ON year(norm.halfjaar_start) = basis.basisjaar
    GROUP BY basis.gemeente_code
)
SELECT
    maanden.gemeente_code,
    year(maanden.maand) AS jaar,
    maanden.maand,
    CASE WHEN realisatie.volume IS NULL THEN 'prognose' ELSE 'realisatie' END AS volume_bron,
    coalesce(realisatie.volume, prognose.waarde) AS volume,
    coalesce(realisatie.volume, prognose.p10) AS volume_p10,
    coalesce(realisatie.volume, prognose.p90) AS volume_p90,
    realisatie.bruto_lasten AS bruto_lasten_realisatie,
    norm.norm_gehuwden / basisnorm.norm AS normindex,
    norm.gepubliceerd AS norm_gepubliceerd,
    basis.basisjaar,
    basis.kosten_per_uitkering_basisjaar
FROM maanden
JOIN basis USING (gemeente_code)
JOIN basisnorm USING (gemeente_code)
JOIN intermediate.forecast_normindex AS norm
    ON norm.halfjaar_start = make_date(year(maanden.maand), CASE WHEN month(maanden.maand) >= 7 THEN 7 ELSE 1 END, 1)
LEFT JOIN realisatie USING (gemeente_code, maand)
LEFT JOIN prognose USING (gemeente_code, maand)
ORDER BY maanden.gemeente_code, maanden.maand
