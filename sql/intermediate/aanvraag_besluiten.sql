-- key: levering_id, aanvraag_id
-- Grain: one row per application, with its processing time and whether it was decided within the
-- 56-day term, beslistermijn_dagen() (every kind of decision counts, withdrawn and not-processed included).
SELECT
    levering_id,
    gemeente_code,
    aanvraag_id,
    client_id,
    ontvangen,
    besluit_datum,
    besluit,
    date_diff('day', ontvangen, besluit_datum) AS doorlooptijd_dagen,
    date_diff('day', ontvangen, besluit_datum) <= beslistermijn_dagen() AS tijdig
FROM staging.extract__aanvragen
WHERE gemeente_code <> 'NL'
