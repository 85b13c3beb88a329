-- key: jaar, gemeente_code_oud, gemeente_code_2025
-- One row per (year, municipality code of that year, 2025 municipality) with the share of the old
-- territory in the 2025 one. The 2025 division maps onto itself, so 2025 figures pass through it too.
-- Years without a crosswalk (2021) get no rows: their figures cannot be placed on today's map.
SELECT jaar, gemeente_code_oud, gemeente_code_2025, aandeel, soort
FROM staging.cbs__crosswalk
UNION ALL
SELECT DISTINCT 2025, gemeente_code_2025, gemeente_code_2025, 1.0, 'gelijk'
FROM staging.cbs__crosswalk
WHERE NOT EXISTS (SELECT 1 FROM staging.cbs__crosswalk WHERE jaar = 2025)
