-- Opt-in (Conversation:LogUnansweredQuestions): redacted text, no user or conversation id.
CREATE TABLE unanswered_question (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT    NOT NULL,
    locale  TEXT    NOT NULL,
    text    TEXT    NOT NULL,
    at      INTEGER NOT NULL
);
