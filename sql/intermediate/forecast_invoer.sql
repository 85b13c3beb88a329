-- key: gemeente_code, periode_soort, periode
-- Grain: one row per series (municipality or NL; months or quarters) per complete period: the observed
-- bijstandsvolume the forecast step fits. A municipality with its own extract is forecast from the
-- extract only; the benchmark feed supplies every other municipality and NL.
WITH waarneming AS (
    SELECT gemeente_code, periode, periode_soort, periode_einde, waarde, bron
    FROM intermediate.kpi_extract
    WHERE indicator = 'bijstandsvolume' AND uitsplitsing = '' AND volledig
    UNION ALL
    SELECT gemeente_code, periode, periode_soort, periode_einde, waarde, bron
    FROM intermediate.kpi_feed
    WHERE indicator = 'bijstandsvolume' AND uitsplitsing = '' AND volledig
)
SELECT
    gemeente_code,
    periode_soort,
    periode,
    CAST(date_trunc(CASE periode_soort WHEN 'maand' THEN 'month' ELSE 'quarter' END, periode_einde) AS DATE)
        AS periode_start,
    waarde,
    bron AS basis_bron
FROM waarneming
WHERE periode_soort IN ('maand', 'kwartaal')
  AND waarde IS NOT NULL
QUALIFY bron = CASE WHEN bool_or(bron = 'extract') OVER (PARTITION BY gemeente_code, periode_soort)
                    THEN 'extract' ELSE bron END
