-- key: levering_id, uitkering_id, stand_datum
-- Grain: one row per benefit per month-end T (the peildatum in the month holding it) at which it is
-- in the stock: startdatum <= T and (einddatum empty or einddatum > T). Quarter and year stocks are the
-- stocks at their last month's T, so the rows behind any stock figure are those with
-- stand_datum = the period's meetdatum (intermediate.gemeente_perioden). Also the opening stock on the
-- day before historie_start. Durations count from the start of the benefit's bijstandsperiode
-- (indicators.md), not from the benefit's own start: a change of leefvorm does not reset them.
-- Narrow on purpose (national volume: 46M rows): dates of the benefit itself are in intermediate.uitkeringen.
-- A view: writing 46M rows costs more than generating them again in its four readers, and the
-- drill-down reads one municipality's month-end at a time.
-- materialized: view
WITH uitkering AS (
    -- each benefit carries its client's contact dates as a short list: picking the latest one per T
    -- from it is several times cheaper than an ASOF join over every month-end row
    SELECT uitkering.*, contact.datums AS contact_datums
    FROM intermediate.uitkeringen AS uitkering
    LEFT JOIN (
        SELECT levering_id, client_id, list(datum) AS datums
        FROM staging.extract__contacten
        GROUP BY ALL
    ) AS contact USING (levering_id, client_id)
),
stand AS (
    SELECT
        maand.gemeente_code,
        maand.levering_id,
        maand.meetdatum AS stand_datum,
        uitkering.uitkering_id,
        uitkering.client_id,
        uitkering.regeling,
        uitkering.leefvorm,
        uitkering.geboortejaar,
        uitkering.periode_startdatum,
        list_max(list_filter(uitkering.contact_datums, lambda datum: datum <= maand.meetdatum)) AS laatste_contact
    FROM (
        SELECT gemeente_code, levering_id, meetdatum
        FROM intermediate.gemeente_perioden
        WHERE periode_soort = 'maand'
        UNION ALL
        -- the opening stock, the previous stock of the first periods
        SELECT gemeente_code, levering_id, CAST(historie_start - INTERVAL 1 DAY AS DATE)
        FROM intermediate.gemeente_leveringen
    ) AS maand
    JOIN uitkering
        ON uitkering.levering_id = maand.levering_id
       AND uitkering.gemeente_code = maand.gemeente_code
       AND uitkering.startdatum <= maand.meetdatum
       AND (uitkering.einddatum IS NULL OR uitkering.einddatum > maand.meetdatum)
)
SELECT
    gemeente_code,
    levering_id,
    stand_datum,
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
        WHEN periode_startdatum > stand_datum - INTERVAL 1 YEAR THEN '<1jr'
        WHEN periode_startdatum > stand_datum - INTERVAL 2 YEAR THEN '1-2jr'
        WHEN periode_startdatum > stand_datum - INTERVAL 5 YEAR THEN '2-5jr'
        ELSE '5jr+'
    END AS duur,
    date_diff('day', periode_startdatum, stand_datum) / 30.4375 AS duur_maanden,
    laatste_contact,
    coalesce(laatste_contact > stand_datum - INTERVAL 12 MONTH, false) AS contact_12m
FROM stand
