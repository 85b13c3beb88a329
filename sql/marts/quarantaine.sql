-- One row per quarantined row and reason: file, line (header = line 1), column and the original row.
-- Personal data: the loader purges rows older than the retention period (settings.quarantine_retention_days).
SELECT
    q.levering_id,
    q.bestand,
    q.regel,
    q.kolom,
    q.reden,
    q.rij,
    q.geladen_op
FROM raw.quarantaine AS q
ORDER BY q.geladen_op DESC, q.levering_id, q.bestand, q.regel, q.kolom
