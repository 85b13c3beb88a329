-- key: levering_id, vordering_id
-- Grain: one row per claim (vordering), with the flags its figures filter on: whether a fine was culpable
-- (opzet or grove_schuld), whether it was a fine without any culpability (geen: unlawful), and whether
-- the BUIG pays for the claim's regeling (empty, PW, IOAW, IOAZ, BBZ), so its repayments lower netto_lasten.
SELECT
    levering_id,
    gemeente_code,
    vordering_id,
    client_id,
    soort,
    ontstaan,
    bedrag,
    verwijtbaarheid,
    regeling,
    coalesce(verwijtbaarheid IN ('opzet', 'grove_schuld'), false) AS verwijtbaar,
    coalesce(soort = 'boete' AND verwijtbaarheid = 'geen', false) AS zonder_verwijtbaarheid,
    coalesce(regeling IN ('PW', 'IOAW', 'IOAZ', 'BBZ'), true) AS buig
FROM staging.extract__vorderingen
WHERE gemeente_code <> 'NL'
