-- What the CSV files say about each movie; replaced whole by each import.
CREATE TABLE movie_infos (
	movie_id          TEXT PRIMARY KEY,
	name              TEXT NOT NULL,
	country_of_origin TEXT NOT NULL,
	release_date      TEXT NOT NULL -- YYYY-MM-DD, or '' when unknown
) WITHOUT ROWID;

-- Scores set one field at a time, independently of the infos; NULL is unknown.
CREATE TABLE movie_ratings (
	movie_id        TEXT PRIMARY KEY,
	rotten_tomatoes INTEGER CHECK (rotten_tomatoes BETWEEN 0 AND 100),
	imdb            INTEGER CHECK (imdb BETWEEN 0 AND 100)
) WITHOUT ROWID;
