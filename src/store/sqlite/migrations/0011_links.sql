-- Links handed to people away from the desk (`dutydesk serve`): a responder's per dispatch, a
-- reporter's per case. Only the SHA-256 of each token is kept: a copy of this file opens no
-- case to anyone.
CREATE TABLE links (
    hash         TEXT PRIMARY KEY,
    number       TEXT NOT NULL REFERENCES cases (number),
    role         TEXT NOT NULL CHECK (role IN ('responder', 'reporter')),
    person       TEXT,
    made_at      INTEGER NOT NULL,
    departed_at  INTEGER,
    -- When the responder asked for the sub-district (the desk is alerted; the officer decides).
    help_at      INTEGER
);
CREATE INDEX links_by_case ON links (number);
