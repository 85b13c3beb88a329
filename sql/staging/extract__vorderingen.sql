-- key: levering_id, vordering_id
-- Grain: one row per claim (vordering) per delivery.
SELECT
    levering_id,
    vordering_id,
    client_id,
    gemeente_code,
    soort,
    CAST(ontstaan AS DATE) AS ontstaan,
    CAST(bedrag AS DECIMAL(14, 2)) AS bedrag,
    verwijtbaarheid,
    regeling
FROM raw.vorderingen
