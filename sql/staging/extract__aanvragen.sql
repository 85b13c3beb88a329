-- key: levering_id, aanvraag_id
-- Grain: one row per application (aanvraag) per delivery.
SELECT
    levering_id,
    aanvraag_id,
    client_id,
    gemeente_code,
    CAST(ontvangen AS DATE) AS ontvangen,
    CAST(besluit_datum AS DATE) AS besluit_datum,
    besluit
FROM raw.aanvragen
