-- Grain: one row per (2025 municipality or NL, year, cbs_ indicator) in the KPI shape, bron cbs.
-- CBS counts persons, not benefits, so these ids are never mixed with the extract's. Ratios are
-- recomputed from the harmonised parts: per 1,000 = persons / (inhabitants of the published group
-- / 1,000); outflow-to-work % = outflow to work / CBS's base (see the cbs_grootheden model).
WITH definitie(indicator, teller_grootheid, noemer_grootheid, noemer_schaal) AS (
    VALUES
        ('cbs_bijstandsontvangers', 'bijstandsontvangers', NULL, NULL),
        ('cbs_bijstand_per_1000_inwoners', 'bijstandsontvangers', 'inwoners_bijstand', 1000),
        ('cbs_instroom', 'instroom', NULL, NULL),
        ('cbs_uitstroom', 'uitstroom', NULL, NULL),
        ('cbs_uitstroom_naar_werk', 'uitstroom_naar_werk', NULL, NULL),
        ('cbs_uitstroom_naar_werk_pct', 'uitstroom_naar_werk', 'basis_pct', 1)
),
cijfer AS (
    SELECT
        teller.gemeente_code,
        teller.jaar,
        definitie.indicator,
        definitie.noemer_grootheid IS NOT NULL AS is_ratio,
        teller.waarde AS teller,
        noemer.waarde / definitie.noemer_schaal AS noemer
    FROM definitie
    JOIN intermediate.cbs_grootheden_2025 AS teller
        ON teller.grootheid = definitie.teller_grootheid
    LEFT JOIN intermediate.cbs_grootheden_2025 AS noemer
        ON noemer.grootheid = definitie.noemer_grootheid
       AND noemer.jaar = teller.jaar
       AND noemer.gemeente_code = teller.gemeente_code
)
SELECT
    gemeente_code,
    CAST(jaar AS VARCHAR)                                           AS periode,
    indicator,
    ''                                                              AS uitsplitsing,
    CASE WHEN is_ratio THEN teller END                              AS teller,
    CASE WHEN is_ratio THEN noemer END                              AS noemer,
    CASE WHEN is_ratio THEN teller / nullif(noemer, 0) ELSE teller END AS waarde,
    'cbs'                                                           AS bron,
    true                                                            AS volledig,
    'jaar'                                                          AS periode_soort,
    make_date(jaar, 12, 31)                                         AS periode_einde
FROM cijfer
