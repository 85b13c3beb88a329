-- KPI keys (gemeente_code, periode, indicator, uitsplitsing, bron) that occur more than once.
SELECT gemeente_code, periode, indicator, uitsplitsing, bron, count(*) AS aantal
FROM marts.kpi
GROUP BY ALL
HAVING count(*) > 1
