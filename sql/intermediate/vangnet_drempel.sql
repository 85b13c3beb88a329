-- The vangnet threshold of a year's rules in % of the budget: the lowest band's lower bound; both the
-- year's deficit and the three years' must be above it (domain.md).
CREATE OR REPLACE MACRO intermediate.vangnet_drempel(p_jaar) AS
    (SELECT min(ondergrens_pct) FROM staging.seed__vangnet WHERE jaar = intermediate.vangnet_regeljaar(p_jaar))
