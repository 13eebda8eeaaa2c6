-- Cases, their append-only event log, and the roster. Instants are integer UTC epoch milliseconds.

-- Marks the file as dutydesk's ("DDSK"); must equal APPLICATION_ID in sqlite.rs.
PRAGMA application_id = 1145328459;

CREATE TABLE responders (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role      TEXT NOT NULL,
    grid      INTEGER,
    phone     TEXT,
    on_duty   INTEGER NOT NULL DEFAULT 1 CHECK (on_duty IN (0, 1))
);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    day                 TEXT NOT NULL,
    seq                 INTEGER NOT NULL,
    grid                INTEGER NOT NULL,
    category            TEXT NOT NULL,
    channel             TEXT NOT NULL,
    place               TEXT NOT NULL,
    summary             TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    reporter            TEXT,
    phone               TEXT,
    tier                TEXT NOT NULL,
    state               TEXT NOT NULL,
    reported_at         INTEGER NOT NULL,
    dispatched_at       INTEGER,
    responder           TEXT REFERENCES responders(name),
    arrived_at          INTEGER,
    arrival_how         TEXT,
    arrival_secs        INTEGER,
    arrival_target_secs INTEGER,
    arrival_met         INTEGER,
    called_up_to        TEXT,
    called_up_at        INTEGER,
    resolved_at         INTEGER,
    resolution_note     TEXT,
    reporter_told       INTEGER NOT NULL DEFAULT 0,
    cancelled_at        INTEGER,
    cancel_reason       TEXT,
    updated_at          INTEGER NOT NULL,
    UNIQUE (day, seq)
);

CREATE INDEX cases_by_state ON cases (state);
CREATE INDEX cases_by_reported_at ON cases (reported_at);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    details     TEXT NOT NULL
);

CREATE INDEX events_by_case ON events (case_id, id);

-- The event log is the audit trail: nothing may rewrite or remove it.
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
