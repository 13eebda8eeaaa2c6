-- A report imported from a file (`dutydesk import`) keeps a key of its row, so importing the
-- same file again adds nothing twice.
ALTER TABLE cases ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX cases_by_import_key ON cases (import_key) WHERE import_key IS NOT NULL;

-- What the reporter said of how it was dealt with, when told (`tell --satisfied`).
ALTER TABLE cases ADD COLUMN reporter_satisfied INTEGER;
ALTER TABLE cases ADD COLUMN verdict_note TEXT;
