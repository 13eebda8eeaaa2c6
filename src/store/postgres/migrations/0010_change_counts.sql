-- A count of changes per community, moved in the same transaction as every change to what a
-- link's page or a public answer shows (cases, events, links). The web server asks it before
-- using what it keeps: notifications come a moment after a commit, the count is read in the
-- reader's own snapshot, so a page kept is never one from before a commit already made.
CREATE TABLE change_counts (
    community TEXT PRIMARY KEY REFERENCES communities (code),
    n         BIGINT NOT NULL
);
ALTER TABLE change_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY desk ON change_counts
    USING (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL))
    WITH CHECK (community IN (SELECT d.community FROM desk_roles d WHERE d.role = current_user)
           OR EXISTS (SELECT 1 FROM desk_roles d WHERE d.role = current_user AND d.community IS NULL));

CREATE FUNCTION dutydesk_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN c := OLD.community; ELSE c := NEW.community; END IF;
    INSERT INTO change_counts (community, n) VALUES (c, 1)
        ON CONFLICT (community) DO UPDATE SET n = change_counts.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_count AFTER INSERT OR UPDATE OR DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION dutydesk_count();
CREATE TRIGGER events_count AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION dutydesk_count();
CREATE TRIGGER links_count AFTER INSERT OR UPDATE OR DELETE ON links
    FOR EACH ROW EXECUTE FUNCTION dutydesk_count();

-- The desks already granted get the new table too.
DO $$
DECLARE r RECORD;
BEGIN
    FOR r IN SELECT role FROM desk_roles WHERE role <> current_user LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON change_counts TO %I', r.role);
    END LOOP;
END $$;
