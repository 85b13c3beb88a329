-- A year's vangnet bands with the part of a deficit (tekort_aandeel: deficit / budget, 0.15 for 15%) that
-- falls in each, in % of the budget: a list of {ondergrens_pct, bovengrens_pct, vergoeding_pct,
-- tekort_in_band_pct}, lowest band first. The compensation (vangnet_vergoeding) and the page's
-- explanation of it both read these bands.
CREATE OR REPLACE MACRO intermediate.vangnet_banden(p_jaar, tekort_aandeel) AS (
    SELECT list({'ondergrens_pct': band.ondergrens_pct, 'bovengrens_pct': band.bovengrens_pct,
                 'vergoeding_pct': band.vergoeding_pct,
                 'tekort_in_band_pct': greatest(0, least(tekort_aandeel * 100,
                                                         coalesce(band.bovengrens_pct, tekort_aandeel * 100))
                                                   - band.ondergrens_pct)}
                ORDER BY band.ondergrens_pct)
    FROM staging.seed__vangnet AS band
    WHERE band.jaar = intermediate.vangnet_regeljaar(p_jaar)
)
