-- Grain: one row per claim (vordering), with whether a fine was culpable (opzet or grove_schuld).
SELECT
    levering_id,
    gemeente_code,
    vordering_id,
    client_id,
    soort,
    ontstaan,
    bedrag,
    verwijtbaarheid,
    coalesce(verwijtbaarheid IN ('opzet', 'grove_schuld'), false) AS verwijtbaar
FROM staging.extract__vorderingen
WHERE gemeente_code <> 'NL'
