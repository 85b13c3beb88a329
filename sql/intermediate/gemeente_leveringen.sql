-- Grain: one row per municipality with an extract: its current delivery and that delivery's peildatum.
SELECT
    gemeente.code AS gemeente_code,
    levering.levering_id,
    levering.peildatum,
    levering.heeft_vrijlating
FROM staging.extract__leveringen AS levering,
    unnest(levering.gemeenten) AS gemeente(code)
WHERE gemeente.code <> 'NL'
