-- Grain: one row per municipality with an extract, year and BUIG budget version (fase): the result on
-- the budget, realised for complete years and expected for the two forecast years, and the vangnet on
-- it by the rule in intermediate.vangnet_vergoeding. Net spending is what the BUIG pays for: benefits
-- plus wage-cost subsidies (when delivered) minus BUIG repayments, as netto_lasten in figuren_geld.
-- A forecast year without a delivered budget gets one row with fase 'aanname': the newest delivered
-- budget (latest year, its most advanced version; a year-end delivery's voorlopig budget for next year
-- is newer than any definitief) indexed like the cost per benefit, with the yearly mean couple norm.
-- The one definition of the budget forecast, as a table macro so that the build and the page call it
-- alike. Parameters (NULL: the data decide): p_gemeente_code (one municipality; NULL: all),
-- p_kosten_per_uitkering (cost per benefit in the base year), p_budget_aanname (the budget of the first
-- assumed year; later assumed years are indexed from it) and p_volume_verschil (the what-if: per forecast
-- month the change in caseload, a list of {maand, verschil}). The build calls it with NULLs
-- (intermediate.budget_prognose); dashboard/data.py with the manager's assumptions.
CREATE OR REPLACE MACRO intermediate.budget_berekening(p_gemeente_code, p_kosten_per_uitkering, p_budget_aanname,
                                                       p_volume_verschil) AS TABLE
