-- Grain: one row per (municipality or NL, period, bron) with a total bijstandsvolume from the extract
-- or the benchmark feed: bijstand_per_1000_inwoners in KPI shape, so levels compare across sizes.
-- teller = bijstandsvolume, noemer = inhabitants (CBS, 1 January of the period's year or the nearest
-- year available, today's boundaries) / 1,000. A feed that ships its own figure keeps it.
WITH volume AS (
    SELECT * FROM intermediate.kpi_extract
    WHERE indicator = 'bijstandsvolume' AND uitsplitsing = ''
    UNION ALL BY NAME
    SELECT * FROM intermediate.kpi_feed
    WHERE indicator = 'bijstandsvolume' AND uitsplitsing = ''
)
SELECT
    volume.gemeente_code,
    volume.periode,
    'bijstand_per_1000_inwoners'                       AS indicator,
    ''                                                 AS uitsplitsing,
    volume.waarde                                      AS teller,
    inwoners.inwoners / 1000                           AS noemer,
    volume.waarde / nullif(inwoners.inwoners / 1000, 0) AS waarde,
    volume.bron,
    volume.volledig,
    volume.periode_soort,
    volume.periode_einde
FROM volume
JOIN intermediate.cbs_inwoners AS inwoners
    ON inwoners.gemeente_code = volume.gemeente_code
   AND inwoners.jaar = CAST(left(volume.periode, 4) AS INTEGER)
WHERE NOT EXISTS (
    SELECT 1 FROM intermediate.kpi_feed AS eigen
    WHERE eigen.indicator = 'bijstand_per_1000_inwoners' AND eigen.uitsplitsing = ''
      AND eigen.gemeente_code = volume.gemeente_code AND eigen.periode = volume.periode
      AND eigen.bron = volume.bron
)
