-- Months where stock(T) <> stock(previous T) + instroom - uitstroom for a municipality; the stock
-- convention (einddatum is the last day in the stock) makes this exact. The first month has no
-- previous month in the table and is left out.
WITH maand AS (
    SELECT gemeente_code, periode, periode_einde,
           max(waarde) FILTER (WHERE indicator = 'bijstandsvolume') AS voorraad,
           max(waarde) FILTER (WHERE indicator = 'instroom') AS instroom,
           max(waarde) FILTER (WHERE indicator = 'uitstroom') AS uitstroom
    FROM intermediate.kpi_extract
    WHERE periode_soort = 'maand' AND uitsplitsing = ''
    GROUP BY ALL
)
SELECT
    gemeente_code,
    periode,
    voorraad,
    lag(voorraad) OVER (PARTITION BY gemeente_code ORDER BY periode_einde) AS voorraad_vorige,
    instroom,
    uitstroom
FROM maand
QUALIFY voorraad <> voorraad_vorige + instroom - uitstroom
