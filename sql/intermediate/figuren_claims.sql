-- Grain: one row per municipality, period, claims indicator and uitsplitsing ('' or soort=...)
-- (figures for intermediate.kpi_extract). T0 is the same day 12 months before T.
WITH soort AS (
    SELECT * FROM (VALUES ('terugvordering'), ('verhaal'), ('boete')) AS s(soort)
),
periode AS (
    -- every period once for the total (soort NULL) and once per soort of claim
    SELECT gemeente_perioden.*, soort.soort,
           gemeente_perioden.meetdatum - INTERVAL 12 MONTH AS t0
    FROM intermediate.gemeente_perioden
    CROSS JOIN (SELECT soort FROM soort UNION ALL SELECT NULL) AS soort
),
vordering AS (
    SELECT * FROM intermediate.vorderingen
),
vordering_dag AS (
    -- summed per day: the 12-month windows below then scan days instead of claims
    SELECT levering_id, gemeente_code, soort, ontstaan, sum(bedrag) AS bedrag
    FROM vordering
    GROUP BY ALL
),
mutatie AS (
    SELECT levering_id, gemeente_code, vordering_soort, mutatie_soort, datum, sum(bedrag) AS bedrag
    FROM intermediate.vordering_mutaties
    GROUP BY ALL
),
saldo AS (
    SELECT periode.gemeente_code, periode.periode, periode.soort,
           coalesce(sum(saldo.openstaand), 0) AS openstaand
    FROM periode
    LEFT JOIN intermediate.vordering_saldi AS saldo
        ON saldo.levering_id = periode.levering_id
       AND saldo.gemeente_code = periode.gemeente_code
       AND saldo.soort = coalesce(periode.soort, saldo.soort)
       AND saldo.stand_datum = periode.meetdatum
    GROUP BY ALL
),
lopend AS (
    -- running totals per series (a soort of claim, '' for all) and day: every 12-month window of the
    -- incassoratio is then a difference of two look-ups instead of a scan over days per period
    SELECT levering_id, gemeente_code, reeks.soort, datum,
           sum(sum(nieuw)) OVER reeks AS nieuw,
           sum(sum(gemuteerd)) OVER reeks AS gemuteerd,
           sum(sum(afgelost)) OVER reeks AS afgelost
    FROM (
        SELECT levering_id, gemeente_code, soort, ontstaan AS datum, bedrag AS nieuw,
               0 AS gemuteerd, 0 AS afgelost
        FROM vordering_dag
        UNION ALL
        SELECT levering_id, gemeente_code, vordering_soort, datum, 0, bedrag,
               CASE WHEN mutatie_soort = 'aflossing' THEN bedrag ELSE 0 END
        FROM mutatie
    ) AS dag,
    LATERAL (VALUES (dag.soort), ('')) AS reeks(soort)
    GROUP BY levering_id, gemeente_code, reeks.soort, datum
    WINDOW reeks AS (PARTITION BY levering_id, gemeente_code, reeks.soort ORDER BY datum)
),
incasso AS (
    -- afgelost: aflossingen in (T0, T]; openstaand_t0: claims up to T0 minus all movements up to T0;
    -- nieuw_sinds_t0: claims in (T0, T]; nieuw_in_periode: claims from periode_start to T
    SELECT
        periode.gemeente_code,
        periode.periode,
        periode.soort,
        coalesce(op_t.afgelost, 0) - coalesce(op_t0.afgelost, 0) AS afgelost,
        coalesce(op_t0.nieuw, 0) - coalesce(op_t0.gemuteerd, 0) AS openstaand_t0,
        coalesce(op_t.nieuw, 0) - coalesce(op_t0.nieuw, 0) AS nieuw_sinds_t0,
        coalesce(op_t.nieuw, 0) - coalesce(voor_periode.nieuw, 0) AS nieuw_in_periode
    FROM periode
    ASOF LEFT JOIN lopend AS op_t
        ON op_t.levering_id = periode.levering_id
       AND op_t.gemeente_code = periode.gemeente_code
       AND op_t.soort = coalesce(periode.soort, '')
       AND op_t.datum <= periode.meetdatum
    ASOF LEFT JOIN lopend AS op_t0
        ON op_t0.levering_id = periode.levering_id
       AND op_t0.gemeente_code = periode.gemeente_code
       AND op_t0.soort = coalesce(periode.soort, '')
       AND op_t0.datum <= periode.t0
    ASOF LEFT JOIN lopend AS voor_periode
        ON voor_periode.levering_id = periode.levering_id
       AND voor_periode.gemeente_code = periode.gemeente_code
       AND voor_periode.soort = coalesce(periode.soort, '')
       AND voor_periode.datum < periode.periode_start
),
boete AS (
    SELECT periode.gemeente_code, periode.periode,
           count(*) FILTER (WHERE vordering.verwijtbaar) AS verwijtbaar,
           count(vordering.vordering_id) AS boetes
    FROM periode
    LEFT JOIN vordering
        ON vordering.levering_id = periode.levering_id
       AND vordering.gemeente_code = periode.gemeente_code
       AND vordering.soort = 'boete'
       AND vordering.ontstaan BETWEEN periode.periode_start AND periode.meetdatum
    WHERE periode.soort IS NULL
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, soort, 'vorderingen_nieuw_bedrag' AS indicator,
           NULL AS teller, NULL AS noemer, nieuw_in_periode AS waarde
    FROM incasso
    UNION ALL
    SELECT gemeente_code, periode, soort, 'openstaand_saldo', NULL, NULL, openstaand
    FROM saldo
    UNION ALL
    SELECT gemeente_code, periode, soort, 'incassoratio', afgelost, openstaand_t0 + nieuw_sinds_t0, NULL
    FROM incasso
    UNION ALL
    SELECT gemeente_code, periode, NULL, 'aandeel_boete_verwijtbaar', verwijtbaar, boetes, NULL
    FROM boete
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, coalesce('soort=' || soort, '') AS uitsplitsing, teller, noemer, waarde
FROM figuur
