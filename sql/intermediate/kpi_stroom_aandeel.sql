-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per (municipality or NL, period, bron, indicator): instroom and uitstroom of the extract or
-- the benchmark feed as a share of the stock, so flows compare across sizes as CBS's percentages do.
-- teller = the flow in the period; noemer = the mean of the bijstandsvolume at the end of the previous
-- period and at the end of this one (as uitstroomkans_werk). No row where either stand is missing.
WITH telling AS (
    SELECT gemeente_code, periode, indicator, waarde, bron, volledig, periode_soort, periode_einde
    FROM intermediate.kpi_extract
    WHERE indicator IN ('bijstandsvolume', 'instroom', 'uitstroom') AND uitsplitsing = ''
      AND periode_soort IN ('kwartaal', 'jaar')
    UNION ALL BY NAME
    SELECT gemeente_code, periode, indicator, waarde, bron, volledig, periode_soort, periode_einde
    FROM intermediate.kpi_feed
    WHERE indicator IN ('bijstandsvolume', 'instroom', 'uitstroom') AND uitsplitsing = ''
      AND periode_soort IN ('kwartaal', 'jaar')
),
stand AS (
    SELECT * FROM telling WHERE indicator = 'bijstandsvolume'
)
SELECT
    stroom.gemeente_code,
    stroom.periode,
    stroom.indicator || '_aandeel_voorraad'                         AS indicator,
    ''                                                              AS uitsplitsing,
    stroom.waarde                                                   AS teller,
    (vorige.waarde + huidige.waarde) / 2                            AS noemer,
    stroom.waarde / nullif((vorige.waarde + huidige.waarde) / 2, 0) AS waarde,
    stroom.bron,
    stroom.volledig,
    stroom.periode_soort,
    stroom.periode_einde
FROM telling AS stroom
JOIN stand AS huidige
    ON huidige.gemeente_code = stroom.gemeente_code AND huidige.bron = stroom.bron
   AND huidige.periode_soort = stroom.periode_soort AND huidige.periode = stroom.periode
JOIN stand AS vorige
    ON vorige.gemeente_code = stroom.gemeente_code AND vorige.bron = stroom.bron
   AND vorige.periode_soort = stroom.periode_soort
   AND vorige.periode_einde = last_day(stroom.periode_einde - CASE stroom.periode_soort
                                           WHEN 'kwartaal' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 YEAR END)
WHERE stroom.indicator IN ('instroom', 'uitstroom')
