-- Every query the board, the alerts and the command line make is served from an index.
-- The open cases, in time order (the board, alerts, `list`), whatever share of all cases they are.
DROP INDEX cases_by_state;
CREATE INDEX cases_by_state ON cases (state, reported_at);
-- A grid's cases over a period (`list --grid`, `stats` for a grid).
CREATE INDEX cases_by_grid ON cases (grid, reported_at);
