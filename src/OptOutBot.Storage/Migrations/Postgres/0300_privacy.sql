-- Privacy (issue 12): instance settings (the id hash key when generated, its check value, the one-time rehash
-- marker); outbox rows know whose private chat they go to (a keyed hash, '' for groups) so /forget deletes them;
-- finished rows purged after Storage:DeliveredRetentionDays leave their counts on the broadcast.
CREATE TABLE IF NOT EXISTS instance_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE outbox ADD COLUMN IF NOT EXISTS user_id TEXT NOT NULL DEFAULT '';
UPDATE outbox o SET user_id = COALESCE(
    (SELECT MAX(s.user_id) FROM subscriptions s WHERE s.channel = o.channel AND s.address = o.address AND s.scope = 0), '')
WHERE o.scope = 0;
CREATE INDEX IF NOT EXISTS ix_outbox_user ON outbox (channel, user_id) WHERE user_id <> '';
CREATE INDEX IF NOT EXISTS ix_outbox_finished ON outbox (updated_at) WHERE state IN (2, 3, 4);

ALTER TABLE broadcasts ADD COLUMN IF NOT EXISTS purged_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN IF NOT EXISTS purged_retried INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN IF NOT EXISTS purged_gone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN IF NOT EXISTS purged_failed INTEGER NOT NULL DEFAULT 0;
