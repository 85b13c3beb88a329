-- key: jaar, gemeente_code
-- One row per municipality per year (2020-2025; division of that year): inhabitants and households
-- on 1 January from the neighbourhood key figures.
SELECT
    CAST(jaar AS INTEGER)  AS jaar,
    gwb_code               AS gemeente_code,
    CAST(a_inw AS DOUBLE)  AS inwoners,
    CAST(a_hh AS DOUBLE)   AS huishoudens
FROM read_csv('{{ cbs_dir }}/cbs_kwb_gemeenten_wonen_2020_2025.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
