-- key: levering_id, bestand, regel, kolom, reden
-- One row per quarantined row and reason: file, record number (header = record 1), column and the original row.
-- Personal data: the loader purges rows older than the retention period (settings.quarantine_retention_days)
-- at its next load; until then the build leaves them out, so no new warehouse carries them.
SELECT
    q.levering_id,
    q.bestand,
    q.regel,
    q.kolom,
    q.reden,
    q.rij,
    q.geladen_op
FROM raw.quarantaine AS q
WHERE q.geladen_op::DATE >= '{{ quarantaine_vanaf }}'::DATE
ORDER BY q.geladen_op DESC, q.levering_id, q.bestand, q.regel, q.kolom
