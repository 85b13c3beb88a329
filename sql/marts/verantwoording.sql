-- key: gemeente_code, jaar, volgorde
-- One row per municipality, year and line of the yearly spending statement (verantwoording): benefit
-- spending per regeling, the wage-cost subsidies of lasten_lks.csv (0 without rows when not
-- delivered), payments received on BUIG claims per kind of claim (claims of bijzondere bijstand, Bbz
-- business loans and other regelingen are no BUIG income), and net spending (netto_lasten, what the
-- BUIG pays for), from the first year with a payment or claim movement. Every
-- line carries the number of rows behind it; lines with no rows are shown as 0, so the statement always
-- has the same lines.
WITH eerste_boeking AS (
    -- benefits may have started long before the delivery's first payment: the statement begins with
    -- the first year that has a payment or a claim movement
    SELECT gemeente_code, levering_id, min(datum) AS datum
    FROM (
        SELECT gemeente_code, levering_id, maand AS datum FROM intermediate.uitkering_betaalmaanden
        UNION ALL
        SELECT gemeente_code, levering_id, datum FROM intermediate.vordering_mutaties
    )
    GROUP BY ALL
),
jaar AS (
    SELECT periode.gemeente_code, periode.levering_id, periode.periode AS jaar, periode.periode_start,
           periode.periode_einde, periode.volledig
    FROM intermediate.gemeente_perioden AS periode
    JOIN eerste_boeking USING (gemeente_code, levering_id)
    WHERE periode.periode_soort = 'jaar'
      AND periode.periode_einde >= eerste_boeking.datum
),
regeling AS (
    SELECT * FROM (VALUES
        (1, 'PW', 'Uitkeringslasten Participatiewet (PW)'),
        (2, 'IOAW', 'Uitkeringslasten IOAW'),
        (3, 'IOAZ', 'Uitkeringslasten IOAZ'),
        (4, 'BBZ', 'Uitkeringslasten Bbz (levensonderhoud)')
    ) AS r(volgorde, regeling, post)
),
vordering_soort AS (
    SELECT * FROM (VALUES
        (6, 'terugvordering', 'Ontvangen aflossingen op terugvorderingen'),
        (7, 'verhaal', 'Ontvangen aflossingen op verhaal'),
        (8, 'boete', 'Ontvangen aflossingen op boetes')
    ) AS s(volgorde, vordering_soort, post)
),
lasten AS (
    SELECT
        jaar.gemeente_code, jaar.jaar, jaar.volledig, regeling.volgorde, regeling.post,
        regeling.regeling AS onderdeel,
        coalesce(sum(betaling.bruto_bedrag), 0) AS bedrag,
        count(betaling.uitkering_id) AS aantal_rijen
    FROM jaar
    CROSS JOIN regeling
    LEFT JOIN intermediate.uitkering_betaalmaanden AS betaling
        ON betaling.levering_id = jaar.levering_id
       AND betaling.gemeente_code = jaar.gemeente_code
       AND betaling.regeling = regeling.regeling
       AND in_periode(betaling.maand, jaar.periode_start, jaar.periode_einde)
    GROUP BY ALL
),
ontvangsten AS (
    SELECT
        jaar.gemeente_code, jaar.jaar, jaar.volledig, vordering_soort.volgorde, vordering_soort.post,
        vordering_soort.vordering_soort AS onderdeel,
        coalesce(sum(mutatie.bedrag), 0) AS bedrag,
        count(mutatie.vordering_id) AS aantal_rijen
    FROM jaar
    CROSS JOIN vordering_soort
    LEFT JOIN intermediate.vordering_mutaties AS mutatie
        ON mutatie.levering_id = jaar.levering_id
       AND mutatie.gemeente_code = jaar.gemeente_code
       AND mutatie.vordering_soort = vordering_soort.vordering_soort
       AND mutatie.mutatie_soort = 'aflossing'
       AND mutatie.buig
       AND in_periode(mutatie.datum, jaar.periode_start, jaar.periode_einde)
    GROUP BY ALL
),
totaal_lasten AS (
    SELECT gemeente_code, jaar, volledig, 5 AS volgorde, 'Totaal uitkeringslasten' AS post,
           'totaal' AS onderdeel, sum(bedrag) AS bedrag, sum(aantal_rijen) AS aantal_rijen
    FROM lasten
    GROUP BY ALL
),
totaal_ontvangsten AS (
    SELECT gemeente_code, jaar, volledig, 9 AS volgorde, 'Totaal ontvangen op BUIG-vorderingen' AS post,
           'totaal' AS onderdeel, sum(bedrag) AS bedrag, sum(aantal_rijen) AS aantal_rijen
    FROM ontvangsten
    GROUP BY ALL
),
loonkostensubsidie AS (
    SELECT jaar.gemeente_code, jaar.jaar, jaar.volledig, 10 AS volgorde,
           'Loonkostensubsidies (lasten_lks.csv)' AS post, 'lks' AS onderdeel,
           coalesce(sum(lks.bedrag), 0) AS bedrag, count(lks.jaar) AS aantal_rijen
    FROM jaar
    LEFT JOIN staging.extract__lasten_lks AS lks
        ON lks.levering_id = jaar.levering_id
       AND lks.gemeente_code = jaar.gemeente_code
       AND in_jaar(lks.jaar, jaar.periode_start, jaar.periode_einde)
    GROUP BY ALL
),
netto AS (
    SELECT l.gemeente_code, l.jaar, l.volledig, 11 AS volgorde,
           'Netto lasten (uitkeringslasten plus loonkostensubsidies min ontvangsten)' AS post,
           'netto' AS onderdeel, l.bedrag + k.bedrag - o.bedrag AS bedrag,
           l.aantal_rijen + k.aantal_rijen + o.aantal_rijen AS aantal_rijen
    FROM totaal_lasten AS l
    JOIN loonkostensubsidie AS k USING (gemeente_code, jaar)
    JOIN totaal_ontvangsten AS o USING (gemeente_code, jaar)
)
SELECT
    gemeente_code,
    jaar,
    volledig,
    volgorde,
    post,
    onderdeel,
    CAST(bedrag AS DECIMAL(18, 2)) AS bedrag,
    CAST(aantal_rijen AS BIGINT) AS aantal_rijen
FROM (
    SELECT * FROM lasten
    UNION ALL SELECT * FROM totaal_lasten
    UNION ALL SELECT * FROM ontvangsten
    UNION ALL SELECT * FROM totaal_ontvangsten
    UNION ALL SELECT * FROM loonkostensubsidie
    UNION ALL SELECT * FROM netto
)
ORDER BY gemeente_code, jaar, volgorde
