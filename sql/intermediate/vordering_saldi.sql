-- key: levering_id, vordering_id, stand_datum
-- Grain: one row per claim per month-end T (the peildatum in the month holding it) from its ontstaan
-- on, where it is outstanding: bedrag minus its aflossingen, kwijtscheldingen and afboekingen with
-- datum <= T, when that is not 0. A claim put buiten invordering is still owed: it stays here, with
-- status buiten_invordering from the day of that movement, until it is remitted or written off.
-- A view: nationally 78M rows (former clients keep their debts for years), which cost more to write
-- (about 50 s) than to generate again in its one model reader; the drill-down reads one month-end.
-- materialized: view
WITH vordering AS (
    -- each claim carries its lowering movements as a short list: summing those up to T per month-end
    -- is several times cheaper than an ASOF join on running totals
    SELECT vordering.*, mutatie.verlagingen, mutatie.buiten_invordering_sinds
    FROM intermediate.vorderingen AS vordering
    LEFT JOIN (
        SELECT levering_id, vordering_id,
               list({'datum': datum, 'bedrag': bedrag}) FILTER (WHERE verlaagt_openstaand) AS verlagingen,
               min(datum) FILTER (WHERE mutatie_soort = 'buiten_invordering') AS buiten_invordering_sinds
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
        CASE WHEN vordering.buiten_invordering_sinds <= maand.meetdatum
             THEN 'buiten_invordering' ELSE 'in_invordering' END AS status,
        vordering.bedrag,
        coalesce(list_sum(list_transform(
            list_filter(vordering.verlagingen, lambda mutatie: mutatie.datum <= maand.meetdatum),
            lambda mutatie: mutatie.bedrag)), 0) AS verlaagd_tot_stand
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
    status,
    bedrag,
    verlaagd_tot_stand,
    bedrag - verlaagd_tot_stand AS openstaand
FROM saldo
WHERE bedrag - verlaagd_tot_stand <> 0
