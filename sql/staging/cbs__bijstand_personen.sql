-- key: jaar, gemeente_code
-- One row per municipality per year with a published count (2015-2017 from the bijstand tables,
-- later years from the neighbourhood key figures), on the division of that year.
-- inwoners_definitie says which population the count belongs to (15 to AOW age, or all on 1 January).
SELECT
    CAST(jaar AS INTEGER)              AS jaar,
    gemeente_code,
    CAST(inwoners AS DOUBLE)           AS inwoners,
    CAST(bijstand_personen AS DOUBLE)  AS bijstand_personen,
    bron_tabel,
    inwoners_definitie,
    peildatum_bijstand
FROM read_csv('{{ cbs_dir }}/cbs_bijstand_personen_gemeenten_2015_2024.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
