-- Grain: one row per municipality, period, volume/flow indicator and uitsplitsing (figures for
-- intermediate.kpi_extract). Stocks are taken at T = meetdatum (gemeente_perioden); flows count dates from periode_start to T.
WITH periode AS (
    SELECT * FROM intermediate.gemeente_perioden
),
stand AS (
    SELECT * FROM intermediate.uitkering_standen
),
stand_telling AS (
    -- counted per month-end and breakdown once; the period joins below then work on counts
    SELECT levering_id, gemeente_code, stand_datum, regeling, leefvorm, leeftijd, duur, count(*) AS aantal
    FROM stand
    GROUP BY ALL
),
voorraad AS (
    SELECT periode.gemeente_code, periode.periode, coalesce(sum(telling.aantal), 0) AS aantal
    FROM periode
    LEFT JOIN stand_telling AS telling
        ON telling.gemeente_code = periode.gemeente_code
       AND telling.levering_id = periode.levering_id
       AND telling.stand_datum = periode.meetdatum
    GROUP BY ALL
),
voorraad_vorige AS (
    -- the stock at the end of the previous period; zero before the first period, when none ran
    SELECT periode.gemeente_code, periode.periode, coalesce(sum(telling.aantal), 0) AS aantal
    FROM periode
    LEFT JOIN stand_telling AS telling
        ON telling.gemeente_code = periode.gemeente_code
       AND telling.levering_id = periode.levering_id
       AND telling.stand_datum = periode.periode_start - INTERVAL 1 DAY
    GROUP BY ALL
),
voorraad_uitgesplitst AS (
    SELECT periode.gemeente_code, periode.periode, uitsplitsing, sum(telling.aantal) AS aantal
    FROM periode
    JOIN stand_telling AS telling
        ON telling.gemeente_code = periode.gemeente_code
       AND telling.levering_id = periode.levering_id
       AND telling.stand_datum = periode.meetdatum,
    LATERAL (VALUES ('regeling=' || telling.regeling), ('leefvorm=' || telling.leefvorm),
                    ('leeftijd=' || telling.leeftijd), ('duur=' || telling.duur)) AS dimensie(uitsplitsing)
    GROUP BY ALL
),
duur AS (
    SELECT periode.gemeente_code, periode.periode, median(stand.duur_maanden) AS mediaan
    FROM periode
    JOIN stand
        ON stand.gemeente_code = periode.gemeente_code
       AND stand.levering_id = periode.levering_id
       AND stand.stand_datum = periode.meetdatum
    GROUP BY ALL
),
stroom AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        count(*) FILTER (WHERE stroom.stroom = 'instroom') AS instroom,
        count(*) FILTER (WHERE stroom.stroom = 'uitstroom') AS uitstroom,
        count(*) FILTER (WHERE stroom.stroom = 'uitstroom' AND stroom.naar_werk) AS uitstroom_naar_werk
    FROM periode
    LEFT JOIN intermediate.uitkering_stromen AS stroom
        ON stroom.gemeente_code = periode.gemeente_code
       AND stroom.levering_id = periode.levering_id
       AND stroom.datum BETWEEN periode.periode_start AND periode.meetdatum
    GROUP BY ALL
),
terugval AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        count(*) FILTER (WHERE terugval.terugval_12m) AS teruggevallen,
        count(terugval.uitkering_id) AS uitgestroomd
    FROM periode
    LEFT JOIN intermediate.uitstroom_werk_terugval AS terugval
        ON terugval.gemeente_code = periode.gemeente_code
       AND terugval.levering_id = periode.levering_id
       AND terugval.einddatum > periode.meetdatum - INTERVAL 24 MONTH
       AND terugval.einddatum <= periode.meetdatum - INTERVAL 12 MONTH
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, 'bijstandsvolume' AS indicator, '' AS uitsplitsing,
           NULL AS teller, NULL AS noemer, aantal AS waarde
    FROM voorraad
    UNION ALL
    SELECT gemeente_code, periode, 'bijstandsvolume', uitsplitsing, NULL, NULL, aantal
    FROM voorraad_uitgesplitst
    UNION ALL
    SELECT gemeente_code, periode, 'duur_mediaan_maanden', '', NULL, NULL, mediaan
    FROM duur
    UNION ALL
    SELECT gemeente_code, periode, 'instroom', '', NULL, NULL, instroom FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'uitstroom', '', NULL, NULL, uitstroom FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'uitstroom_naar_werk', '', NULL, NULL, uitstroom_naar_werk FROM stroom
    UNION ALL
    SELECT stroom.gemeente_code, stroom.periode, 'uitstroomkans_werk', '',
           stroom.uitstroom_naar_werk, (voorraad_vorige.aantal + voorraad.aantal) / 2, NULL
    FROM stroom
    JOIN voorraad USING (gemeente_code, periode)
    JOIN voorraad_vorige USING (gemeente_code, periode)
    UNION ALL
    SELECT gemeente_code, periode, 'aandeel_uitstroom_werk', '', uitstroom_naar_werk, uitstroom, NULL
    FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'terugval_12m', '', teruggevallen, uitgestroomd, NULL
    FROM terugval
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde
FROM figuur
