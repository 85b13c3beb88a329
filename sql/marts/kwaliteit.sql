-- key: gemeente_code, periode, indicator, uitsplitsing
-- One row per municipality, period, quality indicator and breakdown from the extract: the figure beside
-- its norm and its status. A missing figure is 'geen gegevens', never counted as meeting the norm.
SELECT
    k.gemeente_code,
    k.periode,
    k.periode_soort,
    k.periode_einde,
    k.volledig,
    k.indicator,
    k.uitsplitsing,
    k.teller,
    k.noemer,
    k.waarde,
    n.richting,
    n.norm,
    n.toelichting AS norm_toelichting,
    CASE
        WHEN k.waarde IS NULL THEN 'geen gegevens'
        -- the tolerance absorbs binary rounding of teller / noemer (19 / 20 against 0.95)
        WHEN n.richting = 'minimaal' AND k.waarde >= n.norm - 1e-9 THEN 'voldoet'
        WHEN n.richting = 'maximaal' AND k.waarde <= n.norm + 1e-9 THEN 'voldoet'
        ELSE 'voldoet niet'
    END AS status
FROM marts.kpi AS k
JOIN marts.kwaliteit_normen AS n ON n.indicator = k.indicator
WHERE k.bron = 'extract'
ORDER BY k.gemeente_code, k.indicator, k.uitsplitsing, k.periode_einde, k.periode_soort
