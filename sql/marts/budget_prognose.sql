-- key: gemeente_code, jaar, fase
-- Grain: one row per municipality with an extract, year and BUIG budget version (fase): the BUIG result
-- realised and expected and the vangnet on it (intermediate.budget_berekening has the definition), the
-- versions of a year from least to most final (an assumed budget stands only in a year without a
-- delivered one).
SELECT * FROM intermediate.budget_prognose
ORDER BY gemeente_code, jaar, fase_rang
