-- key: jaar, leeftijd_code, regio_code
-- One row per CBS region per age group per year (2015-2017): StatLine 83450NED/83747NED/84066NED
-- "bijstand, re-integratie en WSW, gemeenten", regions on the division of their own year.
-- CBS "." (suppressed) is read as NULL, never 0. Percentages stay as CBS publishes them (0-100).
SELECT
    CAST(jaar AS INTEGER)                               AS jaar,
    cbs_tabel,
    leeftijd_code,
    trim(regio_code)                                    AS regio_code,
    regio_type,
    CAST(inwoners AS DOUBLE)                            AS inwoners,
    CAST(bijstandsontvangers AS DOUBLE)                 AS bijstandsontvangers,
    CAST(bijstandsdichtheid_per_1000_inw AS DOUBLE)     AS bijstandsdichtheid_per_1000_inw,
    CAST(instroom AS DOUBLE)                            AS instroom,
    CAST(instroom_pct AS DOUBLE)                        AS instroom_pct,
    CAST(uitstroom AS DOUBLE)                           AS uitstroom,
    CAST(uitstroom_pct AS DOUBLE)                       AS uitstroom_pct,
    CAST(uitstroom_naar_werk AS DOUBLE)                 AS uitstroom_naar_werk,
    CAST(uitstroom_naar_werk_pct AS DOUBLE)             AS uitstroom_naar_werk_pct
FROM read_csv('{{ cbs_dir }}/cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv',
              header = true, all_varchar = true, nullstr = ['', '.'])
