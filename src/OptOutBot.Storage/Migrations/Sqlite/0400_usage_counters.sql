-- Aggregate turn counters for the operator console (/admin): counts per UTC day, channel, language, outcome and
-- topic. No user or conversation id, no message text. Old days are pruned after Admin:KeepDays.
-- IF NOT EXISTS: the broadcasts module re-runs every script numbered 0100+ at its own start (SqliteBroadcastDatabase).
CREATE TABLE IF NOT EXISTS usage_counter (
    day     INTEGER NOT NULL, -- days since 0001-01-01 (DateOnly.DayNumber)
    channel TEXT    NOT NULL,
    locale  TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    topic   TEXT    NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (day, channel, locale, outcome, topic)
) WITHOUT ROWID;
