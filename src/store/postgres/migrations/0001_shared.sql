-- A sub-district's shared desk: many communities' cases in one database, each community's
-- desks seeing only their own (row-level security keyed on the database role), the
-- sub-district's seeing all. Instants are BIGINT UTC epoch milliseconds, as in SQLite.

CREATE TABLE communities (
    code    TEXT PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- Which database role is which desk: a community's (community set) or the sub-district's
-- (community NULL). The role that made the schema is the sub-district's.
CREATE TABLE desk_roles (
    role      TEXT PRIMARY KEY,
    community TEXT REFERENCES communities (code)
);
INSERT INTO desk_roles (role, community) VALUES (current_user, NULL);

CREATE TABLE responders (
    id        BIGSERIAL PRIMARY KEY,
    community TEXT NOT NULL REFERENCES communities (code),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role      TEXT NOT NULL,
    grid      BIGINT,
    phone     TEXT,
    on_duty   BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (community, name)
);

-- Case numbers per community and day, gapless however many desks report at once: the row
-- is locked by the increment until its transaction ends (a rollback undoes it).
CREATE TABLE case_counters (
    community TEXT NOT NULL REFERENCES communities (code),
    day       TEXT NOT NULL,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (community, day)
);

CREATE TABLE cases (
    id                  BIGSERIAL PRIMARY KEY,
    community           TEXT NOT NULL REFERENCES communities (code),
    number              TEXT NOT NULL,
    day                 TEXT NOT NULL,
    seq                 BIGINT NOT NULL,
    grid                BIGINT NOT NULL,
    category            TEXT NOT NULL,
    channel             TEXT NOT NULL,
    place               TEXT NOT NULL,
    summary             TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    reporter            TEXT,
    phone               TEXT,
    tier                TEXT NOT NULL,
    state               TEXT NOT NULL,
    reported_at         BIGINT NOT NULL,
    dispatched_at       BIGINT,
    responder           TEXT,
    arrived_at          BIGINT,
    arrival_how         TEXT,
    arrival_secs        BIGINT,
    arrival_target_secs BIGINT,
    arrival_met         BOOLEAN,
    called_up_to        TEXT,
    called_up_at        BIGINT,
    call_up_received_at BIGINT,
    resolved_at         BIGINT,
    resolution_note     TEXT,
    reporter_told       BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled_at        BIGINT,
    cancel_reason       TEXT,
    updated_at          BIGINT NOT NULL,
    UNIQUE (community, number),
    UNIQUE (community, day, seq),
    FOREIGN KEY (community, responder) REFERENCES responders (community, name)
);

CREATE INDEX cases_by_state ON cases (community, state, reported_at);
CREATE INDEX cases_by_grid ON cases (community, grid, reported_at);
CREATE INDEX cases_by_reported_at ON cases (community, reported_at);
-- The sub-district's board: every open case across communities, and every call-up.
CREATE INDEX open_cases ON cases (reported_at)
    WHERE state IN ('reported', 'dispatched', 'on_scene');
CREATE INDEX open_call_ups ON cases (called_up_at)
    WHERE called_up_to IS NOT NULL AND state IN ('reported', 'dispatched', 'on_scene');

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    community   TEXT NOT NULL REFERENCES communities (code),
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    at          BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    details     JSONB NOT NULL
);

CREATE INDEX events_by_case ON events (case_id, id);
CREATE INDEX events_by_community ON events (community, recorded_at);

-- The event log is the audit trail: nothing may rewrite or remove it.
CREATE FUNCTION dutydesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION dutydesk_append_only();

CREATE TABLE patrols (
    id        BIGSERIAL PRIMARY KEY,
    community TEXT NOT NULL REFERENCES communities (code),
    grid      BIGINT NOT NULL,
    day       TEXT NOT NULL,
    slot      TEXT NOT NULL CHECK (slot IN ('morning', 'afternoon')),
    at        BIGINT NOT NULL,
    findings  BIGINT NOT NULL DEFAULT 0 CHECK (findings >= 0),
    actor     TEXT NOT NULL,
    UNIQUE (community, grid, day, slot)
);

-- Alert claims, once per audience (a community's desks, or the sub-district's) and key.
CREATE TABLE alerts (
    audience    TEXT NOT NULL,
    key         TEXT NOT NULL,
    community   TEXT NOT NULL REFERENCES communities (code),
    case_number TEXT NOT NULL,
    kind        TEXT NOT NULL,
    seq         BIGINT NOT NULL CHECK (seq >= 0),
    due_at      BIGINT NOT NULL,
    claimed_at  BIGINT NOT NULL,
    claimed_by  TEXT NOT NULL,
    PRIMARY KEY (audience, key)
);
CREATE INDEX alerts_by_case ON alerts (community, case_number, kind, seq);

CREATE TABLE settings (
    community TEXT NOT NULL REFERENCES communities (code),
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (community, key)
);

-- Who may see a community's rows: its own desks, and the sub-district's. The two subqueries
-- do not depend on the row, so PostgreSQL runs each once per query, not once per row.
CREATE FUNCTION dutydesk_policies() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['responders', 'case_counters', 'cases', 'events', 'patrols',
                             'alerts', 'settings'] LOOP
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
    END LOOP;
END $$;
SELECT dutydesk_policies();
DROP FUNCTION dutydesk_policies();

-- Every change to a case, a patrol or the roster is told to the desks listening: a
-- community's on its own channel, the sub-district's on the shared one.
CREATE FUNCTION dutydesk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE what TEXT;
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        what := NEW.number;
    ELSE
        what := TG_TABLE_NAME;
    END IF;
    PERFORM pg_notify('dutydesk_' || NEW.community, what);
    PERFORM pg_notify('dutydesk', NEW.community || ' ' || what);
    RETURN NULL;
END $$;
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION dutydesk_notify();
CREATE TRIGGER patrols_notify AFTER INSERT OR UPDATE ON patrols
    FOR EACH ROW EXECUTE FUNCTION dutydesk_notify();
CREATE TRIGGER responders_notify AFTER INSERT OR UPDATE ON responders
    FOR EACH ROW EXECUTE FUNCTION dutydesk_notify();
