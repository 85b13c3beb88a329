-- Grain: one row per claim per month-end T (the peildatum in the month holding it) from its ontstaan
-- on, where it is outstanding: bedrag minus all its movements with datum <= T, when that is not 0.
WITH lopend_gemuteerd AS (
    -- running total of movements per claim, to be looked up as of any day
    SELECT
        levering_id,
        vordering_id,
        datum,
        sum(sum(bedrag)) OVER (PARTITION BY levering_id, vordering_id ORDER BY datum) AS gemuteerd
    FROM intermediate.vordering_mutaties
    GROUP BY levering_id, vordering_id, datum
),
claim_stand AS (
    SELECT
        vordering.levering_id,
        vordering.gemeente_code,
        vordering.vordering_id,
        vordering.client_id,
        vordering.soort,
        vordering.bedrag,
        maand.meetdatum AS stand_datum
    FROM intermediate.vorderingen AS vordering
    JOIN intermediate.gemeente_perioden AS maand
        ON maand.levering_id = vordering.levering_id
       AND maand.gemeente_code = vordering.gemeente_code
       AND maand.periode_soort = 'maand'
       AND maand.meetdatum >= vordering.ontstaan
),
saldo AS (
    SELECT claim_stand.*, coalesce(mutatie.gemuteerd, 0) AS gemuteerd_tot_stand
    FROM claim_stand
    ASOF LEFT JOIN lopend_gemuteerd AS mutatie
        ON mutatie.levering_id = claim_stand.levering_id
       AND mutatie.vordering_id = claim_stand.vordering_id
       AND mutatie.datum <= claim_stand.stand_datum
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
