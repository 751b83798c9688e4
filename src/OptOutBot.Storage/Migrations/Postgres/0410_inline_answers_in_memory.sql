-- Inline answers are now kept by the process that answered, not in update_log (their text names the chat, e.g.
-- Telegram's chat_id, and /forget must leave no id in any table). Rows written before keep no text either: a
-- redelivery of one of them runs its turn again, as it does after a restart.
UPDATE update_log SET answer = NULL WHERE state = 1;
