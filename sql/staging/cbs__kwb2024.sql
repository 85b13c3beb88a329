-- key: gemeente_code
-- One row per municipality (division of 1 January 2024 = 2025): the CBS neighbourhood key figures
-- 2024 that describe a municipality's structure. WOZ value in EUR 1,000 as CBS publishes it.
SELECT
    gemeentecode                                                     AS gemeente_code,
    gemeentenaam,
    CAST(aantal_inwoners AS DOUBLE)                                  AS inwoners,
    CAST(aantal_huishoudens AS DOUBLE)                               AS huishoudens,
    CAST(omgevingsadressendichtheid AS DOUBLE)                       AS adressendichtheid,
    CAST(gemiddelde_huishoudsgrootte AS DOUBLE)                      AS huishoudsgrootte,
    CAST(percentage_personen_65_jaar_en_ouder AS DOUBLE)             AS pct_65_plus,
    CAST(percentage_met_herkomstland_buiten_europa AS DOUBLE)        AS pct_herkomst_buiten_europa,
    CAST(perc_huurwoningen_in_bezit_woningcorporaties AS DOUBLE)     AS pct_corporatiewoningen,
    CAST(gemiddelde_woningwaarde AS DOUBLE)                          AS woz_x1000_euro,
    -- students of higher education (hbo, wo) by their home address
    CAST(aantal_studenten_hbo AS DOUBLE)                             AS studenten_hbo,
    CAST(aantal_studenten_wo AS DOUBLE)                              AS studenten_wo
FROM read_csv('{{ cbs_dir }}/cbs_kwb2024_gemeenten_kerncijfers.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
