-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per municipality, period and part-time indicator (figures for intermediate.kpi_extract), judged
-- on the payment rows of the period's last month.
WITH maand AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        periode.heeft_vrijlating,
        count(betaling.uitkering_id) AS met_betaling,
        count(*) FILTER (WHERE betaling.parttime) AS parttime,
        sum(betaling.inkomsten_arbeid) FILTER (WHERE betaling.parttime) AS inkomsten_parttime,
        count(*) FILTER (WHERE betaling.parttime AND betaling.met_vrijlating) AS met_vrijlating
    FROM (
        SELECT gemeente_perioden.*, gemeente.heeft_vrijlating
        FROM intermediate.gemeente_perioden
        JOIN intermediate.gemeente_leveringen AS gemeente USING (gemeente_code, levering_id)
    ) AS periode
    LEFT JOIN intermediate.uitkering_betaalmaanden AS betaling
        ON betaling.gemeente_code = periode.gemeente_code
       AND betaling.levering_id = periode.levering_id
       AND laatste_maand(betaling.maand, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, 'aandeel_parttime' AS indicator, parttime AS teller, met_betaling AS noemer
    FROM maand
    UNION ALL
    SELECT gemeente_code, periode, 'gem_inkomsten_parttime', coalesce(inkomsten_parttime, 0), parttime
    FROM maand
    UNION ALL
    -- no figure at all when the delivery had no vrijlating column
    SELECT gemeente_code, periode, 'aandeel_vrijlating', met_vrijlating, parttime
    FROM maand
    WHERE heeft_vrijlating
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, '' AS uitsplitsing, teller, noemer, NULL AS waarde
FROM figuur
