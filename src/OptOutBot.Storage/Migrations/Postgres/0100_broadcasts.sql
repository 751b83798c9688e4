-- Broadcasts: subscriptions, broadcasts, the outbox (one row per recipient) and the reminder plan.
CREATE TABLE IF NOT EXISTS subscriptions (
    channel    TEXT        NOT NULL,
    address    TEXT        NOT NULL,
    topic      TEXT        NOT NULL DEFAULT '',   -- '' = every reminder
    scope      INTEGER     NOT NULL,              -- 0 private, 1 group
    locale     TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,              -- '' once the admin who subscribed a group used /forget
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, address, topic)
);
CREATE INDEX IF NOT EXISTS ix_subscriptions_user ON subscriptions (channel, user_id);

CREATE TABLE IF NOT EXISTS broadcasts (
    id         BIGSERIAL   PRIMARY KEY,
    key        TEXT        NOT NULL UNIQUE,
    kind       INTEGER     NOT NULL,
    topic      TEXT,
    content    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    total      INTEGER     NOT NULL DEFAULT 0
);

-- state: 0 pending, 1 in flight, 2 sent, 3 gone, 4 failed.
-- due_at: when a pending row may go; for an in-flight row, when its claim lapses.
CREATE TABLE IF NOT EXISTS outbox (
    id           BIGSERIAL   PRIMARY KEY,
    broadcast_id BIGINT      NOT NULL REFERENCES broadcasts (id),
    channel      TEXT        NOT NULL,
    address      TEXT        NOT NULL,
    scope        INTEGER     NOT NULL,
    locale       TEXT        NOT NULL,
    state        INTEGER     NOT NULL DEFAULT 0,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    retries      INTEGER     NOT NULL DEFAULT 0,
    due_at       TIMESTAMPTZ NOT NULL,
    claimed_by   TEXT,
    last_error   TEXT,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (broadcast_id, channel, address)
);
CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox (channel, due_at) WHERE state IN (0, 1);
CREATE INDEX IF NOT EXISTS ix_outbox_broadcast ON outbox (broadcast_id, state);

CREATE TABLE IF NOT EXISTS reminders (
    key          TEXT        PRIMARY KEY,
    event_id     TEXT        NOT NULL,
    offset_key   TEXT        NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    event_at     TIMESTAMPTZ NOT NULL,
    state        INTEGER     NOT NULL,
    broadcast_id BIGINT,
    updated_at   TIMESTAMPTZ NOT NULL
);
