-- Grain: one row per municipality with an extract, month-end T of its last 37 complete months and
-- duration in months at T (0 = started that month; 60 holds everything of five years and longer):
-- the benefits in the stock at T and how many of them ended in the month after T, to work or not.
-- The stock-flow scenario marts are estimated from it. Exits after the last T are unknown.
WITH laatste AS (
    -- the last complete month-end: the peildatum itself when it is a month-end
    SELECT gemeente_code, levering_id,
           CASE WHEN peildatum = last_day(peildatum) THEN peildatum
                ELSE CAST(date_trunc('month', peildatum) - INTERVAL 1 DAY AS DATE) END AS laatste_maandeinde
    FROM intermediate.gemeente_leveringen
),
stand AS (
    SELECT
        stand.gemeente_code,
        stand.stand_datum,
        least(date_diff('month', date_trunc('month', uitkering.startdatum), date_trunc('month', stand.stand_datum)), 60)
            AS duur_maanden,
        uitkering.einddatum,
        uitkering.naar_werk,
        laatste.laatste_maandeinde
    FROM intermediate.uitkering_standen AS stand
    JOIN laatste USING (gemeente_code, levering_id)
    JOIN intermediate.uitkeringen AS uitkering USING (levering_id, gemeente_code, uitkering_id)
    WHERE stand.stand_datum = last_day(stand.stand_datum)
      AND stand.stand_datum > laatste.laatste_maandeinde - INTERVAL 37 MONTH
      AND stand.stand_datum <= laatste.laatste_maandeinde
)
SELECT
    gemeente_code,
    stand_datum,
    duur_maanden,
    count(*) AS voorraad,
    count(*) FILTER (WHERE einddatum <= last_day(stand_datum + INTERVAL 1 MONTH) AND naar_werk) AS uitstroom_werk,
    count(*) FILTER (WHERE einddatum <= last_day(stand_datum + INTERVAL 1 MONTH) AND NOT naar_werk) AS uitstroom_overig,
    stand_datum < any_value(laatste_maandeinde) AS volgende_maand_bekend
FROM stand
GROUP BY gemeente_code, stand_datum, duur_maanden
ORDER BY gemeente_code, stand_datum, duur_maanden
