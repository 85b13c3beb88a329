-- One row per (2025 municipality, year): inhabitants of all ages on 1 January of that year, on
-- today's boundaries, from the nearest year with a published count when the year itself has none
-- (inwoners_jaar says which; a tie goes to the later year, whose division is closer to today's).
-- Years span the published ones widened by ten either side, so every period of the extracts is met.
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
             THEN sum(gepubliceerd.inwoners * crosswalk.aandeel) END AS inwoners,
        bool_or(crosswalk.soort = 'gesplitst' OR crosswalk.aandeel < 1) AS benaderd
    FROM gepubliceerd
    JOIN intermediate.cbs_crosswalk AS crosswalk
        ON crosswalk.jaar = gepubliceerd.jaar AND crosswalk.gemeente_code_oud = gepubliceerd.gemeente_code
    GROUP BY ALL
),
jaren AS (
    SELECT unnest(range(min(jaar) - 10, max(jaar) + 11)) AS jaar FROM op_grenzen_2025
),
gemeenten AS (
    SELECT DISTINCT gemeente_code FROM op_grenzen_2025
)
SELECT
    gemeenten.gemeente_code,
    CAST(jaren.jaar AS INTEGER) AS jaar,
    arg_min(bron.inwoners, abs(bron.jaar - jaren.jaar) * 2 - (bron.jaar > jaren.jaar)::INTEGER) AS inwoners,
    arg_min(bron.jaar, abs(bron.jaar - jaren.jaar) * 2 - (bron.jaar > jaren.jaar)::INTEGER) AS inwoners_jaar,
    arg_min(bron.benaderd, abs(bron.jaar - jaren.jaar) * 2 - (bron.jaar > jaren.jaar)::INTEGER) AS benaderd
FROM gemeenten
CROSS JOIN jaren
JOIN op_grenzen_2025 AS bron
    ON bron.gemeente_code = gemeenten.gemeente_code AND bron.inwoners IS NOT NULL
GROUP BY ALL
