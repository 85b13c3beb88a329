-- key: gemeente_code, periode, indicator, uitsplitsing, bron
-- Grain: one row per (2025 municipality or NL, period, cbs_ indicator) in the KPI shape, bron cbs.
-- CBS counts persons, not benefits, so these ids are never mixed with the extract's. Persons with
-- bijstand and their rate come per quarter and per year from intermediate.cbs_bijstand_reeks (which
-- series and population each period uses: marts.cbs_reeksen); the flows per year from the 2015-2017
-- tables. Ratios are recomputed from the harmonised parts: per 1,000 = persons / (inhabitants of the
-- published group / 1,000); outflow-to-work % = outflow to work / CBS's base (see cbs_grootheden).
WITH definitie(indicator, teller_grootheid, noemer_grootheid, noemer_schaal) AS (
    VALUES
        ('cbs_bijstandsontvangers', 'bijstandsontvangers', NULL, NULL),
        ('cbs_bijstand_per_1000_inwoners', 'bijstandsontvangers', 'inwoners_bijstand', 1000),
        ('cbs_instroom', 'instroom', NULL, NULL),
        ('cbs_uitstroom', 'uitstroom', NULL, NULL),
        ('cbs_uitstroom_naar_werk', 'uitstroom_naar_werk', NULL, NULL),
        ('cbs_uitstroom_naar_werk_pct', 'uitstroom_naar_werk', 'basis_pct', 1),
        -- the flows as rates, so municipalities of any size compare: per 1,000 inhabitants of the table's
        -- group and as a share of CBS's own base (stock at the start of the year + starters)
        ('cbs_instroom_per_1000_inwoners', 'instroom', 'inwoners_bijstand', 1000),
        ('cbs_uitstroom_per_1000_inwoners', 'uitstroom', 'inwoners_bijstand', 1000),
        ('cbs_uitstroom_naar_werk_per_1000_inwoners', 'uitstroom_naar_werk', 'inwoners_bijstand', 1000),
        ('cbs_instroom_pct', 'instroom', 'basis_pct', 1),
        ('cbs_uitstroom_pct', 'uitstroom', 'basis_pct', 1)
),
grootheid AS (
    SELECT 'jaar' AS periode_soort, CAST(jaar AS VARCHAR) AS periode, make_date(jaar, 12, 31) AS periode_einde,
           gemeente_code, grootheid, waarde
    FROM intermediate.cbs_grootheden_2025
    WHERE grootheid NOT IN ('bijstandsontvangers', 'inwoners_bijstand')
    UNION ALL
    SELECT periode_soort, periode, periode_einde, gemeente_code, grootheid, waarde
    FROM intermediate.cbs_bijstand_reeks
    UNPIVOT INCLUDE NULLS (waarde FOR grootheid IN (bijstandsontvangers, inwoners_bijstand))
),
cijfer AS (
    SELECT
        teller.gemeente_code,
        teller.periode,
        teller.periode_soort,
        teller.periode_einde,
        definitie.indicator,
        definitie.noemer_grootheid IS NOT NULL AS is_ratio,
        teller.waarde AS teller,
        noemer.waarde / definitie.noemer_schaal AS noemer
    FROM definitie
    JOIN grootheid AS teller
        ON teller.grootheid = definitie.teller_grootheid
    LEFT JOIN grootheid AS noemer
        ON noemer.grootheid = definitie.noemer_grootheid
       AND noemer.periode_soort = teller.periode_soort
       AND noemer.periode = teller.periode
       AND noemer.gemeente_code = teller.gemeente_code
)
SELECT
    gemeente_code,
    periode,
    indicator,
    ''                                                              AS uitsplitsing,
    CASE WHEN is_ratio THEN teller END                              AS teller,
    CASE WHEN is_ratio THEN noemer END                              AS noemer,
    CASE WHEN is_ratio THEN teller / nullif(noemer, 0) ELSE teller END AS waarde,
    'cbs'                                                           AS bron,
    true                                                            AS volledig,
    periode_soort,
    periode_einde
FROM cijfer
