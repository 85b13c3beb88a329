-- key: gemeente_code, bron
-- Grain: one row per municipality (or NL) and source of its figures in marts.kpi: how a page names where a
-- figure comes from (a partner's package with its peildatum, the own extract, CBS, the synthetic demo feed).
WITH bron AS (
    SELECT DISTINCT gemeente_code, bron FROM marts.kpi
),
partner AS (
    SELECT gemeente_code, max(peildatum) AS peildatum, bool_or(partner_demo) AS demo
    FROM staging.benchmark_feed
    WHERE bron = 'partner'
    GROUP BY gemeente_code
)
SELECT
    bron.gemeente_code,
    bron.bron,
    coalesce(partner.peildatum, levering.peildatum) AS peildatum,
    CASE bron.bron
        WHEN 'partner' THEN 'pakket van de gemeente' || CASE WHEN partner.demo THEN ' (demo-extract)' ELSE '' END
                            || ', peildatum ' || strftime(partner.peildatum, '%d-%m-%Y')
        WHEN 'extract' THEN 'eigen extract' || CASE WHEN levering.demo THEN ' (demo)' ELSE '' END
                            || ', peildatum ' || strftime(levering.peildatum, '%d-%m-%Y')
        WHEN 'cbs' THEN 'CBS'
        WHEN 'synthetic' THEN 'synthetische benchmarkfeed (demo, verzonnen)'
        WHEN 'forecast' THEN 'prognose'
        ELSE bron.bron
    END AS bron_omschrijving
FROM bron
LEFT JOIN partner ON bron.bron = 'partner' AND partner.gemeente_code = bron.gemeente_code
LEFT JOIN intermediate.gemeente_leveringen AS levering
    ON bron.bron = 'extract' AND levering.gemeente_code = bron.gemeente_code
ORDER BY bron.gemeente_code, bron.bron
