-- Grain: one row per benefit flow: its start (instroom, on startdatum) and, once ended, its end
-- (uitstroom, on einddatum, the last day of entitlement) with the reason.
SELECT
    levering_id,
    gemeente_code,
    uitkering_id,
    client_id,
    'instroom' AS stroom,
    startdatum AS datum,
    regeling,
    leefvorm,
    CAST(NULL AS VARCHAR) AS reden_einde,
    false AS naar_werk
FROM intermediate.uitkeringen
UNION ALL
SELECT
    levering_id,
    gemeente_code,
    uitkering_id,
    client_id,
    'uitstroom',
    einddatum,
    regeling,
    leefvorm,
    reden_einde,
    naar_werk
FROM intermediate.uitkeringen
WHERE einddatum IS NOT NULL
