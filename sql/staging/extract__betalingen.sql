-- key: levering_id, uitkering_id, maand
-- Grain: one row per benefit per month of entitlement, per delivery.
SELECT
    levering_id,
    uitkering_id,
    CAST(maand AS DATE) AS maand,
    CAST(bruto_bedrag AS DECIMAL(14, 2)) AS bruto_bedrag,
    CAST(inkomsten_arbeid AS DECIMAL(14, 2)) AS inkomsten_arbeid,
    CAST(vrijlating AS DECIMAL(14, 2)) AS vrijlating
FROM raw.betalingen
