-- Whether the rules a year assumes are an assumption for that year: borrowed from another year, or
-- configured but not published as such (seed__vangnet.aangenomen).
CREATE OR REPLACE MACRO intermediate.vangnet_regels_aangenomen(p_jaar) AS
    intermediate.vangnet_regeljaar(p_jaar) <> p_jaar
    OR (SELECT bool_or(aangenomen) FROM staging.seed__vangnet
        WHERE jaar = intermediate.vangnet_regeljaar(p_jaar))
