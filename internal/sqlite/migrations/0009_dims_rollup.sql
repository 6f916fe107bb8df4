-- monthly_dims now sums only the closed days, those up to dims_rolled's
-- day: the writer rolls a day up when hits of two days later come (its
-- salt is gone by then, so it takes no more), and a report adds the daily
-- rows of the later days. A hit then writes its daily rows alone.
CREATE TABLE dims_rolled (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	through TEXT NOT NULL -- YYYY-MM-DD: every day up to it is in monthly_dims
);

-- Until now every day was in the rollup, today's too: it is made again
-- from the daily rows of the closed days.
DELETE FROM monthly_dims;
INSERT INTO monthly_dims (month, dim, value, views, visitors)
	SELECT substr(day, 1, 7), dim, value, SUM(views), SUM(visitors) FROM daily_dims
	WHERE day <= date('now', '-2 days') GROUP BY substr(day, 1, 7), dim, value;
INSERT INTO dims_rolled (id, through) VALUES (1, date('now', '-2 days'));
