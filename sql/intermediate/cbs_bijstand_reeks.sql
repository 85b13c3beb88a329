-- key: periode_soort, periode, gemeente_code
-- One row per (periode_soort, periode, 2025 municipality or NL): persons with algemene bijstand as CBS
-- counts them and the population it counts them against, on today's boundaries, with the series
-- (reeks) and population (populatie) each figure comes from, so a change of either shows as a break.
--
-- Quarters: the quarterly series (staging.cbs__bijstand_kwartaal), the stock at the end of the
-- quarter. A quarter published in two editions is taken from the later one (its revision).
-- Years: the stock at the end of the year, from one series per year, in this order:
--   1. bijstandstabel: the 2015-2017 tables (83450NED/83747NED/84066NED), year-end, 15 to AOW age, the
--      same tables as the cbs_ flows;
--   2. kwartaal: the 4th quarter of the quarterly series (also a year-end stock, so it continues 1.);
--   3. kerncijfers: the neighbourhood key figures of that year (persons probably at the end of the year
--      before; inhabitants of all ages on 1 January), only where neither of the others has the year.
-- Counts of old municipalities are multiplied by their crosswalk share and summed, NULL when a part is
-- suppressed; NL is the table's own national row where it has one (NL01 in the quarterly editions), else
-- the sum of the municipalities (benaderd: sums of rounded figures, or a split municipality fed it).
WITH kwartaal_bron AS (
    SELECT * FROM staging.cbs__bijstand_kwartaal
    QUALIFY gemeente_indeling = max(gemeente_indeling) OVER (PARTITION BY periode)
),
kwartaal_gemeente AS (
    SELECT
        bron.periode,
        bron.jaar,
        bron.kwartaal,
        bron.peildatum,
        crosswalk.gemeente_code_2025 AS gemeente_code,
        CASE WHEN count(bron.bijstand_personen) = count(*)
             THEN som_exact(bron.bijstand_personen * crosswalk.aandeel) END AS bijstandsontvangers,
        CASE WHEN count(bron.inwoners) = count(*)
             THEN som_exact(bron.inwoners * crosswalk.aandeel) END AS inwoners_bijstand,
        min(bron.inwoners_definitie) AS populatie,
        min(bron.cbs_tabel) AS cbs_tabel,
        bool_or(crosswalk.soort = 'gesplitst' OR crosswalk.aandeel < 1) AS benaderd,
        list(DISTINCT crosswalk.gemeente_code_oud ORDER BY crosswalk.gemeente_code_oud) AS gemeente_codes_oud
    FROM kwartaal_bron AS bron
    JOIN intermediate.cbs_crosswalk AS crosswalk
        ON crosswalk.jaar = bron.gemeente_indeling AND crosswalk.gemeente_code_oud = bron.gemeente_code
    GROUP BY ALL
),
kwartaal_som AS (
    SELECT periode, jaar, kwartaal, peildatum,
           CASE WHEN count(bijstandsontvangers) = count(*) THEN som_exact(bijstandsontvangers) END AS bijstandsontvangers,
           CASE WHEN count(inwoners_bijstand) = count(*) THEN som_exact(inwoners_bijstand) END AS inwoners_bijstand,
           min(populatie) AS populatie, min(cbs_tabel) AS cbs_tabel, list(gemeente_code ORDER BY gemeente_code) AS codes
    FROM kwartaal_gemeente
    GROUP BY periode, jaar, kwartaal, peildatum
),
kwartaal AS (
    -- NL: the edition's national row (NL01), which counts the persons of municipalities whose own cell is
    -- suppressed; the sum of the municipalities only where the edition has no such row (then NULL as soon as
    -- one municipality is suppressed, and benaderd)
    SELECT * FROM kwartaal_gemeente
    UNION ALL
    SELECT som.periode, som.jaar, som.kwartaal, som.peildatum, 'NL',
           CASE WHEN land.gemeente_code IS NULL THEN som.bijstandsontvangers ELSE land.bijstand_personen END,
           CASE WHEN land.gemeente_code IS NULL THEN som.inwoners_bijstand ELSE land.inwoners END,
           som.populatie, som.cbs_tabel, land.gemeente_code IS NULL,
           CASE WHEN land.gemeente_code IS NULL THEN som.codes ELSE []::VARCHAR[] END
    FROM kwartaal_som AS som
    LEFT JOIN kwartaal_bron AS land ON land.periode = som.periode AND land.gemeente_code = 'NL01'
),
tabel_jaren AS (
    SELECT DISTINCT jaar FROM staging.cbs__bijstand_gemeenten
),
kwb_jaren AS (  -- the key figures' years: which table and which reference date its file names
    SELECT jaar, min(bron_tabel) AS cbs_tabel, min(peildatum_bijstand) AS peildatum_tekst
    FROM staging.cbs__bijstand_personen
    WHERE jaar NOT IN (SELECT jaar FROM tabel_jaren)
    GROUP BY jaar
),
jaar_personen AS (  -- the bijstand tables and the key figures, already on today's boundaries
    SELECT
        jaar,
        gemeente_code,
        max(waarde) FILTER (WHERE grootheid = 'bijstandsontvangers') AS bijstandsontvangers,
        max(waarde) FILTER (WHERE grootheid = 'inwoners_bijstand')   AS inwoners_bijstand,
        bool_or(benaderd) AS benaderd,
        list_sort(list_distinct(flatten(list(gemeente_codes_oud)))) AS gemeente_codes_oud
    FROM intermediate.cbs_grootheden_2025
    WHERE grootheid IN ('bijstandsontvangers', 'inwoners_bijstand')
    GROUP BY jaar, gemeente_code
),
jaar AS (
    SELECT
        p.jaar, p.gemeente_code, p.bijstandsontvangers, p.inwoners_bijstand,
        'bijstandstabel' AS reeks, '15_tot_AOW' AS populatie,
        'eind ' || p.jaar AS peildatum_tekst,
        (SELECT min(cbs_tabel) FROM staging.cbs__bijstand_gemeenten AS t WHERE t.jaar = p.jaar) AS cbs_tabel,
        p.benaderd, p.gemeente_codes_oud
    FROM jaar_personen AS p
    WHERE p.jaar IN (SELECT jaar FROM tabel_jaren)
    UNION ALL
    SELECT
        jaar, gemeente_code, bijstandsontvangers, inwoners_bijstand, 'kwartaal', populatie,
        strftime(peildatum, '%d-%m-%Y'), cbs_tabel, benaderd, gemeente_codes_oud
    FROM kwartaal
    WHERE kwartaal = 4 AND jaar NOT IN (SELECT jaar FROM tabel_jaren)
    UNION ALL
    SELECT
        p.jaar, p.gemeente_code, p.bijstandsontvangers, p.inwoners_bijstand, 'kerncijfers', 'alle_1_januari',
        kwb.peildatum_tekst, kwb.cbs_tabel, p.benaderd, p.gemeente_codes_oud
    FROM jaar_personen AS p
    JOIN kwb_jaren AS kwb USING (jaar)
    WHERE p.jaar NOT IN (SELECT jaar FROM kwartaal WHERE kwartaal = 4)
)
SELECT
    'kwartaal'                          AS periode_soort,
    periode,
    peildatum                           AS periode_einde,
    gemeente_code,
    bijstandsontvangers,
    inwoners_bijstand,
    'kwartaal'                          AS reeks,
    populatie,
    strftime(peildatum, '%d-%m-%Y')     AS peildatum_tekst,
    cbs_tabel,
    benaderd,
    gemeente_codes_oud
FROM kwartaal
UNION ALL
SELECT
    'jaar',
    CAST(jaar AS VARCHAR),
    make_date(jaar, 12, 31),
    gemeente_code,
    bijstandsontvangers,
    inwoners_bijstand,
    reeks,
    populatie,
    peildatum_tekst,
    cbs_tabel,
    benaderd,
    gemeente_codes_oud
FROM jaar
