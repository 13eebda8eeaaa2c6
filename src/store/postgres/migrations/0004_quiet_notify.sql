-- PostgreSQL lets any role LISTEN on any channel, so a notification must tell nobody more than
-- "something changed": the payload names the kind of record (cases, patrols, responders),
-- never a community's case number. The desks reload on any notification and read what they
-- may see through row-level security.
CREATE OR REPLACE FUNCTION dutydesk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dutydesk_' || NEW.community, TG_TABLE_NAME);
    PERFORM pg_notify('dutydesk', TG_TABLE_NAME);
    RETURN NULL;
END $$;
