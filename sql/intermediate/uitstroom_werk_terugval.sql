-- Grain: one row per benefit ended for work (reden_einde werk or eigen_bedrijf), with whether the
-- client started another benefit within 12 months after the last day of entitlement.
SELECT
    levering_id,
    gemeente_code,
    uitkering_id,
    client_id,
    regeling,
    einddatum,
    reden_einde,
    volgende_startdatum,
    coalesce(volgende_startdatum <= einddatum + INTERVAL 12 MONTH, false) AS terugval_12m
FROM intermediate.uitkeringen
WHERE naar_werk
