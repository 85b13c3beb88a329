-- key: none (one row per movement of staging.extract__aflossingen, which has no key)
-- Grain: one row per movement on a claim, on the claim's municipality and with the claim's soort
-- (vordering_soort) and BUIG flag beside the movement's own soort (aflossing, kwijtschelding, afboeking,
-- buiten_invordering). verlaagt_openstaand: the movement lowers what is owed; buiten_invordering only
-- marks the claim as no longer collected.
SELECT
    vordering.levering_id,
    vordering.gemeente_code,
    mutatie.vordering_id,
    vordering.client_id,
    vordering.soort AS vordering_soort,
    vordering.buig,
    mutatie.soort AS mutatie_soort,
    mutatie.soort IN ('aflossing', 'kwijtschelding', 'afboeking') AS verlaagt_openstaand,
    mutatie.datum,
    mutatie.bedrag
FROM staging.extract__aflossingen AS mutatie
JOIN intermediate.vorderingen AS vordering
    ON vordering.levering_id = mutatie.levering_id
   AND vordering.vordering_id = mutatie.vordering_id
