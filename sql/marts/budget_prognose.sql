-- Grain: one row per municipality with an extract, year and BUIG budget version (fase): the result on
-- the budget, realised for complete years and expected for the two forecast years, and the vangnet on
-- it by the rule in intermediate.vangnet_vergoeding. A forecast year without a delivered budget gets
-- one row with fase 'aanname': the newest delivered budget (latest year, its most advanced version),
-- marked as assumed; a year-end delivery's voorlopig budget for next year is newer than any definitief.
-- The page reruns this query with its own cost per benefit and assumed budget through the variables
-- wimi_kosten_per_uitkering and wimi_budget_aanname (NULL in the build: the data decide).
WITH prognosejaar AS (
    SELECT
        gemeente_code,
        jaar,
        any_value(basisjaar) AS basisjaar,
        any_value(kosten_per_uitkering_basisjaar) AS kosten_per_uitkering_basisjaar,
        coalesce(CAST(getvariable('wimi_kosten_per_uitkering') AS DOUBLE),
                 any_value(kosten_per_uitkering_basisjaar)) AS kosten_per_uitkering,
        count(*) FILTER (WHERE volume_bron = 'realisatie') AS maanden_gerealiseerd,
        any_value(aflossingen_basisjaar) AS aflossingen,
        sum(bruto_lasten_realisatie) AS bruto_lasten_gerealiseerd,
        -- a month's cost: its month-end caseload x a twelfth of the yearly cost per benefit x the norm index
        sum(volume * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_prognose,
        sum(volume_p10 * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_laag,
        sum(volume_p90 * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_hoog
    FROM intermediate.forecast_lasten_maand
    GROUP BY gemeente_code, jaar
),
jaren AS (
    SELECT gemeente_code, jaar, 'prognose' AS soort, basisjaar, kosten_per_uitkering_basisjaar,
           kosten_per_uitkering, maanden_gerealiseerd, aflossingen,
           coalesce(bruto_lasten_gerealiseerd, 0)
               + coalesce(uitkeringsjaren_prognose, 0) * kosten_per_uitkering AS bruto_lasten,
           coalesce(bruto_lasten_gerealiseerd, 0)
               + coalesce(uitkeringsjaren_laag, 0) * kosten_per_uitkering AS bruto_lasten_laag,
           coalesce(bruto_lasten_gerealiseerd, 0)
               + coalesce(uitkeringsjaren_hoog, 0) * kosten_per_uitkering AS bruto_lasten_hoog
    FROM prognosejaar
    UNION ALL
    SELECT lasten.gemeente_code, CAST(lasten.periode AS INTEGER), 'realisatie', NULL, NULL, NULL, 12,
           lasten.waarde - netto.waarde, lasten.waarde, lasten.waarde, lasten.waarde
    FROM intermediate.kpi_extract AS lasten
    JOIN intermediate.kpi_extract AS netto USING (gemeente_code, periode, uitsplitsing)
    WHERE lasten.indicator = 'uitkeringslasten' AND netto.indicator = 'netto_lasten'
      AND lasten.uitsplitsing = '' AND lasten.periode_soort = 'jaar' AND lasten.volledig
      AND NOT EXISTS (SELECT 1 FROM prognosejaar
                      WHERE prognosejaar.gemeente_code = lasten.gemeente_code
                        AND prognosejaar.jaar = CAST(lasten.periode AS INTEGER))
),
geleverd AS (
    SELECT budget.gemeente_code, budget.jaar, budget.fase, CAST(budget.bedrag AS DOUBLE) AS budget
    FROM staging.extract__budget AS budget
    JOIN intermediate.gemeente_leveringen AS levering USING (levering_id, gemeente_code)
),
budgetten AS (
    SELECT gemeente_code, jaar, fase, budget, false AS budget_aangenomen FROM geleverd
    UNION ALL
    SELECT jaren.gemeente_code, jaren.jaar, 'aanname', coalesce(
               CAST(getvariable('wimi_budget_aanname') AS DOUBLE),
               (SELECT arg_max(geleverd.budget, geleverd.jaar * 10
                                + list_position(['voorlopig', 'nader_voorlopig', 'definitief'], geleverd.fase))
                FROM geleverd WHERE geleverd.gemeente_code = jaren.gemeente_code)), true
    FROM jaren
    WHERE jaren.soort = 'prognose'
      AND NOT EXISTS (SELECT 1 FROM geleverd
                      WHERE geleverd.gemeente_code = jaren.gemeente_code AND geleverd.jaar = jaren.jaar)
),
resultaat AS (
    SELECT
        jaren.*,
        budgetten.fase,
        budgetten.budget,
        budgetten.budget_aangenomen,
        jaren.bruto_lasten - jaren.aflossingen AS netto_lasten,
        jaren.bruto_lasten_laag - jaren.aflossingen AS netto_lasten_laag,
        jaren.bruto_lasten_hoog - jaren.aflossingen AS netto_lasten_hoog,
        budgetten.budget - (jaren.bruto_lasten - jaren.aflossingen) AS resultaat
    FROM jaren
    JOIN budgetten USING (gemeente_code, jaar)
),
eerder AS (
    -- each of the two years before, in the same fase where it exists, else its most final version
    SELECT nu.gemeente_code, nu.jaar, nu.fase, toen.resultaat
    FROM resultaat AS nu
    JOIN resultaat AS toen
        ON toen.gemeente_code = nu.gemeente_code AND toen.jaar BETWEEN nu.jaar - 2 AND nu.jaar - 1
    QUALIFY row_number() OVER (
        PARTITION BY nu.gemeente_code, nu.jaar, nu.fase, toen.jaar
        ORDER BY toen.fase = nu.fase DESC,
                 list_position(['definitief', 'nader_voorlopig', 'voorlopig', 'aanname'], toen.fase)) = 1
),
drie_jaar AS (
    SELECT gemeente_code, jaar, fase, sum(resultaat) AS resultaat_eerder, count(*) AS jaren_eerder
    FROM eerder
    GROUP BY gemeente_code, jaar, fase
),
getoetst AS (
    SELECT
        resultaat.*,
        resultaat.resultaat + coalesce(drie_jaar.resultaat_eerder, 0) AS resultaat_3jr,
        1 + coalesce(drie_jaar.jaren_eerder, 0) AS jaren_in_3jr,
        intermediate.vangnet_vergoeding(
            resultaat.jaar,
            -resultaat.resultaat / nullif(resultaat.budget, 0),
            -(resultaat.resultaat + coalesce(drie_jaar.resultaat_eerder, 0)) / nullif(resultaat.budget, 0)
        ) AS vangnet_aandeel,
        intermediate.vangnet_regeljaar(resultaat.jaar) AS regeljaar
    FROM resultaat
    LEFT JOIN drie_jaar USING (gemeente_code, jaar, fase)
)
SELECT
    gemeente_code,
    jaar,
    soort,
    fase,
    budget_aangenomen,
    budget,
    basisjaar,
    kosten_per_uitkering_basisjaar,
    kosten_per_uitkering,
    maanden_gerealiseerd,
    bruto_lasten,
    aflossingen,
    netto_lasten,
    netto_lasten_laag,
    netto_lasten_hoog,
    resultaat,
    resultaat / nullif(budget, 0) AS resultaat_pct,
    budget - netto_lasten_hoog AS resultaat_laag,
    budget - netto_lasten_laag AS resultaat_hoog,
    resultaat_3jr,
    jaren_in_3jr,
    vangnet_aandeel,
    vangnet_aandeel * budget AS vangnet_bedrag,
    regeljaar,
    regeljaar < jaar AS regels_aangenomen
FROM getoetst
ORDER BY gemeente_code, jaar, list_position(['voorlopig', 'nader_voorlopig', 'definitief', 'aanname'], fase)
