-- Aggregate turn counters for the operator console (/admin): counts per UTC day, channel, language, outcome and
-- topic. No user or conversation id, no message text. Old days are pruned after Admin:KeepDays.
CREATE TABLE IF NOT EXISTS usage_counter (
    day     DATE   NOT NULL,
    channel TEXT   NOT NULL,
    locale  TEXT   NOT NULL,
    outcome TEXT   NOT NULL,
    topic   TEXT   NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (day, channel, locale, outcome, topic)
);
