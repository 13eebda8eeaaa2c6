-- When the body a case was called up to said it has taken it (the sub-district's `received`).
ALTER TABLE cases ADD COLUMN call_up_received_at INTEGER;
