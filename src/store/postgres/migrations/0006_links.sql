-- Links handed to people away from the desk (`dutydesk serve`): a responder's per dispatch, a
-- reporter's per case, per community. Only the SHA-256 of each token is kept.
CREATE TABLE links (
    hash         TEXT PRIMARY KEY,
    community    TEXT NOT NULL REFERENCES communities (code),
    number       TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('responder', 'reporter')),
    person       TEXT,
    made_at      BIGINT NOT NULL,
    departed_at  BIGINT,
    help_at      BIGINT
);
CREATE INDEX links_by_case ON links (community, number);
ALTER TABLE links ENABLE ROW LEVEL SECURITY;
ALTER TABLE links FORCE ROW LEVEL SECURITY;
CREATE POLICY desk ON links
    USING (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL))
    WITH CHECK (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL));
-- The desks already granted get the new table too.
DO $$
DECLARE r RECORD;
BEGIN
    FOR r IN SELECT role FROM desk_roles WHERE role <> current_user LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON links TO %I', r.role);
    END LOOP;
END $$;
