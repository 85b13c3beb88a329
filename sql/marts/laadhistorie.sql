-- key: levering_id, geladen_op
-- One row per load attempt of a delivery (also those since replaced, repeated or failed), with the
-- delivery's row counts over all its files, so the accountant sees every delivery that fed the figures.
SELECT
    h.levering_id,
    h.peildatum,
    array_to_string(list_sort(h.gemeenten), ', ') AS gemeenten,
    h.map,
    h.geladen_op,
    h.status,
    h.melding,
    count(r.bestand) AS bestanden,
    sum(r.rijen_gelezen)::BIGINT AS rijen_gelezen,
    sum(r.rijen_geladen)::BIGINT AS rijen_geladen,
    sum(r.rijen_quarantaine)::BIGINT AS rijen_quarantaine
FROM raw.laadhistorie AS h
LEFT JOIN raw.laadrapport AS r USING (levering_id)
GROUP BY ALL
ORDER BY h.geladen_op DESC, h.levering_id
