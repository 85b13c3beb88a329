-- key: halfjaar_start
-- Grain: one row per half year (January or July) from 2010 to 2040: the couple norm that indexes the
-- cost per benefit. Published norms (config/bijstandsnormen.csv) as they are; before the first and
-- after the last, the last published half-yearly change carried on, and marked as assumed.
WITH gepubliceerd AS (
    SELECT ingangsdatum, gehuwden AS norm
    FROM staging.seed__bijstandsnormen
),
stijging AS (
    -- the last half-yearly change: newest norm / the one before
    SELECT max_by(norm, ingangsdatum) AS laatste_norm, max(ingangsdatum) AS laatste_datum,
           min(ingangsdatum) AS eerste_datum, min_by(norm, ingangsdatum) AS eerste_norm,
           max_by(norm, ingangsdatum) / arg_max(norm, ingangsdatum, 2)[2] AS factor
    FROM gepubliceerd
),
halfjaar AS (
    SELECT CAST(d AS DATE) AS halfjaar_start
    FROM generate_series(DATE '2010-01-01', DATE '2040-07-01', INTERVAL 6 MONTH) AS g(d)
)
SELECT
    halfjaar.halfjaar_start,
    coalesce(
        gepubliceerd.norm,
        CASE WHEN halfjaar.halfjaar_start > stijging.laatste_datum
             THEN stijging.laatste_norm * pow(stijging.factor,
                  date_diff('month', stijging.laatste_datum, halfjaar.halfjaar_start) / 6)
             ELSE stijging.eerste_norm * pow(stijging.factor,
                  date_diff('month', stijging.eerste_datum, halfjaar.halfjaar_start) / 6)
        END) AS norm_gehuwden,
    gepubliceerd.norm IS NOT NULL AS gepubliceerd
FROM halfjaar
CROSS JOIN stijging
LEFT JOIN gepubliceerd ON gepubliceerd.ingangsdatum = halfjaar.halfjaar_start
ORDER BY halfjaar.halfjaar_start
