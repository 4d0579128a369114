-- A desk of a center server keeps working when the server cannot be
-- reached: its check-ins go into a local copy of the records (a SQLite
-- file of this same schema) and, in order, into desk_queue. When the
-- server answers again, each group (what one local transaction wrote) is
-- sent in one server transaction, and desk_deliveries on the server
-- remembers it, so a group sent twice (a desk killed between the server's
-- commit and its own note) is recorded once.
CREATE TABLE desk_queue (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    grp       TEXT NOT NULL,           -- the local transaction's id
    kind      TEXT NOT NULL,           -- checkin, undo, participant, status, visit, visit_undo, audit
    ref       INTEGER NOT NULL,        -- the local row (check-in, participant, visit or audit id)
    made_at   TEXT NOT NULL,
    sent_at   TEXT,                    -- NULL while waiting
    server_id INTEGER,                 -- the row it became on the server (check-ins, participants, visits)
    note      TEXT NOT NULL DEFAULT '' -- a conflict resolved by the rules, for staff to look at
);
CREATE INDEX desk_queue_waiting ON desk_queue(grp, seq) WHERE sent_at IS NULL;
CREATE INDEX desk_queue_ref ON desk_queue(kind, ref);

CREATE TABLE desk_deliveries (
    grp          TEXT PRIMARY KEY,
    desk         TEXT NOT NULL,
    made_at      TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    ids          TEXT NOT NULL DEFAULT '' -- "kind:local=server …": what the group's rows became
);
