-- Grain: one row per claim per month-end T (the peildatum in the month holding it) from its ontstaan
-- on, where it is outstanding: bedrag minus all its movements with datum <= T, when that is not 0.
WITH vordering AS (
    -- each claim carries its movements as a short list: summing those up to T per month-end is
    -- several times cheaper than an ASOF join on running totals
    SELECT vordering.*, mutatie.mutaties
    FROM intermediate.vorderingen AS vordering
    LEFT JOIN (
        SELECT levering_id, vordering_id, list({'datum': datum, 'bedrag': bedrag}) AS mutaties
        FROM intermediate.vordering_mutaties
        GROUP BY ALL
    ) AS mutatie USING (levering_id, vordering_id)
),
saldo AS (
    SELECT
        vordering.levering_id,
        vordering.gemeente_code,
        maand.meetdatum AS stand_datum,
        vordering.vordering_id,
        vordering.client_id,
        vordering.soort,
        vordering.bedrag,
        coalesce(list_sum(list_transform(
            list_filter(vordering.mutaties, lambda mutatie: mutatie.datum <= maand.meetdatum),
            lambda mutatie: mutatie.bedrag)), 0) AS gemuteerd_tot_stand
    FROM vordering
    JOIN intermediate.gemeente_perioden AS maand
        ON maand.levering_id = vordering.levering_id
       AND maand.gemeente_code = vordering.gemeente_code
       AND maand.periode_soort = 'maand'
       AND maand.meetdatum >= vordering.ontstaan
)
SELECT
    levering_id,
    gemeente_code,
    stand_datum,
    vordering_id,
    client_id,
    soort,
    bedrag,
    gemuteerd_tot_stand,
    bedrag - gemuteerd_tot_stand AS openstaand
FROM saldo
WHERE bedrag - gemuteerd_tot_stand <> 0
