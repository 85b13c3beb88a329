-- key: levering_id, bestand
-- One row per file of a delivery: its checksum and rows read, loaded and quarantined.
-- `sluitend` says whether read = loaded + quarantined, the load report's own promise.
SELECT
    r.levering_id,
    l.peildatum,
    r.bestand,
    r.sha256,
    r.rijen_gelezen,
    r.rijen_geladen,
    r.rijen_quarantaine,
    r.rijen_gelezen = r.rijen_geladen + r.rijen_quarantaine AS sluitend
FROM raw.laadrapport AS r
LEFT JOIN (SELECT DISTINCT levering_id, peildatum FROM raw.laadhistorie) AS l USING (levering_id)
ORDER BY l.peildatum DESC, r.levering_id, r.bestand
