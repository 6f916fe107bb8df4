-- Views and visitors per UTC day, dimension and value. A dimension keeps
-- at most the store's bound of distinct values a day; the rest are counted
-- under the value "(other)". Keyed by day first: the writer loads a day's
-- values, and a report reads a range of days.
CREATE TABLE daily_dims (
	day      TEXT NOT NULL,
	dim      TEXT NOT NULL,
	value    TEXT NOT NULL,
	views    INTEGER NOT NULL DEFAULT 0,
	visitors INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, dim, value)
) WITHOUT ROWID;

-- The same counters summed per month (YYYY-MM), written in the transaction
-- that writes the daily rows, so a report of a year reads twelve months of
-- rows rather than every day.
CREATE TABLE monthly_dims (
	month    TEXT NOT NULL,
	dim      TEXT NOT NULL,
	value    TEXT NOT NULL,
	views    INTEGER NOT NULL DEFAULT 0,
	visitors INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (month, dim, value)
) WITHOUT ROWID;
