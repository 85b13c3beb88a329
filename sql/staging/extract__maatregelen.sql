-- key: levering_id, maatregel_id
-- Grain: one row per reduction of benefit (maatregel) per delivery.
SELECT
    levering_id,
    maatregel_id,
    client_id,
    CAST(start AS DATE) AS start,
    CAST(eind AS DATE) AS eind,
    CAST(percentage AS DECIMAL(6, 2)) AS percentage,
    herzien,
    CAST(herzien_datum AS DATE) AS herzien_datum
FROM raw.maatregelen
