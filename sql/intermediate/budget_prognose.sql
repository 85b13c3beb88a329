-- key: gemeente_code, jaar, fase
-- Grain: one row per municipality with an extract, year and BUIG budget version: the budget forecast as
-- the data decide it (intermediate.budget_berekening without assumptions of the page's own), read by the
-- KPI rows (kpi_forecast, kpi_vangnet) and marts.budget_prognose.
SELECT * FROM intermediate.budget_berekening(NULL, NULL, NULL, NULL)
