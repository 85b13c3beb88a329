-- The audit log (data/audit.duckdb): every view of row-level data and every download in the dashboard.
-- A file of its own, not landing.duckdb: `wimi load` holds the landing database for the whole load and a
-- second writer is refused, so a record written there during a load would be lost; a rebuild never
-- touches this file either. Written by the dashboard in short-lived connections, append only.
CREATE TABLE IF NOT EXISTS audit (
    tijdstip      TIMESTAMP NOT NULL,
    gebruiker     VARCHAR NOT NULL,
    rol           VARCHAR NOT NULL,
    handeling     VARCHAR NOT NULL,  -- rijen_bekeken, quarantaine_bekeken, download
    gemeente_code VARCHAR,           -- comma-separated when a download covers several
    onderwerp     VARCHAR,           -- the figure (indicator and breakdown), delivery or file
    periode       VARCHAR,
    aantal_rijen  BIGINT
);
