-- key: fase
-- Grain: one row per BUIG budget version (config/budget_fasen.csv): rang says how final it is (an
-- assumed budget, not delivered, is the least final; definitief the most), label names it in Dutch.
-- The one place the versions' order is written: SQL joins it, the pages read it through dashboard/data.py.
SELECT fase, CAST(rang AS INTEGER) AS rang, label
FROM read_csv('{{ config_dir }}/budget_fasen.csv', header = true, all_varchar = true)