WITH scenario AS (
    SELECT unnest(CAST(p_volume_verschil AS STRUCT(maand DATE, verschil DOUBLE)[]),
                  recursive := true)
),
maand AS (
    -- a scenario moves the forecast months only: what was paid stays paid
    SELECT lasten.*, coalesce(scenario.verschil, 0) AS verschil
    FROM intermediate.forecast_lasten_maand AS lasten
    LEFT JOIN scenario ON scenario.maand = lasten.maand AND lasten.volume_bron = 'prognose'
    WHERE p_gemeente_code IS NULL OR lasten.gemeente_code = p_gemeente_code
),
prognosejaar AS (
    SELECT
        gemeente_code,
        jaar,
        any_value(basisjaar) AS basisjaar,
        any_value(kosten_per_uitkering_basisjaar) AS kosten_per_uitkering_basisjaar,
        coalesce(CAST(p_kosten_per_uitkering AS DOUBLE),
                 any_value(kosten_per_uitkering_basisjaar)) AS kosten_per_uitkering,
        count(*) FILTER (WHERE volume_bron = 'realisatie') AS maanden_gerealiseerd,
        sum(bruto_lasten_realisatie) AS bruto_lasten_gerealiseerd,
        -- a month's cost: its month-end caseload x a twelfth of the yearly cost per benefit x the norm index
        sum((volume + verschil) * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_prognose,
        sum((volume_p10 + verschil) * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_laag,
        sum((volume_p90 + verschil) * normindex) FILTER (WHERE volume_bron = 'prognose') / 12 AS uitkeringsjaren_hoog
    FROM maand
    GROUP BY gemeente_code, jaar
),
realisatie AS (
    -- a complete year: benefits paid, wage-cost subsidies (NULL: not delivered) and the BUIG repayments,
    -- the rest of netto_lasten (so which repayments count is decided in figuren_geld only)
    SELECT lasten.gemeente_code, CAST(lasten.periode AS INTEGER) AS jaar, lasten.waarde AS bruto_lasten,
           CAST(lks.bedrag AS DOUBLE) AS lasten_lks,
           lasten.waarde + coalesce(lks.bedrag, 0) - netto.waarde AS aflossingen
    FROM intermediate.kpi_extract AS lasten
    JOIN intermediate.kpi_extract AS netto USING (gemeente_code, periode, uitsplitsing)
    JOIN intermediate.gemeente_leveringen AS levering USING (gemeente_code)
    LEFT JOIN staging.extract__lasten_lks AS lks
        ON lks.levering_id = levering.levering_id AND lks.gemeente_code = lasten.gemeente_code
       AND lks.jaar = CAST(lasten.periode AS INTEGER)
    WHERE lasten.indicator = 'uitkeringslasten' AND netto.indicator = 'netto_lasten'
      AND lasten.uitsplitsing = '' AND lasten.periode_soort = 'jaar' AND lasten.volledig
      AND (p_gemeente_code IS NULL OR lasten.gemeente_code = p_gemeente_code)
),
jaren AS (
    -- a forecast year expects the base year's wage-cost subsidies and repayments
    SELECT prognosejaar.gemeente_code, prognosejaar.jaar, 'prognose' AS soort, prognosejaar.basisjaar,
           prognosejaar.kosten_per_uitkering_basisjaar, prognosejaar.kosten_per_uitkering,
           prognosejaar.maanden_gerealiseerd, basis.lasten_lks, basis.aflossingen,
           coalesce(prognosejaar.bruto_lasten_gerealiseerd, 0)
               + coalesce(prognosejaar.uitkeringsjaren_prognose, 0) * prognosejaar.kosten_per_uitkering AS bruto_lasten,
           coalesce(prognosejaar.bruto_lasten_gerealiseerd, 0)
               + coalesce(prognosejaar.uitkeringsjaren_laag, 0) * prognosejaar.kosten_per_uitkering AS bruto_lasten_laag,
           coalesce(prognosejaar.bruto_lasten_gerealiseerd, 0)
               + coalesce(prognosejaar.uitkeringsjaren_hoog, 0) * prognosejaar.kosten_per_uitkering AS bruto_lasten_hoog
    FROM prognosejaar
    JOIN realisatie AS basis ON basis.gemeente_code = prognosejaar.gemeente_code AND basis.jaar = prognosejaar.basisjaar
    UNION ALL
    SELECT gemeente_code, jaar, 'realisatie', NULL, NULL, NULL, 12, lasten_lks, aflossingen,
           bruto_lasten, bruto_lasten, bruto_lasten
    FROM realisatie
    WHERE NOT EXISTS (SELECT 1 FROM prognosejaar
                      WHERE prognosejaar.gemeente_code = realisatie.gemeente_code
                        AND prognosejaar.jaar = realisatie.jaar)
),
geleverd AS (
    SELECT budget.gemeente_code, budget.jaar, budget.fase, CAST(budget.bedrag AS DOUBLE) AS budget
    FROM staging.extract__budget AS budget
    JOIN intermediate.gemeente_leveringen AS levering USING (levering_id, gemeente_code)
    WHERE p_gemeente_code IS NULL OR budget.gemeente_code = p_gemeente_code
),
nieuwste AS (
    SELECT geleverd.gemeente_code,
           arg_max(geleverd.jaar, geleverd.jaar * 10 + fasen.rang) AS jaar,
           arg_max(geleverd.fase, geleverd.jaar * 10 + fasen.rang) AS fase,
           arg_max(geleverd.budget, geleverd.jaar * 10 + fasen.rang) AS budget
    FROM geleverd
    JOIN staging.seed__budget_fasen AS fasen USING (fase)
    GROUP BY geleverd.gemeente_code
),
jaarnorm AS (
    -- the couple norm over a year's two half years: the index forecast_lasten_maand puts on the cost per benefit
    SELECT year(halfjaar_start) AS jaar, avg(norm_gehuwden) AS norm
    FROM intermediate.forecast_normindex
    GROUP BY ALL
),
aanname AS (
    -- the page's own budget stands for the first assumed year; without it the newest delivered one
    SELECT jaren.gemeente_code, jaren.jaar,
           CAST(p_budget_aanname AS DOUBLE) AS eigen_budget,
           CASE WHEN eigen_budget IS NULL THEN nieuwste.jaar
                ELSE min(jaren.jaar) OVER (PARTITION BY jaren.gemeente_code) END AS bron_jaar,
           CASE WHEN eigen_budget IS NULL THEN nieuwste.fase END AS bron_fase,
           coalesce(eigen_budget, nieuwste.budget) AS bron_budget
    FROM jaren
    JOIN nieuwste USING (gemeente_code)
    WHERE jaren.soort = 'prognose'
      AND NOT EXISTS (SELECT 1 FROM geleverd
                      WHERE geleverd.gemeente_code = jaren.gemeente_code AND geleverd.jaar = jaren.jaar)
),
budgetten AS (
    SELECT gemeente_code, jaar, fase, budget, false AS budget_aangenomen, CAST(NULL AS INTEGER) AS aanname_bron_jaar,
           CAST(NULL AS VARCHAR) AS aanname_bron_fase, CAST(NULL AS DOUBLE) AS aanname_index
    FROM geleverd
    UNION ALL
    SELECT aanname.gemeente_code, aanname.jaar, 'aanname', aanname.bron_budget * doel.norm / bron.norm, true,
           aanname.bron_jaar, aanname.bron_fase, doel.norm / bron.norm
    FROM aanname
    JOIN jaarnorm AS doel ON doel.jaar = aanname.jaar
    JOIN jaarnorm AS bron ON bron.jaar = aanname.bron_jaar
),
resultaat AS (
    SELECT
        jaren.*,
        budgetten.* EXCLUDE (gemeente_code, jaar),
        jaren.bruto_lasten + coalesce(jaren.lasten_lks, 0) - jaren.aflossingen AS netto_lasten,
        jaren.bruto_lasten_laag + coalesce(jaren.lasten_lks, 0) - jaren.aflossingen AS netto_lasten_laag,
        jaren.bruto_lasten_hoog + coalesce(jaren.lasten_lks, 0) - jaren.aflossingen AS netto_lasten_hoog,
        budgetten.budget - netto_lasten AS resultaat
    FROM jaren
    JOIN budgetten USING (gemeente_code, jaar)
),
eerder AS (
    -- each of the two years before in its definitive version; where that is not there yet, its most
    -- final one (domain.md: the three-year condition takes the earlier years definitive)
    SELECT nu.gemeente_code, nu.jaar, nu.fase, toen.jaar AS eerder_jaar, toen.fase AS eerder_fase, toen.resultaat
    FROM resultaat AS nu
    JOIN resultaat AS toen
        ON toen.gemeente_code = nu.gemeente_code AND toen.jaar BETWEEN nu.jaar - 2 AND nu.jaar - 1
    JOIN staging.seed__budget_fasen AS fasen ON fasen.fase = toen.fase
    QUALIFY row_number() OVER (PARTITION BY nu.gemeente_code, nu.jaar, nu.fase, toen.jaar
                               ORDER BY fasen.rang DESC) = 1
),
drie_jaar AS (
    SELECT gemeente_code, jaar, fase, sum(resultaat) AS resultaat_eerder, count(*) AS jaren_eerder,
           list({'jaar': eerder_jaar, 'fase': eerder_fase, 'resultaat': resultaat} ORDER BY eerder_jaar)
               AS eerdere_jaren
    FROM eerder
    GROUP BY gemeente_code, jaar, fase
),
getoetst AS (
    SELECT
        resultaat.*,
        drie_jaar.eerdere_jaren,
        resultaat.resultaat + coalesce(drie_jaar.resultaat_eerder, 0) AS resultaat_3jr,
        1 + coalesce(drie_jaar.jaren_eerder, 0) AS jaren_in_3jr,
        -resultaat.resultaat / nullif(resultaat.budget, 0) AS tekort_aandeel,
        -resultaat_3jr / nullif(resultaat.budget, 0) AS tekort_3jr_aandeel,
        intermediate.vangnet_vergoeding(resultaat.jaar, tekort_aandeel, tekort_3jr_aandeel) AS vangnet_aandeel
    FROM resultaat
    LEFT JOIN drie_jaar USING (gemeente_code, jaar, fase)
)
SELECT
    getoetst.gemeente_code,
    getoetst.jaar,
    getoetst.soort,
    getoetst.fase,
    fasen.rang AS fase_rang,
    fasen.label AS fase_label,
    getoetst.budget_aangenomen,
    getoetst.budget,
    getoetst.aanname_bron_jaar,
    getoetst.aanname_bron_fase,
    getoetst.aanname_index,
    getoetst.basisjaar,
    getoetst.kosten_per_uitkering_basisjaar,
    getoetst.kosten_per_uitkering,
    getoetst.maanden_gerealiseerd,
    getoetst.bruto_lasten,
    getoetst.lasten_lks,
    getoetst.lasten_lks IS NOT NULL AS lks_geleverd,
    getoetst.aflossingen,
    getoetst.netto_lasten,
    getoetst.netto_lasten_laag,
    getoetst.netto_lasten_hoog,
    getoetst.resultaat,
    getoetst.resultaat / nullif(getoetst.budget, 0) AS resultaat_pct,
    getoetst.budget - getoetst.netto_lasten_hoog AS resultaat_laag,
    getoetst.budget - getoetst.netto_lasten_laag AS resultaat_hoog,
    -- the unfavourable side of the band as a share of the budget, as the report's vangnet sentence needs it
    (getoetst.budget - getoetst.netto_lasten_hoog) / nullif(getoetst.budget, 0) AS resultaat_laag_pct,
    getoetst.eerdere_jaren,
    getoetst.resultaat_3jr,
    getoetst.jaren_in_3jr,
    -- the vangnet's two conditions and its bands, for the page to explain the amount step by step
    getoetst.tekort_aandeel,
    getoetst.tekort_3jr_aandeel,
    intermediate.vangnet_drempel(getoetst.jaar) AS vangnet_drempel_pct,
    intermediate.vangnet_banden(getoetst.jaar, getoetst.tekort_aandeel) AS vangnet_banden,
    getoetst.vangnet_aandeel,
    getoetst.vangnet_aandeel * getoetst.budget AS vangnet_bedrag,
    intermediate.vangnet_regeljaar(getoetst.jaar) AS regeljaar,
    intermediate.vangnet_regels_aangenomen(getoetst.jaar) AS regels_aangenomen
FROM getoetst
JOIN staging.seed__budget_fasen AS fasen USING (fase)
