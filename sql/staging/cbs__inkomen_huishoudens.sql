-- key: jaar, regio_code
-- One row per region (municipalities of 2024 and NL01): average disposable income of private
-- households, 2024 (provisional), EUR 1,000. Suppressed for a few small municipalities (NULL).
SELECT
    CAST(jaar AS INTEGER)                              AS jaar,
    regio_code,
    CAST(gem_besteedbaar_inkomen_x1000_euro AS DOUBLE) AS gem_besteedbaar_inkomen_x1000_euro
FROM read_csv('{{ cbs_dir }}/cbs_inkomen_huishoudens_gemeenten_2024.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
