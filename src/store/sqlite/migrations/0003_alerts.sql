-- Every alert a desk claimed, by its key (case:kind:sequence). The key is claimed before the
-- alert is sent, so two desks on one database, or a restart, never send the same one twice.
CREATE TABLE alerts (
    key         TEXT PRIMARY KEY,
    case_number TEXT NOT NULL REFERENCES cases (number),
    kind        TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    due_at      INTEGER NOT NULL,
    claimed_at  INTEGER NOT NULL,
    claimed_by  TEXT NOT NULL
);
