-- key: periode
-- Grain: one row per period (month, quarter, year) from the first year with a benefit up to the
-- year of the latest peildatum. T = periode_einde is the last day of the period.
WITH bereik AS (
    SELECT
        date_trunc('year', coalesce(
            (SELECT min(startdatum) FROM staging.extract__uitkeringen), current_date)) AS eerste_dag,
        date_trunc('year', coalesce(
            (SELECT max(peildatum) FROM staging.extract__leveringen), current_date)) AS laatste_jaar
),
maanden AS (
    SELECT CAST(maand AS DATE) AS maand
    FROM bereik,
        generate_series(bereik.eerste_dag, bereik.laatste_jaar + INTERVAL 11 MONTH, INTERVAL 1 MONTH) AS g(maand)
)
SELECT DISTINCT periode, periode_soort, periode_start, periode_einde
FROM (
    SELECT strftime(maand, '%Y-%m') AS periode, 'maand' AS periode_soort,
           maand AS periode_start, CAST(last_day(maand) AS DATE) AS periode_einde
    FROM maanden
    UNION ALL
    SELECT year(maand) || 'Q' || quarter(maand), 'kwartaal',
           CAST(date_trunc('quarter', maand) AS DATE),
           CAST(date_trunc('quarter', maand) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
    FROM maanden
    UNION ALL
    SELECT CAST(year(maand) AS VARCHAR), 'jaar',
           CAST(date_trunc('year', maand) AS DATE),
           CAST(date_trunc('year', maand) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
    FROM maanden
)
ORDER BY periode_soort, periode_start
