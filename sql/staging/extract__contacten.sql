-- Grain: one row per client contact per delivery.
SELECT
    levering_id,
    client_id,
    CAST(datum AS DATE) AS datum,
    kanaal
FROM raw.contacten
