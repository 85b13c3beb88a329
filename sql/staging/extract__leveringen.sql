-- key: levering_id
-- Grain: one row per loaded delivery (the current one per municipality).
SELECT
    levering_id,
    CAST(peildatum AS DATE) AS peildatum,
    bronsysteem,
    gemeenten,
    heeft_vrijlating
FROM raw.leveringen
