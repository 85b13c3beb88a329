-- key: ingangsdatum
-- Grain: one row per published half-yearly bijstand norm (config/bijstandsnormen.csv), per month.
SELECT CAST(ingangsdatum AS DATE) AS ingangsdatum, CAST(alleenstaande AS DOUBLE) AS alleenstaande,
       CAST(gehuwden AS DOUBLE) AS gehuwden, bron
FROM read_csv('{{ config_dir }}/bijstandsnormen.csv', header = true, all_varchar = true)
