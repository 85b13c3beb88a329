-- key: levering_id, aanvraag_id, stand_datum
-- Grain: one row per application per month-end T (the peildatum in the month holding it) at which it
-- is open beyond the 56-day term (beslistermijn_dagen()):
-- ontvangen <= T - 56 days and (no decision yet or besluit_datum > T).
SELECT
    aanvraag.levering_id,
    aanvraag.gemeente_code,
    maand.meetdatum AS stand_datum,
    strftime(maand.meetdatum, '%Y-%m') AS maand,
    aanvraag.aanvraag_id,
    aanvraag.client_id,
    aanvraag.ontvangen,
    aanvraag.besluit_datum,
    aanvraag.besluit,
    date_diff('day', aanvraag.ontvangen, maand.meetdatum) AS dagen_open
FROM intermediate.aanvraag_besluiten AS aanvraag
JOIN intermediate.gemeente_perioden AS maand
    ON maand.levering_id = aanvraag.levering_id
   AND maand.gemeente_code = aanvraag.gemeente_code
   AND maand.periode_soort = 'maand'
   AND aanvraag.ontvangen <= maand.meetdatum - to_days(beslistermijn_dagen())
   AND (aanvraag.besluit_datum IS NULL OR aanvraag.besluit_datum > maand.meetdatum)
