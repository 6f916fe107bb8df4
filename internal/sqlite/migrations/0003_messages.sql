-- Messages left through the contact form. Each row holds its own outbox
-- state (state .. sent_at), so saving a message and queuing its
-- notification is one write. Times are Unix milliseconds, UTC; NULL is none.
CREATE TABLE messages (
	id           TEXT NOT NULL PRIMARY KEY,
	name         TEXT NOT NULL,
	email        TEXT NOT NULL,
	body         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	read         INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
	state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	next_attempt INTEGER,
	sent_at      INTEGER
);

-- The inbox, newest first, and its unread part.
CREATE INDEX messages_by_time ON messages (created_at DESC, id DESC);
CREATE INDEX messages_unread ON messages (created_at DESC, id DESC) WHERE read = 0;

-- The outbox: pending messages by when they are due.
CREATE INDEX messages_due ON messages (next_attempt, id) WHERE state = 'pending';

-- Spam submissions are not kept, only counted.
CREATE TABLE contact_spam (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	count INTEGER NOT NULL DEFAULT 0
);
INSERT INTO contact_spam (id) VALUES (1);
