-- key: none (a movement has no id of its own: two equal repayments on one day are two rows)
-- Grain: one row per movement on a claim (aflossing, kwijtschelding, afboeking, buiten_invordering)
-- per delivery.
SELECT
    levering_id,
    vordering_id,
    CAST(datum AS DATE) AS datum,
    CAST(bedrag AS DECIMAL(14, 2)) AS bedrag,
    soort
FROM raw.aflossingen
