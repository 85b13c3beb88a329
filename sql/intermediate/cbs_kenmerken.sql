-- One row per municipality of the 2025 division: its name, province, size class and the structural
-- characteristics the peer model compares (CBS key figures 2024, whose division equals 2025's;
-- household income 2024, provisional). Income is NULL where CBS suppressed it; the peer model
-- imputes it from the size class.
WITH lijst AS (
    SELECT gemeente_code, gemeentenaam, provinciecode, provincienaam
    FROM staging.cbs__gemeenten_per_jaar
    WHERE jaar = (SELECT max(jaar) FROM staging.cbs__gemeenten_per_jaar)
),
kerncijfers AS (
    SELECT * FROM staging.cbs__kwb2024
)
SELECT
    lijst.gemeente_code,
    lijst.gemeentenaam,
    lijst.provinciecode,
    lijst.provincienaam,
    grootteklasse.volgorde                       AS grootteklasse_volgorde,
    grootteklasse.label                          AS grootteklasse,
    kerncijfers.inwoners,
    kerncijfers.adressendichtheid,
    kerncijfers.huishoudsgrootte,
    kerncijfers.pct_65_plus,
    kerncijfers.pct_herkomst_buiten_europa,
    inkomen.gem_besteedbaar_inkomen_x1000_euro   AS gem_inkomen_huishouden_x1000_euro,
    kerncijfers.pct_corporatiewoningen,
    kerncijfers.woz_x1000_euro
FROM lijst
JOIN kerncijfers USING (gemeente_code)
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
