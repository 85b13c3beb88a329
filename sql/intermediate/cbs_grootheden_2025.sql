-- key: jaar, gemeente_code, grootheid
-- One row per (year, 2025 municipality or NL, quantity): the CBS counts on today's boundaries.
-- Counts of old municipalities are multiplied by their crosswalk share and summed; when any part is
-- suppressed the sum is unknown (NULL), never a partial sum. benaderd: a split municipality fed it
-- (area shares stand in for people) or, for NL, it is a sum of rounded municipal figures.
-- NL is CBS's own national figure where the table publishes one, else the sum of the municipalities.
WITH gemeente AS (
    SELECT
        grootheid.jaar,
        crosswalk.gemeente_code_2025 AS gemeente_code,
        grootheid.grootheid,
        CASE WHEN count(grootheid.waarde) = count(*)
             THEN som_exact(grootheid.waarde * crosswalk.aandeel) END AS waarde,
        bool_or(crosswalk.soort = 'gesplitst' OR crosswalk.aandeel < 1) AS benaderd,
        list(DISTINCT crosswalk.gemeente_code_oud ORDER BY crosswalk.gemeente_code_oud) AS gemeente_codes_oud
    FROM intermediate.cbs_grootheden AS grootheid
    JOIN intermediate.cbs_crosswalk AS crosswalk
        ON crosswalk.jaar = grootheid.jaar AND crosswalk.gemeente_code_oud = grootheid.regio_code
    GROUP BY ALL
),
nederland_gepubliceerd AS (
    SELECT jaar, 'NL' AS gemeente_code, grootheid, waarde, false AS benaderd, ['NL01'] AS gemeente_codes_oud
    FROM intermediate.cbs_grootheden
    WHERE regio_code = 'NL01'
),
nederland_opgeteld AS (
    SELECT jaar, 'NL' AS gemeente_code, grootheid,
           CASE WHEN count(waarde) = count(*) THEN som_exact(waarde) END AS waarde,
           true AS benaderd, list(DISTINCT gemeente_code ORDER BY gemeente_code) AS gemeente_codes_oud
    FROM gemeente
    WHERE NOT EXISTS (SELECT 1 FROM nederland_gepubliceerd AS nl
                      WHERE nl.jaar = gemeente.jaar AND nl.grootheid = gemeente.grootheid)
    GROUP BY ALL
)
SELECT * FROM gemeente
UNION ALL
SELECT * FROM nederland_gepubliceerd
UNION ALL
SELECT * FROM nederland_opgeteld
