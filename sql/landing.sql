-- The landing database (data/landing.duckdb): typed contract rows of the current delivery per
-- municipality, plus the load bookkeeping. Written only by `wimi load`, inside one transaction;
-- read (attached read-only as `raw`) by `wimi build`. Client ids are pseudonyms; no BSN ever enters.
-- Every table carries levering_id so identifiers reused across deliveries stay apart.

CREATE TABLE IF NOT EXISTS leveringen (
    levering_id      VARCHAR PRIMARY KEY,  -- sha256 of the delivery's file checksums, first 16 hex
    peildatum        DATE NOT NULL,
    bronsysteem      VARCHAR,
    map              VARCHAR NOT NULL,     -- folder the delivery was loaded from
    gemeenten        VARCHAR[] NOT NULL,   -- municipalities it covers
    heeft_vrijlating BOOLEAN NOT NULL,     -- betalingen had the optional vrijlating column
    geladen_op       TIMESTAMP NOT NULL
);

-- every delivery ever loaded, also those since replaced (load history for the accountant)
CREATE TABLE IF NOT EXISTS laadhistorie (
    levering_id  VARCHAR NOT NULL,     -- 'onbekend' when a failed attempt got no further than its files
    peildatum    DATE,                 -- NULL for a failed attempt whose levering file was unreadable
    map          VARCHAR NOT NULL,
    gemeenten    VARCHAR[] NOT NULL,
    geladen_op   TIMESTAMP NOT NULL,
    status       VARCHAR NOT NULL,  -- geladen, ongewijzigd (same delivery again), vervangen, mislukt
    melding      VARCHAR            -- the fatal error, for status mislukt
);

CREATE TABLE IF NOT EXISTS laadrapport (
    levering_id     VARCHAR NOT NULL,
    bestand         VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    rijen_gelezen   BIGINT NOT NULL,
    rijen_geladen   BIGINT NOT NULL,
    rijen_quarantaine BIGINT NOT NULL  -- rijen_gelezen = rijen_geladen + rijen_quarantaine
);

CREATE TABLE IF NOT EXISTS quarantaine (
    levering_id VARCHAR NOT NULL,
    bestand     VARCHAR NOT NULL,
    regel       BIGINT NOT NULL,    -- record number in the file (header = record 1; a quoted value may span lines)
    kolom       VARCHAR,            -- NULL when the reason concerns the whole row
    reden       VARCHAR NOT NULL,   -- Dutch, stable wording, e.g. 'datum onleesbaar'
    rij         VARCHAR NOT NULL,   -- the original row as JSON (personal data: kept for a retention period)
    geladen_op  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS uitkeringen (
    levering_id VARCHAR NOT NULL, uitkering_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL,
    gemeente_code VARCHAR NOT NULL, regeling VARCHAR NOT NULL, leefvorm VARCHAR NOT NULL,
    geboortejaar INTEGER, startdatum DATE NOT NULL, einddatum DATE, reden_einde VARCHAR
);
CREATE TABLE IF NOT EXISTS betalingen (
    levering_id VARCHAR NOT NULL, uitkering_id VARCHAR NOT NULL,
    maand DATE NOT NULL,  -- first day of the month the benefit is for
    bruto_bedrag DECIMAL(14, 2) NOT NULL, inkomsten_arbeid DECIMAL(14, 2) NOT NULL,
    vrijlating DECIMAL(14, 2)  -- NULL when the delivery has no vrijlating column
);
CREATE TABLE IF NOT EXISTS vorderingen (
    levering_id VARCHAR NOT NULL, vordering_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL,
    gemeente_code VARCHAR NOT NULL, soort VARCHAR NOT NULL, ontstaan DATE NOT NULL,
    bedrag DECIMAL(14, 2) NOT NULL, verwijtbaarheid VARCHAR,
    regeling VARCHAR  -- NULL: a claim on a BUIG benefit (the column is optional in the delivery)
);
-- a landing database written before claims had a regeling: its claims were all BUIG claims (NULL)
ALTER TABLE vorderingen ADD COLUMN IF NOT EXISTS regeling VARCHAR;
CREATE TABLE IF NOT EXISTS aflossingen (
    levering_id VARCHAR NOT NULL, vordering_id VARCHAR NOT NULL, datum DATE NOT NULL,
    bedrag DECIMAL(14, 2) NOT NULL, soort VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS aanvragen (
    levering_id VARCHAR NOT NULL, aanvraag_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL,
    gemeente_code VARCHAR NOT NULL, ontvangen DATE NOT NULL, besluit_datum DATE, besluit VARCHAR
);
CREATE TABLE IF NOT EXISTS contacten (
    levering_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL, datum DATE NOT NULL, kanaal VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS maatregelen (
    levering_id VARCHAR NOT NULL, maatregel_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL,
    start DATE NOT NULL, eind DATE, percentage DECIMAL(6, 2) NOT NULL, herzien BOOLEAN NOT NULL,
    herzien_datum DATE
);
CREATE TABLE IF NOT EXISTS budget (
    levering_id VARCHAR NOT NULL, gemeente_code VARCHAR NOT NULL, jaar INTEGER NOT NULL,
    fase VARCHAR NOT NULL, bedrag DECIMAL(16, 2) NOT NULL
);
-- wage-cost subsidies (loonkostensubsidie) paid per year: optional file, no rows when not delivered
CREATE TABLE IF NOT EXISTS lasten_lks (
    levering_id VARCHAR NOT NULL, gemeente_code VARCHAR NOT NULL, jaar INTEGER NOT NULL,
    bedrag DECIMAL(16, 2) NOT NULL
);
