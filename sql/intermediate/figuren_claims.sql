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
nieuw AS (
    SELECT periode.gemeente_code, periode.periode, periode.soort,
           coalesce(sum(vordering.bedrag), 0) AS bedrag
    FROM periode
    LEFT JOIN vordering
        ON vordering.levering_id = periode.levering_id
       AND vordering.gemeente_code = periode.gemeente_code
       AND vordering.soort = coalesce(periode.soort, vordering.soort)
       AND vordering.ontstaan BETWEEN periode.periode_start AND periode.meetdatum
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
incasso AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        periode.soort,
        coalesce((
            SELECT sum(mutatie.bedrag) FROM mutatie
            WHERE mutatie.levering_id = periode.levering_id
              AND mutatie.gemeente_code = periode.gemeente_code
              AND mutatie.vordering_soort = coalesce(periode.soort, mutatie.vordering_soort)
              AND mutatie.mutatie_soort = 'aflossing'
              AND mutatie.datum > periode.t0 AND mutatie.datum <= periode.meetdatum
        ), 0) AS afgelost,
        coalesce((
            SELECT sum(vordering.bedrag) FROM vordering_dag AS vordering
            WHERE vordering.levering_id = periode.levering_id
              AND vordering.gemeente_code = periode.gemeente_code
              AND vordering.soort = coalesce(periode.soort, vordering.soort)
              AND vordering.ontstaan <= periode.t0
        ), 0) - coalesce((
            SELECT sum(mutatie.bedrag) FROM mutatie
            WHERE mutatie.levering_id = periode.levering_id
              AND mutatie.gemeente_code = periode.gemeente_code
              AND mutatie.vordering_soort = coalesce(periode.soort, mutatie.vordering_soort)
              AND mutatie.datum <= periode.t0
        ), 0) AS openstaand_t0,
        coalesce((
            SELECT sum(vordering.bedrag) FROM vordering_dag AS vordering
            WHERE vordering.levering_id = periode.levering_id
              AND vordering.gemeente_code = periode.gemeente_code
              AND vordering.soort = coalesce(periode.soort, vordering.soort)
              AND vordering.ontstaan > periode.t0 AND vordering.ontstaan <= periode.meetdatum
        ), 0) AS nieuw_sinds_t0
    FROM periode
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
           NULL AS teller, NULL AS noemer, bedrag AS waarde
    FROM nieuw
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
