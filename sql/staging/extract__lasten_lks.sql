-- key: levering_id, gemeente_code, jaar
-- Grain: one row per municipality and year of wage-cost subsidies (loonkostensubsidie) paid, per delivery.
SELECT
    levering_id,
    gemeente_code,
    CAST(jaar AS INTEGER) AS jaar,
    CAST(bedrag AS DECIMAL(16, 2)) AS bedrag
FROM raw.lasten_lks
