-- key: gemeente_code
-- One row per municipality of the 2025 division: its name, province, size class and the structural
-- characteristics the peer model compares (CBS key figures 2024, whose division equals 2025's;
-- household income 2024, provisional). The share of households at or below the social minimum and the
-- net labour participation come from the latest KWB edition that has them (2022 in the snapshot),
-- carried onto today's division through the crosswalk, weighted by households and inhabitants of the
-- old municipalities. A value is NULL where CBS suppressed it; the peer model imputes it from the size class.
WITH lijst AS (
    SELECT gemeente_code, gemeentenaam, provinciecode, provincienaam, arbeidsmarktregio_code,
           arbeidsmarktregio_naam, corop_code, corop_naam
    FROM staging.cbs__gemeenten_per_jaar
    WHERE jaar = (SELECT max(jaar) FROM staging.cbs__gemeenten_per_jaar)
),
kerncijfers AS (
    SELECT * FROM staging.cbs__kwb2024
),
basis AS (
    SELECT * FROM staging.cbs__kwb_basis
    WHERE jaar = (SELECT max(jaar) FROM staging.cbs__kwb_basis WHERE pct_rond_sociaal_minimum IS NOT NULL)
),
minimum_en_participatie AS (
    SELECT
        crosswalk.gemeente_code_2025 AS gemeente_code,
        sum(basis.pct_rond_sociaal_minimum * basis.huishoudens * crosswalk.aandeel)
            / sum(CASE WHEN basis.pct_rond_sociaal_minimum IS NOT NULL
                       THEN basis.huishoudens * crosswalk.aandeel END)  AS pct_rond_sociaal_minimum,
        sum(basis.netto_arbeidsparticipatie * basis.inwoners * crosswalk.aandeel)
            / sum(CASE WHEN basis.netto_arbeidsparticipatie IS NOT NULL
                       THEN basis.inwoners * crosswalk.aandeel END)     AS netto_arbeidsparticipatie
    FROM basis
    JOIN intermediate.cbs_crosswalk AS crosswalk
        ON crosswalk.jaar = basis.jaar AND crosswalk.gemeente_code_oud = basis.gemeente_code
    GROUP BY crosswalk.gemeente_code_2025
)
SELECT
    lijst.gemeente_code,
    lijst.gemeentenaam,
    lijst.provinciecode,
    lijst.provincienaam,
    lijst.arbeidsmarktregio_code,
    lijst.arbeidsmarktregio_naam,
    lijst.corop_code,
    lijst.corop_naam,
    grootteklasse.volgorde                       AS grootteklasse_volgorde,
    grootteklasse.label                          AS grootteklasse,
    kerncijfers.inwoners,
    kerncijfers.adressendichtheid,
    kerncijfers.huishoudsgrootte,
    kerncijfers.pct_65_plus,
    kerncijfers.pct_herkomst_buiten_europa,
    inkomen.gem_besteedbaar_inkomen_x1000_euro   AS gem_inkomen_huishouden_x1000_euro,
    kerncijfers.pct_corporatiewoningen,
    kerncijfers.woz_x1000_euro,
    100 * (kerncijfers.studenten_hbo + kerncijfers.studenten_wo) / kerncijfers.inwoners AS pct_studenten,
    minimum_en_participatie.pct_rond_sociaal_minimum,
    minimum_en_participatie.netto_arbeidsparticipatie
FROM lijst
JOIN kerncijfers USING (gemeente_code)
LEFT JOIN minimum_en_participatie USING (gemeente_code)
LEFT JOIN staging.cbs__inkomen_huishoudens AS inkomen
    ON inkomen.regio_code = lijst.gemeente_code
-- CBS's municipal size classes (gemeentegrootteklassen), by inhabitants
JOIN (VALUES
        (1, 'minder dan 5.000 inwoners', 0, 5000),
        (2, '5.000 tot 10.000 inwoners', 5000, 10000),
        (3, '10.000 tot 20.000 inwoners', 10000, 20000),
        (4, '20.000 tot 50.000 inwoners', 20000, 50000),
        (5, '50.000 tot 100.000 inwoners', 50000, 100000),
        (6, '100.000 tot 150.000 inwoners', 100000, 150000),
        (7, '150.000 tot 250.000 inwoners', 150000, 250000),
        (8, '250.000 inwoners of meer', 250000, 1e12)
    ) AS grootteklasse(volgorde, label, vanaf, tot)
    ON kerncijfers.inwoners >= grootteklasse.vanaf AND kerncijfers.inwoners < grootteklasse.tot
