-- Engine ports on PostgreSQL: conversation state, redelivered-update log, unanswered-question log.
CREATE TABLE IF NOT EXISTS conversations (
    channel         TEXT        NOT NULL,
    conversation_id TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    locale          TEXT,
    flow            TEXT,
    last_topic      TEXT,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, conversation_id, user_id)
);
CREATE INDEX IF NOT EXISTS ix_conversations_user ON conversations (channel, user_id);
CREATE INDEX IF NOT EXISTS ix_conversations_updated ON conversations (updated_at);

CREATE TABLE IF NOT EXISTS update_log (
    channel     TEXT        NOT NULL,
    update_id   TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, update_id)
);
CREATE INDEX IF NOT EXISTS ix_update_log_recorded ON update_log (recorded_at);

CREATE TABLE IF NOT EXISTS question_log (
    id            BIGSERIAL   PRIMARY KEY,
    channel       TEXT        NOT NULL,
    locale        TEXT        NOT NULL,
    redacted_text TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL
);
