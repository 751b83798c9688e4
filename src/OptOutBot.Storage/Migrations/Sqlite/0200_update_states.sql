-- Each accepted update's state: 0 received (turn running), 1 answered inline (answered again on a redelivery),
-- 2 queued (to send through the platform API, claimed with a lease), 3 delivered. Older rows count as delivered.
ALTER TABLE update_log ADD COLUMN state INTEGER NOT NULL DEFAULT 3;
ALTER TABLE update_log ADD COLUMN redelivered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE update_log ADD COLUMN answer TEXT;
ALTER TABLE update_log ADD COLUMN lease_owner TEXT;
ALTER TABLE update_log ADD COLUMN lease_until INTEGER;
CREATE INDEX ix_update_log_queued ON update_log (channel, lease_until) WHERE state = 2;
