-- Claims are looked up by case, kind and sequence when old ones are pruned (the claims of a
-- case overdue for days would otherwise grow a row every reminder, for ever).
CREATE INDEX alerts_by_case ON alerts (case_number, kind, seq);
