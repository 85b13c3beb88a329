-- key: gemeente_code, periode
-- Grain: one row per municipality with an extract and period: the stock at the end of the previous
-- period (voorraad_begin; the opening stock before the first) and at T (voorraad_eind), counted once
-- for the bijstandsvolume, the uitstroomkans' mean stock and the reconciliation of the stock.
SELECT
    periode.gemeente_code,
    periode.periode,
    coalesce(sum(telling.aantal) FILTER (
        WHERE aan_begin(telling.stand_datum, periode.periode_start, periode.meetdatum)), 0) AS voorraad_begin,
    coalesce(sum(telling.aantal) FILTER (
        WHERE op_meetdatum(telling.stand_datum, periode.periode_start, periode.meetdatum)), 0) AS voorraad_eind
FROM intermediate.gemeente_perioden AS periode
LEFT JOIN (
    -- totals per day first: the begin-or-end condition is no join key, so it should meet few rows
    SELECT levering_id, gemeente_code, stand_datum, sum(aantal) AS aantal
    FROM intermediate.voorraad_tellingen
    GROUP BY ALL
) AS telling
    ON telling.gemeente_code = periode.gemeente_code
   AND telling.levering_id = periode.levering_id
   AND begin_en_eind(telling.stand_datum, periode.periode_start, periode.meetdatum)
GROUP BY ALL
