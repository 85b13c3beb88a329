-- key: jaar, ondergrens_pct
-- Grain: one row per deficit year with rules and compensation band (config/vangnet.csv): the part of
-- the deficit between ondergrens_pct and bovengrens_pct (NULL: no upper bound) of the budget is
-- compensated at vergoeding_pct. The lowest ondergrens of a year is its threshold for both conditions
-- (domain.md). `aangenomen` (ja/nee) marks rules not published as configured (2025 onward: the widening
-- of Stb. 2025, 222 has no figures we could find).
SELECT CAST(jaar AS INTEGER) AS jaar, CAST(ondergrens_pct AS DOUBLE) AS ondergrens_pct,
       CAST(bovengrens_pct AS DOUBLE) AS bovengrens_pct, CAST(vergoeding_pct AS DOUBLE) AS vergoeding_pct,
       CAST(toelichting AS VARCHAR) AS toelichting, lower(aangenomen) = 'ja' AS aangenomen
FROM read_csv('{{ config_dir }}/vangnet.csv', header = true, all_varchar = true)
