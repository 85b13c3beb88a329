-- key: levering_id, uitkering_id
-- Grain: one row per benefit (uitkering) per delivery.
SELECT
    levering_id,
    uitkering_id,
    client_id,
    gemeente_code,
    regeling,
    leefvorm,
    CAST(geboortejaar AS INTEGER) AS geboortejaar,
    CAST(startdatum AS DATE) AS startdatum,
    CAST(einddatum AS DATE) AS einddatum,
    reden_einde
FROM raw.uitkeringen
