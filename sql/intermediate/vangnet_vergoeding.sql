-- The vangnet compensation as a share of this year's budget. tekort_aandeel: the year's deficit / budget
-- (0.15 for 15%; a surplus is negative); tekort_3jr_aandeel: the deficits of the year and the two before,
-- surpluses offsetting, / this budget. Both above the threshold: each band's part of the deficit at the
-- band's percentage; otherwise nothing.
CREATE OR REPLACE MACRO intermediate.vangnet_vergoeding(p_jaar, tekort_aandeel, tekort_3jr_aandeel) AS CAST(CASE
    WHEN tekort_aandeel * 100 > intermediate.vangnet_drempel(p_jaar)
     AND tekort_3jr_aandeel * 100 > intermediate.vangnet_drempel(p_jaar)
    THEN list_sum([band.tekort_in_band_pct * band.vergoeding_pct
                   FOR band IN intermediate.vangnet_banden(p_jaar, tekort_aandeel)]) / 10000
    ELSE 0
END AS DOUBLE)
