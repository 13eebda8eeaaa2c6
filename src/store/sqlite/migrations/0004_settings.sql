-- Facts about the file itself rather than the desk's work: that it is a demo database
-- (`dutydesk demo`), and with which seed it was made.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
