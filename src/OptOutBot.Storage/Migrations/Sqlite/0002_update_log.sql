-- Redelivered platform updates are answered once: the first instance to insert the id wins.
CREATE TABLE update_log (
    channel   TEXT    NOT NULL,
    update_id TEXT    NOT NULL,
    seen_at   INTEGER NOT NULL,
    PRIMARY KEY (channel, update_id)
) WITHOUT ROWID;
CREATE INDEX ix_update_log_seen ON update_log (seen_at);
