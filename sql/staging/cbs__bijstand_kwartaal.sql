-- key: periode, gemeente_code
-- One row per (quarter, municipality): persons with algemene bijstand at the end of the quarter from
-- "Personen met een uitkering; soort uitkering, wijken en buurten" (83577NED 2016 ... 86003NED 2024),
-- on the division of the table's edition year (gemeente_indeling), with the population the table
-- gives beside it (inwoners_definitie 15_tot_AOW or 15_plus; NULL when it gives none).
-- Optional file: without it (the snapshot, an older download) this is an empty table of these types.
SELECT
    periode,
    CAST(jaar AS INTEGER)               AS jaar,
    CAST(kwartaal AS INTEGER)           AS kwartaal,
    CAST(peildatum AS DATE)             AS peildatum,
    trim(gemeente_code)                 AS gemeente_code,
    gemeentenaam,
    CAST(gemeente_indeling AS INTEGER)  AS gemeente_indeling,
    CAST(bijstand_personen AS DOUBLE)   AS bijstand_personen,
    CAST(inwoners AS DOUBLE)            AS inwoners,
    nullif(inwoners_definitie, '')      AS inwoners_definitie,
    cbs_tabel
FROM read_csv('{{ cbs_optioneel_cbs_bijstand_kwartaal_gemeenten }}',
              header = true, all_varchar = true, nullstr = ['', '.'])
