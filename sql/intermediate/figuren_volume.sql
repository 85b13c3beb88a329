-- key: gemeente_code, periode, indicator, uitsplitsing
-- Grain: one row per municipality, period, volume/flow indicator and uitsplitsing (figures for
-- intermediate.kpi_extract). Stocks are taken at T = meetdatum (gemeente_perioden); flows count
-- bijstandsperiodes (intermediate.uitkering_stromen) with dates from periode_start to T. The windows
-- are the macros of sql/macros.sql, the same ones the drill-down rules name.
WITH periode AS (
    SELECT * FROM intermediate.gemeente_perioden
),
telling AS (
    SELECT * FROM intermediate.voorraad_tellingen
),
voorraad AS (
    SELECT * FROM intermediate.periode_voorraden
),
voorraad_uitgesplitst AS (
    SELECT periode.gemeente_code, periode.periode, uitsplitsing, sum(telling.aantal) AS aantal
    FROM periode
    JOIN telling
        ON telling.gemeente_code = periode.gemeente_code
       AND telling.levering_id = periode.levering_id
       AND op_meetdatum(telling.stand_datum, periode.periode_start, periode.meetdatum),
    LATERAL (VALUES ('regeling=' || telling.regeling), ('leefvorm=' || telling.leefvorm),
                    ('leeftijd=' || telling.leeftijd), ('duur=' || telling.duur)) AS dimensie(uitsplitsing)
    GROUP BY ALL
),
duur AS (
    SELECT periode.gemeente_code, periode.periode, median(stand.duur_maanden) AS mediaan
    FROM periode
    JOIN intermediate.uitkering_standen AS stand
        ON stand.gemeente_code = periode.gemeente_code
       AND stand.levering_id = periode.levering_id
       AND op_meetdatum(stand.stand_datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
stroom AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        count(*) FILTER (WHERE stroom.stroom = 'instroom') AS instroom,
        count(*) FILTER (WHERE stroom.stroom = 'instroom' AND stroom.herinstroom_12m) AS herinstroom,
        count(*) FILTER (WHERE stroom.stroom = 'uitstroom') AS uitstroom,
        count(*) FILTER (WHERE stroom.stroom = 'uitstroom_aow') AS uitstroom_aow,
        count(*) FILTER (WHERE stroom.stroom = 'uitstroom' AND stroom.naar_werk) AS uitstroom_naar_werk,
        coalesce(sum(stroom.voorraad_mutatie) FILTER (WHERE stroom.stroom = 'voortgezet'), 0)
            AS voortgezette_mutaties
    FROM periode
    LEFT JOIN intermediate.uitkering_stromen AS stroom
        ON stroom.gemeente_code = periode.gemeente_code
       AND stroom.levering_id = periode.levering_id
       AND in_periode(stroom.datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
uitstroom_reden AS (
    SELECT periode.gemeente_code, periode.periode, 'reden=' || stroom.reden_einde AS uitsplitsing,
           count(*) AS aantal
    FROM periode
    JOIN intermediate.uitkering_stromen AS stroom
        ON stroom.gemeente_code = periode.gemeente_code
       AND stroom.levering_id = periode.levering_id
       AND in_periode(stroom.datum, periode.periode_start, periode.meetdatum)
    WHERE stroom.stroom = 'uitstroom'
    GROUP BY ALL
),
terugval AS (
    SELECT
        periode.gemeente_code,
        periode.periode,
        count(*) FILTER (WHERE stroom.terugval_12m) AS teruggevallen,
        count(stroom.uitkering_id) AS uitgestroomd
    FROM periode
    LEFT JOIN (SELECT * FROM intermediate.uitkering_stromen WHERE stroom = 'uitstroom' AND naar_werk) AS stroom
        ON stroom.gemeente_code = periode.gemeente_code
       AND stroom.levering_id = periode.levering_id
       AND in_12_tot_24m_voor(stroom.datum, periode.periode_start, periode.meetdatum)
    GROUP BY ALL
),
figuur AS (
    SELECT gemeente_code, periode, 'bijstandsvolume' AS indicator, '' AS uitsplitsing,
           NULL AS teller, NULL AS noemer, voorraad_eind AS waarde
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
    SELECT gemeente_code, periode, 'uitstroom', uitsplitsing, NULL, NULL, aantal FROM uitstroom_reden
    UNION ALL
    SELECT gemeente_code, periode, 'uitstroom_aow', '', NULL, NULL, uitstroom_aow FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'voortgezette_mutaties', '', NULL, NULL, voortgezette_mutaties FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'uitstroom_naar_werk', '', NULL, NULL, uitstroom_naar_werk FROM stroom
    UNION ALL
    SELECT stroom.gemeente_code, stroom.periode, 'uitstroomkans_werk', '',
           stroom.uitstroom_naar_werk, (voorraad.voorraad_begin + voorraad.voorraad_eind) / 2, NULL
    FROM stroom
    JOIN voorraad USING (gemeente_code, periode)
    UNION ALL
    SELECT gemeente_code, periode, 'aandeel_uitstroom_werk', '', uitstroom_naar_werk, uitstroom, NULL
    FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'herinstroom_12m', '', herinstroom, instroom, NULL
    FROM stroom
    UNION ALL
    SELECT gemeente_code, periode, 'terugval_12m', '', teruggevallen, uitgestroomd, NULL
    FROM terugval
)
-- a level carries its waarde; kpi_extract makes a ratio's waarde from teller / noemer
SELECT gemeente_code, periode, indicator, uitsplitsing, teller, noemer, waarde
FROM figuur
