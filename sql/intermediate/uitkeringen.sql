-- Grain: one row per benefit of the caseload regelingen (PW, IOAW, IOAZ, BBZ), per delivery,
-- with what every benefit model needs: left to work, and re-entry after leaving for work.
WITH uitkering AS (
    SELECT *
    FROM staging.extract__uitkeringen
    WHERE regeling IN ('PW', 'IOAW', 'IOAZ', 'BBZ')
      AND gemeente_code <> 'NL'
)
SELECT
    uitkering.levering_id,
    uitkering.gemeente_code,
    uitkering.uitkering_id,
    uitkering.client_id,
    uitkering.regeling,
    uitkering.leefvorm,
    uitkering.geboortejaar,
    uitkering.startdatum,
    uitkering.einddatum,
    uitkering.reden_einde,
    coalesce(uitkering.reden_einde IN ('werk', 'eigen_bedrijf'), false) AS naar_werk,
    (
        SELECT min(volgende.startdatum)
        FROM uitkering AS volgende
        WHERE volgende.levering_id = uitkering.levering_id
          AND volgende.client_id = uitkering.client_id
          AND volgende.uitkering_id <> uitkering.uitkering_id
          AND volgende.startdatum > uitkering.einddatum
    ) AS volgende_startdatum
FROM uitkering
