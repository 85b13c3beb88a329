-- key: gemeente_code, jaar
-- One row per (2025 municipality or NL, year): inhabitants of all ages on 1 January of that year, on
-- today's boundaries, from the nearest year with a published count when the year itself has none
-- (inwoners_jaar says which; a tie goes to the later year, whose division is closer to today's).
-- Years run from 30 before the first published one (extracts hold benefits running since the
-- 1990s) to 10 after the last; outside the published years the first or last one is the nearest.
-- NL is the sum of the municipalities.
WITH gepubliceerd AS (
    SELECT jaar, gemeente_code, inwoners FROM staging.cbs__kwb_wonen
    UNION ALL
    SELECT jaar, gemeente_code, inwoners FROM staging.cbs__kwb_basis
    WHERE jaar NOT IN (SELECT jaar FROM staging.cbs__kwb_wonen)
),
op_grenzen_2025 AS (
    SELECT
        gepubliceerd.jaar,
        crosswalk.gemeente_code_2025 AS gemeente_code,
        CASE WHEN count(gepubliceerd.inwoners) = count(*)
             THEN som_exact(gepubliceerd.inwoners * crosswalk.aandeel) END AS inwoners,
        bool_or(crosswalk.soort = 'gesplitst' OR crosswalk.aandeel < 1) AS benaderd
    FROM gepubliceerd
    JOIN intermediate.cbs_crosswalk AS crosswalk
        ON crosswalk.jaar = gepubliceerd.jaar AND crosswalk.gemeente_code_oud = gepubliceerd.gemeente_code
    GROUP BY ALL
),
jaren AS (
    SELECT unnest(range(min(jaar) - 30, max(jaar) + 11)) AS jaar FROM op_grenzen_2025
),
kandidaat AS (
    SELECT
        bron.gemeente_code,
        jaren.jaar,
        bron.jaar AS inwoners_jaar,
        bron.inwoners,
        bron.benaderd,
        -- distance in years, the later of two equally near years first
        abs(bron.jaar - jaren.jaar) * 2 - CAST(bron.jaar > jaren.jaar AS INTEGER) AS afstand
    FROM op_grenzen_2025 AS bron
    CROSS JOIN jaren
    WHERE bron.inwoners IS NOT NULL
),
gemeente AS (
    SELECT
        gemeente_code,
        CAST(jaar AS INTEGER)                     AS jaar,
        arg_min(inwoners, afstand)                AS inwoners,
        CAST(arg_min(inwoners_jaar, afstand) AS INTEGER) AS inwoners_jaar,
        arg_min(benaderd, afstand)                AS benaderd
    FROM kandidaat
    GROUP BY ALL
)
SELECT * FROM gemeente
UNION ALL
SELECT 'NL', jaar, som_exact(inwoners), max(inwoners_jaar), bool_or(benaderd)
FROM gemeente
GROUP BY jaar
