-- The inbox's totals, kept by triggers in the transaction of each change,
-- so that counting messages never reads them.
CREATE TABLE message_counts (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	messages INTEGER NOT NULL,
	unread   INTEGER NOT NULL
);
INSERT INTO message_counts (id, messages, unread)
	SELECT 1, COUNT(*), COUNT(*) FILTER (WHERE read = 0) FROM messages;

CREATE TRIGGER message_counts_insert AFTER INSERT ON messages BEGIN
	UPDATE message_counts SET messages = messages + 1, unread = unread + (NEW.read = 0) WHERE id = 1;
END;
CREATE TRIGGER message_counts_read AFTER UPDATE OF read ON messages WHEN OLD.read <> NEW.read BEGIN
	UPDATE message_counts SET unread = unread + (NEW.read = 0) - (OLD.read = 0) WHERE id = 1;
END;
CREATE TRIGGER message_counts_delete AFTER DELETE ON messages BEGIN
	UPDATE message_counts SET messages = messages - 1, unread = unread - (OLD.read = 0) WHERE id = 1;
END;
