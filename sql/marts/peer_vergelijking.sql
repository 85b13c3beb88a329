-- Grain: one row per period (a table macro, a model of its own: see pipelines/build.py).
-- One row per period: a municipality's figure beside its peers' (kpi_een_bron's figures of `peer_codes`)
-- and the Netherlands'. The group figure pools numerators and denominators (the sum of the peers' tellers
-- over the sum of their noemers, not a mean of ratios); median and quartiles (linear, as a spreadsheet
-- computes them) are of the peers' own values. rang: 1 + the peers with a better value (higher where
-- marts.indicatoren says hoger_is_beter or says nothing, lower where it says lower is better), so ties
-- share a rank; aantal: the municipality and the peers with a value. The Netherlands is its own row where
-- the kind has one, else every municipality with a figure pooled ('Alle gemeenten'). Exact values:
-- masking small numbers on a public page comes after, in the page.
CREATE OR REPLACE MACRO marts.peer_vergelijking(gemeente, peer_codes, gevraagde_indicator, soort, gevraagde_bronnen,
                                                toegestaan) AS TABLE
    WITH rijen AS (
        SELECT * FROM marts.kpi_een_bron(gevraagde_indicator, soort, gevraagde_bronnen, toegestaan)
    ),
    richting AS (
        SELECT any_value(hoger_is_beter) AS hoger_is_beter FROM marts.indicatoren WHERE id = gevraagde_indicator
    ),
    perioden AS (
        SELECT periode, any_value(periode_einde) AS periode_einde, bool_and(volledig) AS volledig
        FROM rijen
        GROUP BY periode
    ),
    eigen AS (
        SELECT periode, teller, noemer, waarde, bron, volledig FROM rijen WHERE gemeente_code = gemeente
    ),
    -- a peer counts where its teller and noemer are known
    groep AS (
        SELECT periode, teller, noemer, waarde, bron
        FROM rijen
        WHERE list_contains(peer_codes, gemeente_code) AND teller IS NOT NULL AND noemer IS NOT NULL
    ),
    gepoold AS (
        SELECT
            periode,
            som_exact(teller) AS teller,
            som_exact(noemer) AS noemer,
            list(DISTINCT bron ORDER BY bron) AS bronnen,
            median(waarde) AS mediaan,
            quantile_cont(waarde, 0.25) AS kwartiel_1,
            quantile_cont(waarde, 0.75) AS kwartiel_3,
            count(waarde) AS aantal
        FROM groep
        GROUP BY periode
    ),
    beter AS (
        SELECT eigen.periode, count(groep.waarde) AS aantal
        FROM eigen
        CROSS JOIN richting
        JOIN groep
            ON groep.periode = eigen.periode
           AND CASE WHEN richting.hoger_is_beter IS NOT DISTINCT FROM false THEN groep.waarde < eigen.waarde
                    ELSE groep.waarde > eigen.waarde END
        GROUP BY eigen.periode
    ),
    nl AS (
        SELECT periode, teller, noemer, waarde, [bron] AS bronnen, volledig FROM rijen WHERE gemeente_code = 'NL'
    ),
    alle_gemeenten AS (
        SELECT
            periode,
            som_exact(teller) AS teller,
            som_exact(noemer) AS noemer,
            list(DISTINCT bron ORDER BY bron) AS bronnen,
            bool_and(volledig) AS volledig
        FROM rijen
        WHERE gemeente_code <> 'NL' AND teller IS NOT NULL AND noemer IS NOT NULL
        GROUP BY periode
    )
    SELECT
        perioden.periode,
        perioden.periode_einde,
        perioden.volledig,
        eigen.teller AS eigen_teller,
        eigen.noemer AS eigen_noemer,
        eigen.waarde AS eigen_waarde,
        eigen.bron AS eigen_bron,
        eigen.volledig AS eigen_volledig,
        gepoold.teller AS groep_teller,
        gepoold.noemer AS groep_noemer,
        gepoold.teller / nullif(gepoold.noemer, 0) AS groep_waarde,
        coalesce(gepoold.bronnen, []::VARCHAR[]) AS groep_bronnen,
        gepoold.mediaan,
        gepoold.kwartiel_1,
        gepoold.kwartiel_3,
        CASE WHEN eigen.waarde IS NOT NULL THEN coalesce(beter.aantal, 0) + 1 END AS rang,
        coalesce(gepoold.aantal, 0) + (eigen.waarde IS NOT NULL)::INTEGER AS aantal,
        CASE WHEN nl.periode IS NOT NULL THEN 'Nederland'
             WHEN alle_gemeenten.noemer <> 0 THEN 'Alle gemeenten' END AS nl_naam,
        coalesce(nl.teller, alle_gemeenten.teller) AS nl_teller,
        coalesce(nl.noemer, alle_gemeenten.noemer) AS nl_noemer,
        CASE WHEN nl.periode IS NOT NULL THEN nl.waarde
             ELSE alle_gemeenten.teller / nullif(alle_gemeenten.noemer, 0) END AS nl_waarde,
        coalesce(nl.bronnen, alle_gemeenten.bronnen, []::VARCHAR[]) AS nl_bronnen,
        coalesce(nl.volledig, alle_gemeenten.volledig) AS nl_volledig
    FROM perioden
    LEFT JOIN eigen ON eigen.periode = perioden.periode
    LEFT JOIN gepoold ON gepoold.periode = perioden.periode
    LEFT JOIN beter ON beter.periode = perioden.periode
    LEFT JOIN nl ON nl.periode = perioden.periode
    LEFT JOIN alle_gemeenten ON alle_gemeenten.periode = perioden.periode;
