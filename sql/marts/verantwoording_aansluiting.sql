-- key: gemeente_code, jaar, controle
-- One row per municipality, year and control of the spending statement: a statement amount beside the
-- same amount found another way, and the difference. Differences are shown, never absorbed:
-- the statement ties to (1) the plain sum of the delivery's payment rows, per year and over all
-- years (payments for months outside the reported years show up there), and (2) the KPI table.
WITH overzicht AS (
    SELECT gemeente_code, jaar, volgorde, post, onderdeel, bedrag
    FROM marts.verantwoording
),
betaling AS (
    -- straight from the delivery, without the benefit models in between
    SELECT uitkering.gemeente_code, betaling.maand, betaling.bruto_bedrag
    FROM staging.extract__betalingen AS betaling
    JOIN staging.extract__uitkeringen AS uitkering
        ON uitkering.levering_id = betaling.levering_id
       AND uitkering.uitkering_id = betaling.uitkering_id
    JOIN intermediate.gemeente_leveringen AS gemeente
        ON gemeente.gemeente_code = uitkering.gemeente_code
       AND gemeente.levering_id = uitkering.levering_id
),
per_jaar AS (
    SELECT
        overzicht.gemeente_code,
        overzicht.jaar,
        1 AS volgorde,
        'Totaal uitkeringslasten = som van alle betalingsregels in het jaar' AS controle,
        overzicht.bedrag AS bedrag_overzicht,
        (SELECT coalesce(sum(betaling.bruto_bedrag), 0)
         FROM betaling
         WHERE betaling.gemeente_code = overzicht.gemeente_code
           AND CAST(year(betaling.maand) AS VARCHAR) = overzicht.jaar) AS bedrag_controle
    FROM overzicht
    WHERE overzicht.volgorde = 5
),
alle_jaren AS (
    SELECT
        gemeente_code,
        'alle jaren' AS jaar,
        1 AS volgorde,
        'Som van de jaren = alle betalingsregels in de levering' AS controle,
        sum(bedrag) AS bedrag_overzicht,
        (SELECT coalesce(sum(betaling.bruto_bedrag), 0)
         FROM betaling
         WHERE betaling.gemeente_code = overzicht.gemeente_code) AS bedrag_controle
    FROM overzicht
    WHERE volgorde = 5
    GROUP BY gemeente_code
),
tegen_kpi AS (
    SELECT
        overzicht.gemeente_code,
        overzicht.jaar,
        overzicht.volgorde + 1 AS volgorde,
        overzicht.post || ' = ' || indicator.label || ' in de KPI-tabel'
            || CASE WHEN kpi_uitsplitsing = '' THEN '' ELSE ' (' || kpi_uitsplitsing || ')' END AS controle,
        overzicht.bedrag AS bedrag_overzicht,
        -- the KPI table leaves out a regeling without payments; a missing total stays missing
        CASE WHEN overzicht.kpi_uitsplitsing = '' THEN kpi.waarde ELSE coalesce(kpi.waarde, 0) END AS bedrag_controle
    FROM (
        SELECT overzicht.*, herleiding.indicator AS kpi_indicator, herleiding.uitsplitsing AS kpi_uitsplitsing
        FROM overzicht
        JOIN marts.verantwoording_herleiding AS herleiding USING (gemeente_code, jaar, volgorde)
    ) AS overzicht
    JOIN marts.indicatoren AS indicator ON indicator.id = overzicht.kpi_indicator
    LEFT JOIN marts.kpi AS kpi
        ON kpi.gemeente_code = overzicht.gemeente_code
       AND kpi.periode = overzicht.jaar
       AND kpi.indicator = overzicht.kpi_indicator
       AND kpi.uitsplitsing = overzicht.kpi_uitsplitsing
       AND kpi.bron = 'extract'
)
SELECT
    gemeente_code,
    jaar,
    volgorde,
    controle,
    CAST(bedrag_overzicht AS DECIMAL(18, 2)) AS bedrag_overzicht,
    CAST(bedrag_controle AS DECIMAL(18, 2)) AS bedrag_controle,
    CAST(bedrag_overzicht - bedrag_controle AS DECIMAL(18, 2)) AS verschil,
    coalesce(abs(bedrag_overzicht - bedrag_controle) < 0.005, false) AS sluitend
FROM (
    SELECT * FROM per_jaar
    UNION ALL SELECT * FROM tegen_kpi
    UNION ALL SELECT * FROM alle_jaren
)
ORDER BY gemeente_code, jaar = 'alle jaren', jaar, volgorde
