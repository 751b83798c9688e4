-- A message too long for the platform goes as several parts: parts_sent counts the leading parts the platform has
-- accepted, so a retry (after a failed part, or after a restart) resumes at the first unsent part instead of
-- sending the first ones again.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS parts_sent INTEGER NOT NULL DEFAULT 0;
