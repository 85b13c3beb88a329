-- key: id
-- Grain: one row per indicator id (config/indicatoren.csv, appended to by each part that adds ids).
SELECT
    id,
    label,
    eenheid,
    formule,
    teller_omschrijving,
    noemer_omschrijving,
    groep,
    CAST(hoger_is_beter AS BOOLEAN) AS hoger_is_beter,
    rijen_model
FROM read_csv('{{ config_dir }}/indicatoren.csv', header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)
