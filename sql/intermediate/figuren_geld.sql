-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per municipality, period, money indicator and uitsplitsing ('' , regeling=... or
-- fase=...) (figures for intermediate.kpi_extract). Year figures against the BUIG budget only for complete years.
WITH periode AS (
    SELECT * FROM intermediate.gemeente_perioden
),
maand_lasten AS (
    -- summed per month first, so the period join works on months instead of payment rows
    SELECT levering_id, gemeente_code, regeling, maand, sum(bruto_bedrag) AS bedrag
    FROM intermediate.uitkering_betaalmaanden
    GROUP BY ALL
),
lasten AS (
    SELECT periode.gemeente_code, periode.periode, maand_lasten.regeling, sum(maand_lasten.bedrag) AS bedrag
    FROM periode
    JOIN maand_lasten
        ON maand_lasten.levering_id = periode.levering_id
       AND maand_lasten.gemeente_code = periode.gemeente_code
       AND in_periode(maand_lasten.maand, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
lasten_totaal AS (
    SELECT periode.gemeente_code, periode.periode, periode.periode_soort, periode.volledig,
           periode.levering_id, periode.periode_start, periode.meetdatum,
           coalesce(sum(lasten.bedrag), 0) AS bedrag
    FROM periode
    LEFT JOIN lasten USING (gemeente_code, periode)
    GROUP BY ALL
),
jaar AS (
    SELECT
        lasten_totaal.*,
        -- the BUIG also pays the year's wage-cost subsidies (lasten_lks.csv, optional: 0 when not delivered)
        lasten_totaal.bedrag + coalesce(lks.bedrag, 0) - coalesce((
            SELECT sum(mutatie.bedrag) FROM intermediate.vordering_mutaties AS mutatie
            WHERE mutatie.levering_id = lasten_totaal.levering_id
              AND mutatie.gemeente_code = lasten_totaal.gemeente_code
              AND mutatie.mutatie_soort = 'aflossing'
              -- only repayments on claims the BUIG paid for (bijzondere bijstand, Bbz business loans: not)
              AND mutatie.buig
              AND in_periode(mutatie.datum, lasten_totaal.periode_start, lasten_totaal.meetdatum)
        ), 0) AS netto_lasten,
        coalesce(voorraad.standen, 0) / 12 AS gemiddelde_voorraad
    FROM lasten_totaal
    LEFT JOIN (
        -- benefits summed over the month-end stocks of a year: 12 of them in a complete year
        SELECT levering_id, gemeente_code, year(stand_datum) AS jaar, count(*) AS standen
        FROM intermediate.uitkering_standen
        GROUP BY ALL
    ) AS voorraad
        ON voorraad.levering_id = lasten_totaal.levering_id
       AND voorraad.gemeente_code = lasten_totaal.gemeente_code
       AND voorraad.jaar = year(lasten_totaal.meetdatum)
    LEFT JOIN staging.extract__lasten_lks AS lks
        ON lks.levering_id = lasten_totaal.levering_id
       AND lks.gemeente_code = lasten_totaal.gemeente_code
       AND in_jaar(lks.jaar, lasten_totaal.periode_start, lasten_totaal.meetdatum)
    WHERE lasten_totaal.periode_soort = 'jaar'
),
budget AS (
    SELECT jaar.gemeente_code, jaar.periode, jaar.netto_lasten, budget.fase, budget.bedrag AS budget
    FROM jaar
    JOIN staging.extract__budget AS budget
        ON budget.levering_id = jaar.levering_id
       AND budget.gemeente_code = jaar.gemeente_code
       AND in_jaar(budget.jaar, jaar.periode_start, jaar.meetdatum)
    WHERE jaar.volledig
),
figuur AS (
    SELECT gemeente_code, periode, 'uitkeringslasten' AS indicator, '' AS uitsplitsing,
           NULL AS teller, NULL AS noemer, bedrag AS waarde
    FROM lasten_totaal
    UNION ALL
    SELECT gemeente_code, periode, 'uitkeringslasten', 'regeling=' || regeling, NULL, NULL, bedrag
    FROM lasten
    UNION ALL
    SELECT gemeente_code, periode, 'netto_lasten', '', NULL, NULL, netto_lasten
    FROM jaar
    UNION ALL
    -- the mean of 12 month-end stocks exists only for a complete year
    SELECT gemeente_code, periode, 'gem_lasten_per_uitkering', '', bedrag, gemiddelde_voorraad, NULL
    FROM jaar
    WHERE volledig
    UNION ALL
    SELECT gemeente_code, periode, 'buig_resultaat', 'fase=' || fase, NULL, NULL, budget - netto_lasten
    FROM budget
    UNION ALL
    SELECT gemeente_code, periode, 'buig_resultaat_pct', 'fase=' || fase, budget - netto_lasten, budget, NULL
    FROM budget
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde
FROM figuur
