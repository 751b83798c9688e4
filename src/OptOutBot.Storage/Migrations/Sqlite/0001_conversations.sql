-- Conversation state: deliberately small (no message text). Times are unix milliseconds, UTC.
CREATE TABLE conversation_state (
    channel         TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    locale          TEXT    NULL,
    flow            TEXT    NULL,
    last_topic      TEXT    NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (channel, conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX ix_conversation_state_user ON conversation_state (channel, user_id);
CREATE INDEX ix_conversation_state_updated ON conversation_state (updated_at);
