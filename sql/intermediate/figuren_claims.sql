-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per municipality, period, claims indicator and uitsplitsing ('', soort=... or, for
-- openstaand_saldo, status=...) (figures for intermediate.kpi_extract). T0 is the same day 12 months
-- before T. Outstanding is bedrag minus aflossingen, kwijtscheldingen and afboekingen: a claim put
-- buiten invordering is still owed (intermediate.vordering_mutaties.verlaagt_openstaand).
WITH soort AS (
    SELECT * FROM (VALUES ('terugvordering'), ('verhaal'), ('boete')) AS s(soort)
),
status AS (
    SELECT * FROM (VALUES ('in_invordering'), ('buiten_invordering')) AS s(status)
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
    SELECT levering_id, gemeente_code, vordering_soort, mutatie_soort, verlaagt_openstaand, datum,
           sum(bedrag) AS bedrag
    FROM intermediate.vordering_mutaties
    GROUP BY ALL
),
saldo_uitsplitsing AS (
    SELECT '' AS uitsplitsing
    UNION ALL SELECT 'soort=' || soort FROM soort
    UNION ALL SELECT 'status=' || status FROM status
),
saldo_stand AS (
    -- summed per month-end and breakdown first (grouping sets: one pass, no tripled rows), so the period
    -- join works on a few rows per month
    SELECT levering_id, gemeente_code, stand_datum,
           CASE WHEN grouping(soort) = 0 THEN 'soort=' || soort
                WHEN grouping(status) = 0 THEN 'status=' || status ELSE '' END AS uitsplitsing,
           sum(openstaand) AS openstaand
    FROM intermediate.vordering_saldi
    GROUP BY GROUPING SETS ((levering_id, gemeente_code, stand_datum),
                            (levering_id, gemeente_code, stand_datum, soort),
                            (levering_id, gemeente_code, stand_datum, status))
),
saldo AS (
    SELECT periode.gemeente_code, periode.periode, uitsplitsing.uitsplitsing,
           coalesce(stand.openstaand, 0) AS openstaand
    FROM intermediate.gemeente_perioden AS periode
    CROSS JOIN saldo_uitsplitsing AS uitsplitsing
    LEFT JOIN saldo_stand AS stand
        ON stand.levering_id = periode.levering_id
       AND stand.gemeente_code = periode.gemeente_code
       AND op_meetdatum(stand.stand_datum, periode.periode_start, periode.meetdatum)
       AND stand.uitsplitsing = uitsplitsing.uitsplitsing
),
lopend AS (
    -- running totals per series (a soort of claim, '' for all) and day: every 12-month window of the
    -- incassoratio is then a difference of two look-ups instead of a scan over days per period
    SELECT levering_id, gemeente_code, reeks.soort, datum,
           sum(sum(nieuw)) OVER reeks AS nieuw,
           sum(sum(verlaagd)) OVER reeks AS verlaagd,
           sum(sum(afgelost)) OVER reeks AS afgelost
    FROM (
        SELECT levering_id, gemeente_code, soort, ontstaan AS datum, bedrag AS nieuw,
               0 AS verlaagd, 0 AS afgelost
        FROM vordering_dag
        UNION ALL
        SELECT levering_id, gemeente_code, vordering_soort, datum, 0,
               CASE WHEN verlaagt_openstaand THEN bedrag ELSE 0 END,
               CASE WHEN mutatie_soort = 'aflossing' THEN bedrag ELSE 0 END
        FROM mutatie
    ) AS dag,
    LATERAL (VALUES (dag.soort), ('')) AS reeks(soort)
    GROUP BY levering_id, gemeente_code, reeks.soort, datum
    WINDOW reeks AS (PARTITION BY levering_id, gemeente_code, reeks.soort ORDER BY datum)
),
incasso AS (
    -- afgelost: aflossingen in (T0, T]; openstaand_t0: claims up to T0 minus the movements that lower
    -- what is owed up to T0; nieuw_sinds_t0: claims in (T0, T]; nieuw_in_periode: claims from
    -- periode_start to T
    SELECT
        periode.gemeente_code,
        periode.periode,
        coalesce('soort=' || periode.soort, '') AS uitsplitsing,
        coalesce(op_t.afgelost, 0) - coalesce(op_t0.afgelost, 0) AS afgelost,
        coalesce(op_t0.nieuw, 0) - coalesce(op_t0.verlaagd, 0) AS openstaand_t0,
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
           count(*) FILTER (WHERE vordering.zonder_verwijtbaarheid) AS zonder_verwijtbaarheid,
           count(vordering.vordering_id) AS boetes
    FROM periode
    LEFT JOIN vordering
        ON vordering.levering_id = periode.levering_id
       AND vordering.gemeente_code = periode.gemeente_code
       AND vordering.soort = 'boete'
       AND in_periode(vordering.ontstaan, periode.periode_start, periode.meetdatum)
    WHERE periode.soort IS NULL
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, uitsplitsing, 'vorderingen_nieuw_bedrag' AS indicator,
           NULL AS teller, NULL AS noemer, nieuw_in_periode AS waarde
    FROM incasso
    UNION ALL
    SELECT gemeente_code, periode, uitsplitsing, 'openstaand_saldo', NULL, NULL, openstaand
    FROM saldo
    UNION ALL
    SELECT gemeente_code, periode, uitsplitsing, 'incassoratio', afgelost, openstaand_t0 + nieuw_sinds_t0, NULL
    FROM incasso
    UNION ALL
    SELECT gemeente_code, periode, '', 'aandeel_boete_verwijtbaar', verwijtbaar, boetes, NULL
    FROM boete
    UNION ALL
    SELECT gemeente_code, periode, '', 'boete_zonder_verwijtbaarheid', NULL, NULL, zonder_verwijtbaarheid
    FROM boete
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde
FROM figuur
