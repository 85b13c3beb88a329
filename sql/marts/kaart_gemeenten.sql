-- key: gemeente_code
-- One row per municipality of the 2025 division: its boundary (GeoJSON geometry text, WGS84) for
-- maps drawn without any network access.
SELECT gemeente_code, gemeentenaam, geometrie
FROM staging.cbs__grenzen_2025
