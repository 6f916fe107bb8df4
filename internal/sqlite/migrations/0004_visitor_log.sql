-- First-visit markers not yet merged into visitor_days. A marker lands
-- here first, appended in commit order, so a new visitor costs a commit a
-- few bytes at the end of this table rather than a page of visitor_days
-- at a random place; the store merges the table into visitor_days, sorted,
-- once it holds enough, and keeps what it holds in memory meanwhile.
CREATE TABLE visitor_log (
	day        TEXT NOT NULL,
	visitor_id TEXT NOT NULL
);
