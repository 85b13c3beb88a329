-- key: gemeente_code, periode
-- Grain: one row per municipality per period from its historie_start that has begun by its delivery's
-- peildatum. Figures are
-- measured at meetdatum = the period's last day, or the peildatum for the period holding it: that
-- period is incomplete (volledig false) and shows what is known so far, never a drop.
SELECT
    gemeente.gemeente_code,
    gemeente.levering_id,
    gemeente.peildatum,
    periode.periode,
    periode.periode_soort,
    periode.periode_start,
    periode.periode_einde,
    least(periode.periode_einde, gemeente.peildatum) AS meetdatum,
    periode.periode_einde <= gemeente.peildatum AS volledig,
    gemeente.historie_start
FROM intermediate.gemeente_leveringen AS gemeente
JOIN intermediate.perioden AS periode
    ON periode.periode_start <= gemeente.peildatum
   AND periode.periode_start >= gemeente.historie_start
