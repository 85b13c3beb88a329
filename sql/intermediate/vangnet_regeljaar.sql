-- Which year's vangnet rules a deficit year assumes: its own, else the last year with rules (before the
-- first configured year: the first), so pages can name the rules a figure stands on.
CREATE OR REPLACE MACRO intermediate.vangnet_regeljaar(p_jaar) AS coalesce(
    (SELECT max(jaar) FROM staging.seed__vangnet WHERE jaar <= p_jaar),
    (SELECT min(jaar) FROM staging.seed__vangnet))
