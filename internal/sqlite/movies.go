package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/problem"
)

var _ movies.Store = (*MovieStore)(nil)

// rowsPerInsert is how many infos share one INSERT statement: one statement
// per row spends most of an import in the driver, not in SQLite.
// 4 parameters each stay far below SQLite's 32766.
const rowsPerInsert = 100

// MovieStore keeps movie infos and ratings in two tables merged on read.
type MovieStore struct {
	db *DB
}

// NewMovieStore answers a MovieStore over db.
func NewMovieStore(db *DB) *MovieStore { return &MovieStore{db: db} }

// onConflictUpdate ends an insert of infos: a row that would not change is
// left alone, so importing a file again writes nothing.
const onConflictUpdate = ` ON CONFLICT (movie_id) DO UPDATE SET
		name = excluded.name, country_of_origin = excluded.country_of_origin, release_date = excluded.release_date
		WHERE name != excluded.name OR country_of_origin != excluded.country_of_origin OR release_date != excluded.release_date`

// upsertInto answers the statement that inserts or replaces n infos in
// table, which has the columns of movie_infos.
func upsertInto(table string, n int) string {
	return insertInfos(table, n) + onConflictUpdate
}

// insertInfos answers the statement that inserts n infos into table.
func insertInfos(table string, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + table + ` (movie_id, name, country_of_origin, release_date) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?)")
	}
	return b.String()
}

// PutInfos upserts infos in one transaction.
func (s *MovieStore) PutInfos(ctx context.Context, infos []movies.Info) (err error) {
	if len(infos) == 0 {
		return nil
	}
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	infos = sortedByID(infos)
	var full *sql.Stmt
	if len(infos) >= rowsPerInsert {
		if full, err = tx.PrepareContext(ctx, upsertInto("movie_infos", rowsPerInsert)); err != nil {
			return fmt.Errorf("prepare upsert: %w", err)
		}
		defer full.Close()
	}
	if err := insertChunks(ctx, tx, full, func(n int) string { return upsertInto("movie_infos", n) }, infos); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit movies: %w", err)
	}
	return nil
}

// insertChunks runs the statement query(n) for n infos, rowsPerInsert at a
// time, with full prepared from query(rowsPerInsert) (unused for fewer).
func insertChunks(ctx context.Context, tx *sql.Tx, full *sql.Stmt, query func(n int) string, infos []movies.Info) error {
	args := make([]any, 0, 4*rowsPerInsert)
	for start := 0; start < len(infos); start += rowsPerInsert {
		chunk := infos[start:min(start+rowsPerInsert, len(infos))]
		args = args[:0]
		for _, in := range chunk {
			args = append(args, in.MovieID, in.Name, in.CountryOfOrigin, in.ReleaseDate)
		}
		var err error
		if len(chunk) == rowsPerInsert {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, query(len(chunk)), args...)
		}
		if err != nil {
			return fmt.Errorf("upsert movies %s..%s: %w", chunk[0].MovieID, chunk[len(chunk)-1].MovieID, err)
		}
	}
	return nil
}

// UpdateRating sets the fields given in patch in one statement, so that two
// concurrent patches of different fields both take effect.
func (s *MovieStore) UpdateRating(ctx context.Context, id string, patch movies.RatingPatch) (movies.Rating, error) {
	if why := movies.ValidateID(id); why != "" {
		return movies.Rating{}, problem.Fields{"movie_id": why}
	}
	if err := patch.Validate(); err != nil {
		return movies.Rating{}, err
	}
	var rt, imdb sql.NullInt64
	err := s.db.write.QueryRowContext(ctx, `INSERT INTO movie_ratings (movie_id, rotten_tomatoes, imdb) VALUES (?, ?, ?)
		ON CONFLICT (movie_id) DO UPDATE SET
			rotten_tomatoes = COALESCE(excluded.rotten_tomatoes, rotten_tomatoes),
			imdb = COALESCE(excluded.imdb, imdb)
		RETURNING rotten_tomatoes, imdb`, id, patch.RottenTomatoes, patch.IMDB).Scan(&rt, &imdb)
	if err != nil {
		return movies.Rating{}, fmt.Errorf("update rating of %q: %w", id, err)
	}
	return movies.Rating{MovieID: id, RottenTomatoes: intOrNil(rt), IMDB: intOrNil(imdb)}, nil
}

// mergedColumns are the columns scanMovie reads, from a query joining
// movie_infos i and movie_ratings r on one movie ID.
const mergedColumns = `i.movie_id, i.name, i.country_of_origin, i.release_date, r.movie_id, r.rotten_tomatoes, r.imdb`

// Get answers the merged movie.
func (s *MovieStore) Get(ctx context.Context, id string) (movies.Movie, error) {
	row := s.db.read.QueryRowContext(ctx, `SELECT `+mergedColumns+`
		FROM (SELECT ? AS movie_id) q
		LEFT JOIN movie_infos i ON i.movie_id = q.movie_id
		LEFT JOIN movie_ratings r ON r.movie_id = q.movie_id`, id)
	m, err := scanMovie(row)
	if err != nil {
		return movies.Movie{}, fmt.Errorf("get movie %q: %w", id, err)
	}
	return movies.Found(id, m)
}

// List answers a page of merged movies in ID order. The IDs come from a
// merge of the two primary keys in order, which SQLite stops after limit+1
// rows; the extra row only tells whether there is a next page.
func (s *MovieStore) List(ctx context.Context, limit int, cursor string) (movies.Page, error) {
	after, err := movies.PageStart(limit, cursor)
	if err != nil {
		return movies.Page{}, err
	}
	rows, err := s.db.read.QueryContext(ctx, `WITH ids AS (
			SELECT movie_id FROM movie_infos WHERE movie_id > ?1
			UNION
			SELECT movie_id FROM movie_ratings WHERE movie_id > ?1
			ORDER BY movie_id LIMIT ?2
		)
		SELECT ids.movie_id, `+mergedColumns+`
		FROM ids
		LEFT JOIN movie_infos i ON i.movie_id = ids.movie_id
		LEFT JOIN movie_ratings r ON r.movie_id = ids.movie_id
		ORDER BY ids.movie_id`, after, limit+1)
	if err != nil {
		return movies.Page{}, fmt.Errorf("list movies: %w", err)
	}
	defer rows.Close()
	page := movies.Page{Movies: make([]movies.Movie, 0, limit)}
	for rows.Next() {
		if len(page.Movies) == limit {
			page.Next = movies.EncodeCursor(page.Movies[limit-1].MovieID)
			break
		}
		var id string
		m, err := scanMovie(rows, &id)
		if err != nil {
			return movies.Page{}, fmt.Errorf("list movies: %w", err)
		}
		m.MovieID = id
		page.Movies = append(page.Movies, m)
	}
	if err := rows.Err(); err != nil {
		return movies.Page{}, fmt.Errorf("list movies: %w", err)
	}
	return page, nil
}

// scanMovie reads mergedColumns, after the destinations in first.
func scanMovie(row interface{ Scan(...any) error }, first ...any) (movies.Movie, error) {
	var (
		infoID, name, country, date sql.NullString
		ratingID                    sql.NullString
		rt, imdb                    sql.NullInt64
	)
	dest := append(first, &infoID, &name, &country, &date, &ratingID, &rt, &imdb)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return movies.Movie{}, nil
		}
		return movies.Movie{}, err
	}
	var m movies.Movie
	if infoID.Valid {
		m.Info = &movies.Info{MovieID: infoID.String, Name: name.String, CountryOfOrigin: country.String, ReleaseDate: date.String}
	}
	if ratingID.Valid {
		m.Rating = &movies.Rating{MovieID: ratingID.String, RottenTomatoes: intOrNil(rt), IMDB: intOrNil(imdb)}
	}
	return m, nil
}

func intOrNil(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// sortedByID answers a copy of infos in ID order, the last of equal IDs
// winning as it would in input order. Inserting in key order visits each
// B-tree page once per batch, where input order in a large table reloads
// and rewrites pages many times per transaction.
func sortedByID(infos []movies.Info) []movies.Info {
	out := slices.Clone(infos)
	slices.SortStableFunc(out, func(a, b movies.Info) int { return strings.Compare(a.MovieID, b.MovieID) })
	return out
}
