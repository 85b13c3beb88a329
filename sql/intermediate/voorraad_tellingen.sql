-- key: levering_id, gemeente_code, stand_datum, regeling, leefvorm, leeftijd, duur
-- Grain: one row per municipality, delivery, month-end T (and the opening stock's day) and breakdown
-- combination (regeling, leefvorm, leeftijd, duur): the number of benefits in the stock. Counted once
-- here, so the stock figures and the reconciliation of the stock work on counts, not on 46M rows.
SELECT levering_id, gemeente_code, stand_datum, regeling, leefvorm, leeftijd, duur, count(*) AS aantal
FROM intermediate.uitkering_standen
GROUP BY ALL
