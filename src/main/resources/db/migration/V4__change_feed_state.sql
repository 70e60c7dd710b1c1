-- One row that orders the change feed and remembers what retention has pruned.
-- Every transaction that appends changes locks this row first, so sequence numbers are handed
-- out in commit order and a reader that has seen seq N has seen every change before it.
CREATE TABLE change_feed_state (
    id             INTEGER NOT NULL PRIMARY KEY,
    -- Changes with seq <= pruned_through have been deleted by retention.
    pruned_through BIGINT  NOT NULL
);

INSERT INTO change_feed_state (id, pruned_through) VALUES (1, 0);
