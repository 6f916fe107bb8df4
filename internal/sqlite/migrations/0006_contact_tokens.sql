-- The contact form tokens a stored message used, each good for one: a
-- hash of the token, and when the token expires, after which the row goes.
CREATE TABLE contact_tokens (
	token_key  TEXT PRIMARY KEY,
	expires_at INTEGER NOT NULL -- Unix milliseconds
) WITHOUT ROWID;
CREATE INDEX contact_tokens_by_expiry ON contact_tokens (expires_at);
