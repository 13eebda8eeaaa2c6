-- Systems that hand reports in through Open311 (`dutydesk api-key add`): one key per system,
-- kept only as its SHA-256; its reports carry its channel. Revoked keys stay, for the record.
CREATE TABLE api_keys (
    name        TEXT PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL,
    made_at     INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- What a system's report brought beside the case: who sent it (for a retry to find it), the
-- token a client may poll, where it was (lat/long), and the reporter's e-mail (never shown).
CREATE TABLE intakes (
    case_id          INTEGER PRIMARY KEY REFERENCES cases (id),
    client           TEXT NOT NULL,
    idempotency_key  TEXT,
    fingerprint      TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    lat              REAL,
    long             REAL,
    email            TEXT,
    media_url        TEXT,
    at               INTEGER NOT NULL
);
CREATE UNIQUE INDEX intakes_by_idempotency_key ON intakes (client, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX intakes_by_fingerprint ON intakes (client, fingerprint, at);
