-- Site-wide totals: one row, updated in place.
CREATE TABLE visit_totals (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	visitors INTEGER NOT NULL DEFAULT 0,
	views    INTEGER NOT NULL DEFAULT 0,
	bots     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO visit_totals (id) VALUES (1);

-- The random salt of each UTC day; deleted after two days.
CREATE TABLE visit_salts (
	day  TEXT PRIMARY KEY,
	salt BLOB NOT NULL
) WITHOUT ROWID;

-- Which visitor IDs were seen on a day: the first-visit markers. Deleted
-- with the day's salt.
CREATE TABLE visitor_days (
	day        TEXT NOT NULL,
	visitor_id TEXT NOT NULL,
	PRIMARY KEY (day, visitor_id)
) WITHOUT ROWID;

-- Views per path, for statistics.
CREATE TABLE path_views (
	path  TEXT PRIMARY KEY,
	views INTEGER NOT NULL
) WITHOUT ROWID;

-- Totals per day, for statistics.
CREATE TABLE daily_visits (
	day      TEXT PRIMARY KEY,
	visitors INTEGER NOT NULL DEFAULT 0,
	views    INTEGER NOT NULL DEFAULT 0,
	bots     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
