-- key: periode_soort, periode
-- Grain: one row per (periode_soort, periode) with CBS persons with bijstand: which series (reeks),
-- table and population the figures of cbs_bijstandsontvangers and cbs_bijstand_per_1000_inwoners come
-- from, their reference date, and breuk: the series or population differs from the period before (so
-- charts break the line there and pages and exports say so). toelichting says it in Dutch.
WITH periode AS (
    SELECT
        periode_soort,
        periode,
        max(periode_einde)  AS periode_einde,
        min(reeks)          AS reeks,
        min(populatie)      AS populatie,
        min(peildatum_tekst) AS peildatum_tekst,
        min(cbs_tabel)      AS cbs_tabel
    FROM intermediate.cbs_bijstand_reeks
    GROUP BY periode_soort, periode
),
gemarkeerd AS (
    SELECT
        *,
        lag(reeks) OVER w IS NOT NULL
            AND (lag(reeks) OVER w <> reeks OR lag(populatie) OVER w IS DISTINCT FROM populatie) AS breuk
    FROM periode
    WINDOW w AS (PARTITION BY periode_soort ORDER BY periode_einde)
)
SELECT
    periode_soort,
    periode,
    periode_einde,
    reeks,
    populatie,
    peildatum_tekst,
    cbs_tabel,
    breuk,
    CASE reeks
        WHEN 'bijstandstabel' THEN 'CBS-tabel bijstand, re-integratie en WSW'
        WHEN 'kwartaal' THEN 'CBS-tabel personen met een uitkering per kwartaal'
        ELSE 'CBS Kerncijfers wijken en buurten'
    END || coalesce(' (' || cbs_tabel || ')', '') || ': personen met algemene bijstand, stand '
        || CASE WHEN reeks = 'kwartaal' THEN 'op ' || peildatum_tekst ELSE peildatum_tekst END
        || '; per 1.000 inwoners ' || CASE populatie
            WHEN '15_tot_AOW' THEN 'van 15 jaar tot de AOW-leeftijd'
            WHEN '15_plus' THEN 'van 15 jaar en ouder'
            WHEN 'alle_1_januari' THEN 'van alle leeftijden op 1 januari'
            ELSE '(de tabel geeft geen inwonersaantal)'
        END AS toelichting
FROM gemarkeerd
ORDER BY periode_soort, periode_einde
