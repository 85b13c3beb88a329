-- key: gemeente_code, periode_soort
-- Grain: one row per forecast series with a backtest (municipality or NL; maand or kwartaal): how often
-- the held-out value fell inside the 80% and 95% interval the series publishes, over every cut and step
-- of the rolling-origin backtest (indicators.md "Forecast"), with the held-out periods and the source of
-- the series, so a page can show the coverage beside the band with its period and source.
SELECT
    b.gemeente_code,
    b.periode_soort,
    m.model,
    m.interval,
    m.basis_bron,
    m.toets_van,
    m.toets_tot,
    max(b.stap) AS stappen,
    max(b.vensters) AS vensters,
    sum(b.vensters) AS waarden_getoetst,
    sum(b.dekking_80 * b.vensters) / sum(b.vensters) AS dekking_80,
    sum(b.dekking_95 * b.vensters) / sum(b.vensters) AS dekking_95
FROM marts.forecast_backtest AS b
JOIN marts.forecast_modellen AS m USING (gemeente_code, periode_soort)
WHERE b.gekozen
GROUP BY ALL
