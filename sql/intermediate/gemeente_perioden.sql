-- Grain: one row per municipality per period that has begun by its delivery's peildatum; the period
-- holding the peildatum is incomplete (volledig false) and shown as such, never as a drop.
SELECT
    gemeente.gemeente_code,
    gemeente.levering_id,
    gemeente.peildatum,
    periode.periode,
    periode.periode_soort,
    periode.periode_start,
    periode.periode_einde,
    periode.periode_einde <= gemeente.peildatum AS volledig
FROM intermediate.gemeente_leveringen AS gemeente
JOIN intermediate.perioden AS periode
    ON periode.periode_start <= gemeente.peildatum
