-- key: gemeente_code
-- One row per municipality of the 2025 division: name, province, size class and inhabitants (CBS),
-- for every page that names a municipality or groups by province or size.
SELECT
    gemeente_code,
    gemeentenaam,
    provinciecode,
    provincienaam,
    grootteklasse_volgorde,
    grootteklasse,
    inwoners
FROM intermediate.cbs_kenmerken
