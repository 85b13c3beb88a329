-- Ratio rows whose waarde is not teller / noemer (NULL when noemer = 0).
SELECT gemeente_code, periode, indicator, uitsplitsing, bron, teller, noemer, waarde
FROM marts.kpi
WHERE noemer IS NOT NULL
  AND NOT (
      (noemer = 0 AND waarde IS NULL)
      OR (noemer <> 0 AND abs(waarde - teller / noemer) <= 1e-9 * greatest(1, abs(waarde)))
  )
