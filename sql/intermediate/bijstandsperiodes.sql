-- key: levering_id, client_id, bijstandsperiode_nr
-- Grain: one row per bijstandsperiode (levering_id, client_id, bijstandsperiode_nr): a client's
-- benefits without a gap of more than 30 days (intermediate.uitkeringen numbers them). It starts on
-- its first startdatum, with its first benefit (on a tie the lowest uitkering_id), and ends on its
-- latest einddatum (empty while any benefit runs) with the benefit that ends last (on a tie the one
-- that started last), whose reden_einde it takes. Flows count these periods, not benefits; leaving
-- at AOW age is an outflow of its own (indicators.md).
WITH periode AS (
    SELECT
        levering_id,
        client_id,
        bijstandsperiode_nr,
        min(startdatum) AS startdatum,
        CASE WHEN bool_and(einddatum IS NOT NULL) THEN max(einddatum) END AS einddatum,
        arg_min(uitkering_id, (startdatum, uitkering_id)) AS eerste_uitkering_id,
        arg_max(uitkering_id, (einddatum, startdatum, uitkering_id)) AS laatste_uitkering_id,
        arg_max(coalesce(reden_einde, 'onbekend'), (einddatum, startdatum, uitkering_id)) AS laatste_reden_einde,
        count(*) AS aantal_uitkeringen
    FROM intermediate.uitkeringen
    GROUP BY levering_id, client_id, bijstandsperiode_nr
),
met_einde AS (
    SELECT
        *,
        CASE WHEN einddatum IS NOT NULL THEN laatste_reden_einde END AS reden_einde,
        CASE WHEN einddatum IS NULL THEN NULL
             WHEN laatste_reden_einde = 'aow' THEN 'uitstroom_aow'
             ELSE 'uitstroom' END AS uitstroom_soort
    FROM periode
)
SELECT
    levering_id,
    client_id,
    bijstandsperiode_nr,
    startdatum,
    einddatum,
    reden_einde,
    uitstroom_soort,
    coalesce(uitstroom_soort = 'uitstroom' AND reden_einde IN ('werk', 'eigen_bedrijf'), false) AS naar_werk,
    eerste_uitkering_id,
    CASE WHEN einddatum IS NOT NULL THEN laatste_uitkering_id END AS laatste_uitkering_id,
    aantal_uitkeringen,
    -- CBS "herinstromers binnen een jaar": an earlier period of the client counted in uitstroom (not
    -- AOW) ended in [start - 12 months, start)
    coalesce(max(CASE WHEN uitstroom_soort = 'uitstroom' THEN einddatum END) OVER (
        PARTITION BY levering_id, client_id ORDER BY bijstandsperiode_nr
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) >= startdatum - INTERVAL 12 MONTH, false) AS herinstroom_12m,
    lead(startdatum) OVER (PARTITION BY levering_id, client_id ORDER BY bijstandsperiode_nr) AS volgende_startdatum
FROM met_einde
