-- key: gemeente_code, periode
-- One row per (2025 municipality or NL, period: year or quarter) with CBS figures: whether its figures
-- on today's boundaries are approximate (a split municipality fed it, or NL is a sum of rounded
-- figures) and which old municipality codes they were made from. Pages show "benaderd" beside such figures.
SELECT
    gemeente_code,
    periode,
    bool_or(benaderd)                                                   AS benaderd,
    list_sort(list_distinct(flatten(list(gemeente_codes_oud))))         AS gemeente_codes_oud
FROM (
    SELECT gemeente_code, CAST(jaar AS VARCHAR) AS periode, benaderd, gemeente_codes_oud
    FROM intermediate.cbs_grootheden_2025
    UNION ALL
    SELECT gemeente_code, periode, benaderd, gemeente_codes_oud
    FROM intermediate.cbs_bijstand_reeks
)
GROUP BY ALL
