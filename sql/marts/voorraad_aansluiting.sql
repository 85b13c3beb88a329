-- key: gemeente_code, periode
-- Grain: one row per municipality with an extract and period (maand, kwartaal, jaar): how the stock
-- moved from the end of the previous period to T (indicators.md): stock(T) - stock(previous T) =
-- instroom - uitstroom - uitstroom_aow + voortgezette_mutaties. Flows count bijstandsperiodes, the
-- stock counts benefits; voortgezette_mutaties is the reconciling item. verschil must be 0
-- (checks/voorraad_aansluiting__sluit); the accountant sees this table per period.
WITH figuur AS (
    SELECT
        gemeente_code, periode, periode_soort, periode_einde, volledig,
        max(waarde) FILTER (WHERE indicator = 'bijstandsvolume') AS voorraad_eind,
        max(waarde) FILTER (WHERE indicator = 'instroom') AS instroom,
        max(waarde) FILTER (WHERE indicator = 'uitstroom') AS uitstroom,
        max(waarde) FILTER (WHERE indicator = 'uitstroom_aow') AS uitstroom_aow,
        max(waarde) FILTER (WHERE indicator = 'voortgezette_mutaties') AS voortgezette_mutaties
    FROM intermediate.kpi_extract
    WHERE uitsplitsing = ''
      AND indicator IN ('bijstandsvolume', 'instroom', 'uitstroom', 'uitstroom_aow', 'voortgezette_mutaties')
    GROUP BY ALL
)
SELECT
    figuur.gemeente_code,
    figuur.periode,
    figuur.periode_soort,
    figuur.periode_einde,
    figuur.volledig,
    CAST(voorraad.voorraad_begin AS DOUBLE) AS voorraad_begin,
    figuur.instroom,
    figuur.uitstroom,
    figuur.uitstroom_aow,
    figuur.voortgezette_mutaties,
    figuur.voorraad_eind,
    figuur.voorraad_eind - voorraad.voorraad_begin
        - (figuur.instroom - figuur.uitstroom - figuur.uitstroom_aow + figuur.voortgezette_mutaties) AS verschil
FROM figuur
JOIN intermediate.periode_voorraden AS voorraad USING (gemeente_code, periode)
ORDER BY figuur.gemeente_code, figuur.periode_soort, figuur.periode_einde
