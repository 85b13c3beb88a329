-- key: gemeente_code, stand_datum, duur_maanden
-- Grain: one row per municipality with an extract, month-end T of its last 37 complete months and
-- duration in months at T since the start of the bijstandsperiode (0 = started that month; 60 holds
-- everything of five years and longer): the benefits in the stock at T and how many of them ended
-- their bijstandsperiode in the month after T, to work or otherwise (AOW included): the flows of the
-- KPI table. A benefit followed within 30 days by another (a voortgezette mutatie) is no exit, and its
-- successor keeps the period's duration, so it is no inflow either. The stock-flow scenario marts are
-- estimated from it. Exits after the last T are unknown.
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
        least(date_diff('month', date_trunc('month', uitkering.periode_startdatum),
                        date_trunc('month', stand.stand_datum)), duur_max_maanden()) AS duur_maanden,
        CASE WHEN periode.laatste_uitkering_id = uitkering.uitkering_id THEN periode.einddatum END AS periode_einde,
        periode.naar_werk,
        laatste.laatste_maandeinde
    FROM intermediate.uitkering_standen AS stand
    JOIN laatste USING (gemeente_code, levering_id)
    JOIN intermediate.uitkeringen AS uitkering USING (levering_id, gemeente_code, uitkering_id)
    JOIN intermediate.bijstandsperiodes AS periode
        ON periode.levering_id = uitkering.levering_id
       AND periode.client_id = uitkering.client_id
       AND periode.bijstandsperiode_nr = uitkering.bijstandsperiode_nr
    WHERE stand.stand_datum = last_day(stand.stand_datum)
      AND stand.stand_datum > laatste.laatste_maandeinde - INTERVAL 37 MONTH
      AND stand.stand_datum <= laatste.laatste_maandeinde
)
SELECT
    gemeente_code,
    stand_datum,
    duur_maanden,
    count(*) AS voorraad,
    count(*) FILTER (WHERE periode_einde <= last_day(stand_datum + INTERVAL 1 MONTH) AND naar_werk) AS uitstroom_werk,
    count(*) FILTER (WHERE periode_einde <= last_day(stand_datum + INTERVAL 1 MONTH) AND NOT naar_werk)
        AS uitstroom_overig,
    stand_datum < any_value(laatste_maandeinde) AS volgende_maand_bekend
FROM stand
GROUP BY gemeente_code, stand_datum, duur_maanden
ORDER BY gemeente_code, stand_datum, duur_maanden
