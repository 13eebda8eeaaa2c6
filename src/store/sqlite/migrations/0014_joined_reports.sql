-- Several reports of one matter: a report joined into the case of the same matter keeps its
-- row (state 'joined'); the case counts its reports.
ALTER TABLE cases ADD COLUMN joined_into TEXT;
ALTER TABLE cases ADD COLUMN joined_at INTEGER;
ALTER TABLE cases ADD COLUMN joined_from TEXT;
ALTER TABLE cases ADD COLUMN report_count INTEGER NOT NULL DEFAULT 1 CHECK (report_count >= 1);
CREATE INDEX cases_by_joined_into ON cases (joined_into) WHERE joined_into IS NOT NULL;
