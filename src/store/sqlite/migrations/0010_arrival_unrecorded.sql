-- Imported history whose arrival target had passed with no arrival given: "arrival not
-- recorded", counted apart from on time and late, with no live clock and no alerts.
ALTER TABLE cases ADD COLUMN arrival_unrecorded INTEGER NOT NULL DEFAULT 0;
