-- The messages the owner has not been told of, newest first: those whose
-- notification was refused for good, and those still pending.
CREATE INDEX messages_failed ON messages (created_at DESC, id DESC) WHERE state = 'failed';
CREATE INDEX messages_pending ON messages (created_at DESC, id DESC) WHERE state = 'pending';
