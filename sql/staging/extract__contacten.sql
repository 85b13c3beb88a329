-- key: none (a contact has no id of its own: two on one day through one channel are two rows)
-- Grain: one row per client contact per delivery.
SELECT
    levering_id,
    client_id,
    CAST(datum AS DATE) AS datum,
    kanaal
FROM raw.contacten
