-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per (municipality or NL, period, bron, indicator) with a total bijstandsvolume, instroom,
-- uitstroom or uitstroom naar werk from the extract or the benchmark feed, per 1,000 inhabitants in KPI
-- shape, so levels and flows compare across sizes. teller = the count, noemer = inhabitants (CBS,
-- 1 January of the period's year or the nearest year available, today's boundaries) / 1,000. A feed
-- that ships its own figure keeps it.
WITH per_1000(bron_indicator, indicator) AS (
    VALUES
        ('bijstandsvolume', 'bijstand_per_1000_inwoners'),
        ('instroom', 'instroom_per_1000_inwoners'),
        ('uitstroom', 'uitstroom_per_1000_inwoners'),
        ('uitstroom_naar_werk', 'uitstroom_naar_werk_per_1000_inwoners')
),
telling AS (
    SELECT * FROM intermediate.kpi_extract
    WHERE indicator IN (SELECT bron_indicator FROM per_1000) AND uitsplitsing = ''
    UNION ALL BY NAME
    SELECT * FROM intermediate.kpi_feed
    WHERE indicator IN (SELECT bron_indicator FROM per_1000) AND uitsplitsing = ''
),
volume AS (
    SELECT telling.* EXCLUDE (indicator), per_1000.indicator
    FROM telling
    JOIN per_1000 ON per_1000.bron_indicator = telling.indicator
)
SELECT
    volume.gemeente_code,
    volume.periode,
    volume.indicator,
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
    WHERE eigen.indicator = volume.indicator AND eigen.uitsplitsing = ''
      AND eigen.gemeente_code = volume.gemeente_code AND eigen.periode = volume.periode
      AND eigen.bron = volume.bron
)
