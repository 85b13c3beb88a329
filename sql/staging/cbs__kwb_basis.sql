-- key: jaar, gemeente_code
-- One row per municipality per year (2018, 2019, 2022, 2023; division of that year): inhabitants
-- and households on 1 January from the neighbourhood key figures; the share of households at or below
-- the social minimum and the net labour participation (%), which the snapshot has for 2022 only.
SELECT
    CAST(jaar AS INTEGER)          AS jaar,
    gemeentecode                   AS gemeente_code,
    CAST(aantal_inwoners AS DOUBLE) AS inwoners,
    CAST(huishoudens AS DOUBLE)    AS huishoudens,
    CAST(pct_rond_sociaal_min AS DOUBLE) AS pct_rond_sociaal_minimum,
    CAST(arbeidsparticipatie AS DOUBLE)  AS netto_arbeidsparticipatie
FROM read_csv('{{ cbs_dir }}/cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
