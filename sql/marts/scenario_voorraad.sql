-- key: gemeente_code, stand_datum, duur_maanden
-- Grain: one row per municipality with an extract, month-end in its last 37 complete months and
-- duration in months (0-60, 60 = five years and longer): the stock the scenario starts from (the last
-- month-end) and the stocks to replay the model against in sample (the earlier month-ends).
SELECT
    stromen.gemeente_code,
    stromen.stand_datum,
    stromen.duur_maanden,
    stromen.voorraad,
    stromen.stand_datum = max(stromen.stand_datum) OVER (PARTITION BY stromen.gemeente_code) AS startpunt
FROM intermediate.forecast_duur_stromen AS stromen
ORDER BY stromen.gemeente_code, stromen.stand_datum, stromen.duur_maanden
