-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per municipality, period and quality indicator (figures for intermediate.kpi_extract).
-- Windows are the macros of sql/macros.sql, the ones the drill-down rules name.
WITH periode AS (
    SELECT * FROM intermediate.gemeente_perioden
),
besluit AS (
    SELECT periode.gemeente_code, periode.periode,
           count(*) FILTER (WHERE aanvraag.tijdig) AS tijdig,
           count(aanvraag.aanvraag_id) AS besloten
    FROM periode
    LEFT JOIN intermediate.aanvraag_besluiten AS aanvraag
        ON aanvraag.levering_id = periode.levering_id
       AND aanvraag.gemeente_code = periode.gemeente_code
       AND in_periode(aanvraag.besluit_datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
open_aanvraag AS (
    SELECT periode.gemeente_code, periode.periode, count(open_aanvraag.aanvraag_id) AS aantal
    FROM periode
    LEFT JOIN intermediate.aanvragen_open_over_termijn AS open_aanvraag
        ON open_aanvraag.levering_id = periode.levering_id
       AND open_aanvraag.gemeente_code = periode.gemeente_code
       AND op_meetdatum(open_aanvraag.stand_datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
contact AS (
    SELECT periode.gemeente_code, periode.periode,
           count(*) FILTER (WHERE stand.contact_12m) AS met_contact,
           count(stand.uitkering_id) AS voorraad
    FROM periode
    LEFT JOIN intermediate.uitkering_standen AS stand
        ON stand.levering_id = periode.levering_id
       AND stand.gemeente_code = periode.gemeente_code
       AND op_meetdatum(stand.stand_datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
maatregel AS (
    SELECT periode.gemeente_code, periode.periode,
           count(*) FILTER (WHERE maatregel.herzien) AS herzien,
           count(maatregel.maatregel_id) AS beeindigd
    FROM periode
    LEFT JOIN intermediate.maatregelen AS maatregel
        ON maatregel.levering_id = periode.levering_id
       AND maatregel.gemeente_code = periode.gemeente_code
       AND in_periode(maatregel.eind, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
onterecht_betaald AS (
    SELECT periode.gemeente_code, periode.periode, count(betaling.uitkering_id) AS aantal
    FROM periode
    LEFT JOIN intermediate.uitkering_betaalmaanden AS betaling
        ON betaling.levering_id = periode.levering_id
       AND betaling.gemeente_code = periode.gemeente_code
       AND betaling.buiten_looptijd
       AND in_periode(betaling.maand, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, 'tijdig_besloten' AS indicator,
           tijdig AS teller, besloten AS noemer, NULL AS waarde
    FROM besluit
    UNION ALL
    SELECT gemeente_code, periode, 'open_aanvragen_over_termijn', NULL, NULL, aantal FROM open_aanvraag
    UNION ALL
    SELECT gemeente_code, periode, 'contact_12m', met_contact, voorraad, NULL FROM contact
    UNION ALL
    SELECT gemeente_code, periode, 'maatregelen_herzien', herzien, beeindigd, NULL FROM maatregel
    UNION ALL
    SELECT gemeente_code, periode, 'betaald_zonder_lopende_uitkering', NULL, NULL, aantal FROM onterecht_betaald
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, '' AS uitsplitsing, teller, noemer, waarde
FROM figuur
