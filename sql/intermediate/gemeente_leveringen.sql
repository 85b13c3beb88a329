-- key: gemeente_code
-- Grain: one row per municipality with an extract: its current delivery, that delivery's peildatum and
-- historie_start, January 1 of the year of the first ended benefit or payment month. A system holds
-- only the benefits still running when its history begins, so earlier periods would show a false
-- ramp; the stock on the day before historie_start is right (all of it ran into the system).
-- demo: the delivery names the demo generator as its bronsysteem (`wimi demo` writes 'WIMI-demo', its
-- messy copy 'WIMI-demo - ...'; pipelines/demo/generate.py): its figures are invented and say so.
WITH gemeente AS (
    SELECT levering.levering_id, gemeente.code AS gemeente_code, levering.peildatum, levering.heeft_vrijlating,
           coalesce(starts_with(levering.bronsysteem, 'WIMI-demo'), false) AS demo
    FROM staging.extract__leveringen AS levering,
        unnest(levering.gemeenten) AS gemeente(code)
    WHERE gemeente.code <> 'NL'
),
eerste_spoor AS (
    SELECT uitkering.levering_id, uitkering.gemeente_code,
           least(min(uitkering.einddatum), min(betaling.maand)) AS eerste_einde_of_betaling,
           min(uitkering.startdatum) AS eerste_start
    FROM staging.extract__uitkeringen AS uitkering
    LEFT JOIN staging.extract__betalingen AS betaling
        ON betaling.levering_id = uitkering.levering_id
       AND betaling.uitkering_id = uitkering.uitkering_id
    GROUP BY ALL
)
SELECT
    gemeente.gemeente_code,
    gemeente.levering_id,
    gemeente.peildatum,
    gemeente.heeft_vrijlating,
    gemeente.demo,
    CAST(date_trunc('year', coalesce(spoor.eerste_einde_of_betaling, spoor.eerste_start, gemeente.peildatum))
         AS DATE) AS historie_start
FROM gemeente
LEFT JOIN eerste_spoor AS spoor USING (levering_id, gemeente_code)
