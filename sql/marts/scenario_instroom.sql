-- key: gemeente_code, kalendermaand
-- Grain: one row per municipality with an extract and calendar month (1-12): the expected number of new
-- benefits still running at the end of their first month. Level: the mean of the last 12 months;
-- season: each calendar month's mean over the last 36 months against the mean of all 36.
WITH nieuw AS (
    SELECT gemeente_code, stand_datum, voorraad AS instroom,
           stand_datum > max(stand_datum) OVER (PARTITION BY gemeente_code) - INTERVAL 12 MONTH AS laatste_jaar
    FROM intermediate.forecast_duur_stromen AS stromen
    WHERE duur_maanden = 0
      AND stand_datum > (SELECT max(laatst.stand_datum) FROM intermediate.forecast_duur_stromen AS laatst
                         WHERE laatst.gemeente_code = stromen.gemeente_code) - INTERVAL 36 MONTH
),
niveau AS (
    SELECT gemeente_code, avg(instroom) FILTER (WHERE laatste_jaar) AS niveau, avg(instroom) AS gemiddeld
    FROM nieuw
    GROUP BY gemeente_code
),
seizoen AS (
    SELECT gemeente_code, month(stand_datum) AS kalendermaand, avg(instroom) AS gemiddeld_in_maand
    FROM nieuw
    GROUP BY gemeente_code, month(stand_datum)
)
SELECT
    seizoen.gemeente_code,
    seizoen.kalendermaand,
    niveau.niveau,
    seizoen.gemiddeld_in_maand / nullif(niveau.gemiddeld, 0) AS seizoensfactor,
    niveau.niveau * seizoen.gemiddeld_in_maand / nullif(niveau.gemiddeld, 0) AS instroom
FROM seizoen
JOIN niveau USING (gemeente_code)
ORDER BY seizoen.gemeente_code, seizoen.kalendermaand
