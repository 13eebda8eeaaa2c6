-- Shift handovers (`dutydesk handover --to`, `h` on the board): who handed over to whom and
-- when, so a case's timeline shows which shift held it.
CREATE TABLE handovers (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    from_officer  TEXT NOT NULL,
    to_officer    TEXT NOT NULL CHECK (length(trim(to_officer)) > 0)
);
CREATE INDEX handovers_by_time ON handovers (at);
