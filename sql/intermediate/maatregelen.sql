-- key: levering_id, maatregel_id
-- Grain: one row per reduction of benefit, on the municipality of the client's benefit that ran at the
-- reduction's start (else the client's latest benefit): reductions carry no municipality of their own.
SELECT
    maatregel.levering_id,
    arg_max(uitkering.gemeente_code,
            (uitkering.startdatum <= maatregel.start, uitkering.startdatum)) AS gemeente_code,
    maatregel.maatregel_id,
    maatregel.client_id,
    maatregel.start,
    maatregel.eind,
    maatregel.percentage,
    maatregel.herzien,
    maatregel.herzien_datum
FROM staging.extract__maatregelen AS maatregel
JOIN intermediate.uitkeringen AS uitkering
    ON uitkering.levering_id = maatregel.levering_id
   AND uitkering.client_id = maatregel.client_id
GROUP BY ALL
