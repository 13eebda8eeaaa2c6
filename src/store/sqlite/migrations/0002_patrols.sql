-- The twice-daily patrols of each grid (一日双巡): one row a grid, local day and slot.
CREATE TABLE patrols (
    id          INTEGER PRIMARY KEY,
    grid        INTEGER NOT NULL,
    day         TEXT NOT NULL,
    slot        TEXT NOT NULL CHECK (slot IN ('morning', 'afternoon')),
    at          INTEGER NOT NULL,
    findings    INTEGER NOT NULL DEFAULT 0 CHECK (findings >= 0),
    actor       TEXT NOT NULL,
    UNIQUE (grid, day, slot)
);
