-- Grain: one row per indicator id: label, unit, on-screen formula and the model holding its rows.
SELECT
    id,
    label,
    eenheid,
    formule,
    teller_omschrijving,
    noemer_omschrijving,
    groep,
    hoger_is_beter,
    rijen_model
FROM staging.seed__indicatoren
ORDER BY groep, id
