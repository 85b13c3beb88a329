-- key: gemeente_code, duurband
-- Grain: one row per municipality with an extract and duration band: the monthly probability that a
-- benefit of that duration ends in the next month, to work and otherwise, over the last 24 months whose
-- next month is known (exits / benefits in the stock at the month-end, summed over those months).
-- Bands as indicators.md (duur); the last, duur_max_maanden() (60), includes every longer duration.
WITH band AS (
    SELECT * FROM (VALUES ('<1jr', 0, 11), ('1-2jr', 12, 23), ('2-5jr', 24, duur_max_maanden() - 1),
                          ('5jr+', duur_max_maanden(), duur_max_maanden()))
        AS b(duurband, duur_van, duur_tot)
),
venster AS (
    SELECT stromen.*
    FROM intermediate.forecast_duur_stromen AS stromen
    WHERE volgende_maand_bekend
      AND stand_datum > (SELECT max(laatst.stand_datum) FROM intermediate.forecast_duur_stromen AS laatst
                         WHERE laatst.gemeente_code = stromen.gemeente_code) - INTERVAL 25 MONTH
)
SELECT
    venster.gemeente_code,
    band.duurband,
    band.duur_van,
    band.duur_tot,
    CAST(sum(venster.voorraad) AS BIGINT) AS voorraad_maanden,
    CAST(sum(venster.uitstroom_werk) AS BIGINT) AS uitstroom_werk,
    CAST(sum(venster.uitstroom_overig) AS BIGINT) AS uitstroom_overig,
    sum(venster.uitstroom_werk) / sum(venster.voorraad) AS kans_werk,
    sum(venster.uitstroom_overig) / sum(venster.voorraad) AS kans_overig
FROM venster
JOIN band ON venster.duur_maanden BETWEEN band.duur_van AND band.duur_tot
GROUP BY ALL
ORDER BY venster.gemeente_code, band.duur_van
