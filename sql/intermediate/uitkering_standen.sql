-- Grain: one row per benefit per month-end T (the peildatum in the month holding it) at which it is
-- in the stock: startdatum <= T and (einddatum empty or einddatum > T). Quarter and year stocks are the
-- stocks at their last month's T, so the rows behind any stock figure are those with
-- stand_datum = the period's meetdatum (intermediate.gemeente_perioden). Also the opening stock on the
-- day before historie_start.
WITH stand AS (
    SELECT
        maand.gemeente_code,
        maand.levering_id,
        maand.meetdatum AS stand_datum,
        uitkering.uitkering_id,
        uitkering.client_id,
        uitkering.regeling,
        uitkering.leefvorm,
        uitkering.geboortejaar,
        uitkering.startdatum,
        uitkering.einddatum
    FROM (
        SELECT gemeente_code, levering_id, meetdatum
        FROM intermediate.gemeente_perioden
        WHERE periode_soort = 'maand'
        UNION ALL
        -- the opening stock, the previous stock of the first periods
        SELECT gemeente_code, levering_id, CAST(historie_start - INTERVAL 1 DAY AS DATE)
        FROM intermediate.gemeente_leveringen
    ) AS maand
    JOIN intermediate.uitkeringen AS uitkering
        ON uitkering.levering_id = maand.levering_id
       AND uitkering.gemeente_code = maand.gemeente_code
       AND uitkering.startdatum <= maand.meetdatum
       AND (uitkering.einddatum IS NULL OR uitkering.einddatum > maand.meetdatum)
),
met_contact AS (
    -- the client's latest contact on or before T, to judge contact in the last 12 months
    SELECT stand.*, contact.datum AS laatste_contact
    FROM stand
    ASOF LEFT JOIN staging.extract__contacten AS contact
        ON contact.levering_id = stand.levering_id
       AND contact.client_id = stand.client_id
       AND contact.datum <= stand.stand_datum
)
SELECT
    gemeente_code,
    levering_id,
    stand_datum,
    strftime(stand_datum, '%Y-%m') AS maand,
    uitkering_id,
    client_id,
    regeling,
    leefvorm,
    CASE
        WHEN geboortejaar IS NULL THEN 'onbekend'
        WHEN year(stand_datum) - geboortejaar < 27 THEN '<27'
        WHEN year(stand_datum) - geboortejaar < 45 THEN '27-44'
        ELSE '45-AOW'
    END AS leeftijd,
    CASE
        WHEN startdatum > stand_datum - INTERVAL 1 YEAR THEN '<1jr'
        WHEN startdatum > stand_datum - INTERVAL 2 YEAR THEN '1-2jr'
        WHEN startdatum > stand_datum - INTERVAL 5 YEAR THEN '2-5jr'
        ELSE '5jr+'
    END AS duur,
    startdatum,
    einddatum,
    date_diff('day', startdatum, stand_datum) / 30.4375 AS duur_maanden,
    laatste_contact,
    coalesce(laatste_contact > stand_datum - INTERVAL 12 MONTH, false) AS contact_12m
FROM met_contact
