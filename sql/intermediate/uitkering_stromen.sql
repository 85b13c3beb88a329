-- key: levering_id, uitkering_id, gebeurtenis
-- Grain: one row per benefit start (on startdatum) and benefit end (on einddatum, the last day of
-- entitlement), with what it is for the flows on bijstandsperiodes (indicators.md): the first
-- benefit's start is the period's instroom, the end of the benefit that ends a period is its
-- uitstroom or uitstroom_aow, and every other start or end is a voortgezette mutatie (a change of
-- leefvorm or regeling, a return within 30 days, an overlap). So for any window:
-- stock change = sum(voorraad_mutatie) = instroom - uitstroom - uitstroom_aow + voortgezette_mutaties.
WITH gebeurtenis AS (
    SELECT
        uitkering.levering_id, uitkering.gemeente_code, uitkering.uitkering_id, uitkering.client_id,
        uitkering.bijstandsperiode_nr, uitkering.regeling, uitkering.leefvorm,
        'start' AS gebeurtenis, uitkering.startdatum AS datum, CAST(NULL AS VARCHAR) AS reden_einde, 1 AS voorraad_mutatie,
        CASE WHEN periode.eerste_uitkering_id = uitkering.uitkering_id THEN 'instroom' ELSE 'voortgezet' END AS stroom,
        periode.herinstroom_12m,
        false AS naar_werk,
        false AS terugval_12m
    FROM intermediate.uitkeringen AS uitkering
    JOIN intermediate.bijstandsperiodes AS periode USING (levering_id, client_id, bijstandsperiode_nr)
    UNION ALL
    SELECT
        uitkering.levering_id, uitkering.gemeente_code, uitkering.uitkering_id, uitkering.client_id,
        uitkering.bijstandsperiode_nr, uitkering.regeling, uitkering.leefvorm,
        'einde', uitkering.einddatum, coalesce(uitkering.reden_einde, 'onbekend'), -1,
        CASE WHEN periode.laatste_uitkering_id = uitkering.uitkering_id THEN periode.uitstroom_soort
             ELSE 'voortgezet' END,
        false,
        periode.laatste_uitkering_id = uitkering.uitkering_id AND periode.naar_werk,
        -- after outflow to work: a new bijstandsperiode within 12 months, (end, end + 12 months]
        coalesce(periode.laatste_uitkering_id = uitkering.uitkering_id AND periode.naar_werk
                 AND periode.volgende_startdatum <= periode.einddatum + INTERVAL 12 MONTH, false)
    FROM intermediate.uitkeringen AS uitkering
    JOIN intermediate.bijstandsperiodes AS periode USING (levering_id, client_id, bijstandsperiode_nr)
    WHERE uitkering.einddatum IS NOT NULL
)
SELECT * FROM gebeurtenis
