-- key: levering_id, gemeente_code, jaar, fase
-- Grain: one row per municipality, year and budget version (fase) of the BUIG, per delivery.
SELECT
    levering_id,
    gemeente_code,
    CAST(jaar AS INTEGER) AS jaar,
    fase,
    CAST(bedrag AS DECIMAL(16, 2)) AS bedrag
FROM raw.budget
