-- key: jaar, regio_code, grootheid
-- One row per (year, CBS region code, quantity) on the division of that year: the CBS counts the
-- cbs_ indicators are made of. Regions are municipalities (GMxxxx) and the Netherlands (NL01).
-- A suppressed cell stays NULL. basis_pct is the base of CBS's outflow-to-work percentage (stock at
-- the start of the year plus starters), not published itself but implied by it: count x 100 / %.
WITH bijstand AS (
    -- 15 to AOW age: the group with outflow to work, and the one the key figures' counts match
    SELECT * FROM staging.cbs__bijstand_gemeenten
    WHERE leeftijd_code = '90100' AND regio_type IN ('GM', 'NL')
),
stromen AS (
    SELECT
        jaar,
        regio_code,
        instroom,
        uitstroom,
        uitstroom_naar_werk,
        -- suppressed percentage: no base, so the figure stays unknown; a published 0% takes the
        -- base from the other percentages on the same base
        CASE WHEN uitstroom_naar_werk_pct IS NOT NULL THEN
            coalesce(uitstroom_naar_werk * 100 / nullif(uitstroom_naar_werk_pct, 0),
                     uitstroom * 100 / nullif(uitstroom_pct, 0),
                     instroom * 100 / nullif(instroom_pct, 0))
        END AS basis_pct
    FROM bijstand
),
personen AS (
    -- persons on bijstand and the population they are counted against, every year published;
    -- the bijstand table's own national row stands beside the municipalities for its years
    SELECT jaar, gemeente_code AS regio_code, bijstand_personen AS bijstandsontvangers,
           inwoners AS inwoners_bijstand
    FROM staging.cbs__bijstand_personen
    UNION ALL
    SELECT jaar, regio_code, bijstandsontvangers, inwoners
    FROM bijstand
    WHERE regio_type = 'NL'
)
SELECT jaar, regio_code, grootheid, waarde
FROM stromen
UNPIVOT INCLUDE NULLS (waarde FOR grootheid IN (instroom, uitstroom, uitstroom_naar_werk, basis_pct))
UNION ALL
SELECT jaar, regio_code, grootheid, waarde
FROM personen
UNPIVOT INCLUDE NULLS (waarde FOR grootheid IN (bijstandsontvangers, inwoners_bijstand))
