-- key: id
-- Grain: one row per indicator id: label, unit, on-screen formula and the model holding its rows.
SELECT * FROM staging.seed__indicatoren
ORDER BY groep, id
