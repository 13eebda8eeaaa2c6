-- Systems that hand reports in through Open311 (`dutydesk api-key add`): one key per system
-- and community, kept only as its SHA-256; its reports carry its channel.
CREATE TABLE api_keys (
    community   TEXT NOT NULL REFERENCES communities (code),
    name        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL,
    made_at     BIGINT NOT NULL,
    revoked_at  BIGINT,
    PRIMARY KEY (community, name)
);

-- What a system's report brought beside the case: who sent it (for a retry to find it), the
-- token a client may poll, where it was (lat/long), and the reporter's e-mail (never shown).
CREATE TABLE intakes (
    case_id          BIGINT PRIMARY KEY REFERENCES cases (id),
    community        TEXT NOT NULL REFERENCES communities (code),
    client           TEXT NOT NULL,
    idempotency_key  TEXT,
    fingerprint      TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    lat              DOUBLE PRECISION,
    long             DOUBLE PRECISION,
    email            TEXT,
    media_url        TEXT,
    at               BIGINT NOT NULL
);
CREATE UNIQUE INDEX intakes_by_idempotency_key ON intakes (community, client, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX intakes_by_fingerprint ON intakes (community, client, fingerprint, at);

DO $$
DECLARE t TEXT;
DECLARE r RECORD;
BEGIN
    FOREACH t IN ARRAY ARRAY['api_keys', 'intakes'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY desk ON %I
            USING (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
                   OR EXISTS (SELECT 1 FROM desk_roles d
                              WHERE d.role = current_user AND d.community IS NULL))
            WITH CHECK (community IN (SELECT d.community FROM desk_roles d
                                      WHERE d.role = current_user)
                   OR EXISTS (SELECT 1 FROM desk_roles d
                              WHERE d.role = current_user AND d.community IS NULL))$p$, t);
        -- The desks already granted get the new tables too.
        FOR r IN SELECT role FROM desk_roles WHERE role <> current_user LOOP
            EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO %I', t, r.role);
        END LOOP;
    END LOOP;
END $$;
