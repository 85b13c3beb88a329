-- Grain: one row per claim per month-end from its ontstaan on, where it is outstanding (saldo <> 0):
-- outstanding at T = bedrag minus all movements with datum <= T.
WITH claim_maand AS (
    SELECT
        vordering.levering_id,
        vordering.gemeente_code,
        vordering.vordering_id,
        vordering.client_id,
        vordering.soort,
        vordering.bedrag,
        maand.periode_start,
        maand.periode_einde AS stand_datum
    FROM intermediate.vorderingen AS vordering
    JOIN intermediate.gemeente_perioden AS maand
        ON maand.levering_id = vordering.levering_id
       AND maand.gemeente_code = vordering.gemeente_code
       AND maand.periode_soort = 'maand'
       AND maand.periode_einde >= vordering.ontstaan
),
mutatie_maand AS (
    SELECT levering_id, vordering_id, CAST(date_trunc('month', datum) AS DATE) AS periode_start,
           sum(bedrag) AS bedrag
    FROM intermediate.vordering_mutaties
    GROUP BY ALL
),
saldo AS (
    SELECT
        claim_maand.*,
        sum(coalesce(mutatie_maand.bedrag, 0)) OVER (
            PARTITION BY claim_maand.levering_id, claim_maand.vordering_id
            ORDER BY claim_maand.stand_datum
        ) AS gemuteerd_tot_stand
    FROM claim_maand
    LEFT JOIN mutatie_maand USING (levering_id, vordering_id, periode_start)
)
SELECT
    levering_id,
    gemeente_code,
    stand_datum,
    strftime(stand_datum, '%Y-%m') AS maand,
    vordering_id,
    client_id,
    soort,
    bedrag,
    gemuteerd_tot_stand,
    bedrag - gemuteerd_tot_stand AS openstaand
FROM saldo
WHERE bedrag - gemuteerd_tot_stand <> 0
