-- A person's recent dispatches (the suggestion of whom to send), read from an index.
CREATE INDEX cases_by_responder ON cases (community, responder, reported_at);
