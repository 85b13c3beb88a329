-- key: jaar, gemeente_code
-- One row per municipality per year of the division (2015-2025, not every year): code, name, province,
-- and COROP area and labour-market region where the folder has them (a download from the "Gebieden in
-- Nederland" tables does; the snapshot does not, so they are read through the row's JSON: NULL when absent).
SELECT
    CAST(jaar AS INTEGER)                         AS jaar,
    gemeentecode                                  AS gemeente_code,
    gemeentenaam,
    provinciecode,
    provincienaam,
    to_json(lijst) ->> 'corop_code'               AS corop_code,
    to_json(lijst) ->> 'corop_naam'               AS corop_naam,
    to_json(lijst) ->> 'arbeidsmarktregio_code'   AS arbeidsmarktregio_code,
    to_json(lijst) ->> 'arbeidsmarktregio_naam'   AS arbeidsmarktregio_naam
FROM read_csv('{{ cbs_dir }}/cbs_gemeenten_per_jaar_2015_2025.csv',
              header = true, all_varchar = true, nullstr = ['']) AS lijst
