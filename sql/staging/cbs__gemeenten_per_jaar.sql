-- One row per municipality per year of the division (2015-2025, not every year): code, name, province.
SELECT
    CAST(jaar AS INTEGER) AS jaar,
    gemeentecode          AS gemeente_code,
    gemeentenaam,
    provinciecode,
    provincienaam
FROM read_csv('{{ cbs_dir }}/cbs_gemeenten_per_jaar_2015_2025.csv',
              header = true, all_varchar = true, nullstr = [''])
