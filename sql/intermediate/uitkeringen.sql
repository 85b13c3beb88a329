-- key: levering_id, uitkering_id
-- Grain: one row per benefit of the caseload regelingen (PW, IOAW, IOAZ, BBZ), per delivery, with the
-- bijstandsperiode it belongs to (indicators.md: a client's benefits, in order of startdatum, form one
-- period while each next one starts at most 30 days after the latest einddatum so far; an overlap or a
-- running benefit keeps it open) and that period's first day, from which durations count.
WITH uitkering AS (
    SELECT *
    FROM staging.extract__uitkeringen
    WHERE regeling IN ('PW', 'IOAW', 'IOAZ', 'BBZ')
      AND gemeente_code <> 'NL'
),
geordend AS (
    SELECT
        *,
        -- a running benefit counts as ending never, so it keeps the period open
        max(coalesce(einddatum, DATE '9999-12-31')) OVER (
            PARTITION BY levering_id, client_id ORDER BY startdatum, uitkering_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS laatste_einddatum_tot_nu
    FROM uitkering
),
genummerd AS (
    SELECT
        *,
        sum(CASE WHEN begint_nieuwe_bijstandsperiode(startdatum, laatste_einddatum_tot_nu) THEN 1 ELSE 0 END)
            OVER (PARTITION BY levering_id, client_id ORDER BY startdatum, uitkering_id
                  ROWS UNBOUNDED PRECEDING) AS bijstandsperiode_nr
    FROM geordend
)
SELECT
    levering_id,
    gemeente_code,
    uitkering_id,
    client_id,
    regeling,
    leefvorm,
    geboortejaar,
    startdatum,
    einddatum,
    reden_einde,
    coalesce(reden_einde IN ('werk', 'eigen_bedrijf'), false) AS naar_werk,
    CAST(bijstandsperiode_nr AS INTEGER) AS bijstandsperiode_nr,
    min(startdatum) OVER (PARTITION BY levering_id, client_id, bijstandsperiode_nr) AS periode_startdatum
FROM genummerd
