-- key: indicator
-- Grain: one row per quality indicator with a norm (config/normen.csv).
SELECT indicator, richting, norm, toelichting
FROM read_csv('{{ config_dir }}/normen.csv', header = true, delim = ',', quote = '"',
              columns = {'indicator': 'VARCHAR', 'richting': 'VARCHAR', 'norm': 'DOUBLE', 'toelichting': 'VARCHAR'})
