-- key: jaar, gemeente_code_oud, gemeente_code_2025
-- One row per (year, old municipality, 2025 municipality): the share of the old municipality's
-- territory that lies in the 2025 one (shares sum to 1 per old code). soort: gelijk, samengevoegd,
-- gesplitst. Derived from boundaries (area as proxy for people), not a CBS product.
SELECT
    CAST(jaar AS INTEGER)     AS jaar,
    gemeente_code_oud,
    gemeente_code_2025,
    CAST(aandeel AS DOUBLE)   AS aandeel,
    soort
FROM read_csv('{{ cbs_dir }}/gemeente_crosswalk_naar_2025.csv',
              header = true, all_varchar = true, nullstr = [''])
