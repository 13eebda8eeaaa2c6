-- Shift handovers, per community: who handed over to whom and when.
CREATE TABLE handovers (
    id            BIGSERIAL PRIMARY KEY,
    community     TEXT NOT NULL REFERENCES communities (code),
    at            BIGINT NOT NULL,
    from_officer  TEXT NOT NULL,
    to_officer    TEXT NOT NULL CHECK (length(trim(to_officer)) > 0)
);
CREATE INDEX handovers_by_time ON handovers (community, at);
ALTER TABLE handovers ENABLE ROW LEVEL SECURITY;
ALTER TABLE handovers FORCE ROW LEVEL SECURITY;
CREATE POLICY desk ON handovers
    USING (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL))
    WITH CHECK (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL));
-- The desks already granted get the new table too.
DO $$
DECLARE r RECORD;
BEGIN
    FOR r IN SELECT role FROM desk_roles WHERE role <> current_user LOOP
        EXECUTE format('GRANT SELECT, INSERT ON handovers TO %I', r.role);
        EXECUTE format('GRANT USAGE ON SEQUENCE handovers_id_seq TO %I', r.role);
    END LOOP;
END $$;
