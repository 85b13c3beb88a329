-- key: levering_id, uitkering_id, maand
-- Grain: one row per payment row (one benefit for one month of entitlement), on the benefit's
-- municipality, flagged when the month lies wholly outside the benefit's months.
SELECT
    uitkering.gemeente_code,
    betaling.levering_id,
    betaling.uitkering_id,
    uitkering.client_id,
    uitkering.regeling,
    betaling.maand,
    betaling.bruto_bedrag,
    betaling.inkomsten_arbeid,
    betaling.vrijlating,
    betaling.inkomsten_arbeid > 0 AS parttime,
    coalesce(betaling.vrijlating > 0, false) AS met_vrijlating,
    uitkering.startdatum,
    uitkering.einddatum,
    coalesce(betaling.maand < date_trunc('month', uitkering.startdatum)
        OR betaling.maand > date_trunc('month', uitkering.einddatum), false) AS buiten_looptijd
FROM staging.extract__betalingen AS betaling
JOIN intermediate.uitkeringen AS uitkering
    ON uitkering.levering_id = betaling.levering_id
   AND uitkering.uitkering_id = betaling.uitkering_id
