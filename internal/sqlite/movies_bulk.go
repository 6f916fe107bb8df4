package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cloudresume/cloudresume/internal/movies"
)

var _ movies.BulkStore = (*MovieStore)(nil)

// A bulk load appends rows to stagedInfos in input order, sorts them into
// sortedInfos, keeping the first row of each ID, then merges that into
// movie_infos: the main table sees one pass in ID order, however scattered
// the input, and the rows that repeat an ID are found by the sort, on disk.
// Both tables live in the writer connection's temporary database, a file
// without WAL or fsync.
const (
	stagedInfos = "temp.movie_infos_staged"
	sortedInfos = "temp.movie_infos_sorted"
)

// movieBulk is a bulk load holding the writer connection from BeginBulk
// until Commit or Abort: other writes of the database wait meanwhile.
type movieBulk struct {
	conn *sql.Conn
	full *sql.Stmt // insert of rowsPerInsert staged rows
	// ordered tells whether every ID staged so far is greater than the one
	// before, as in exports sorted by ID: the staged rows then need no
	// sort, and no ID repeats.
	ordered bool
	last    string // the last ID staged
	staged  int    // rows staged
}

// BeginBulk starts a bulk load on the writer connection.
func (s *MovieStore) BeginBulk(ctx context.Context) (movies.Bulk, error) {
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin bulk: %w", err)
	}
	b := &movieBulk{conn: conn, ordered: true}
	for _, q := range []string{
		// FILE: the staged rows may be larger than memory.
		`PRAGMA temp_store = FILE`,
		// A helper thread for the sort of Commit; Abort resets it.
		`PRAGMA threads = 2`,
		`DROP TABLE IF EXISTS ` + stagedInfos,
		`DROP TABLE IF EXISTS ` + sortedInfos,
		// seq keeps input order, for the first of the rows with one ID to
		// be kept; line is where each was read, for the report of the others.
		`CREATE TABLE ` + stagedInfos + ` (
			seq               INTEGER PRIMARY KEY,
			line              INTEGER NOT NULL,
			movie_id          TEXT NOT NULL,
			name              TEXT NOT NULL,
			country_of_origin TEXT NOT NULL,
			release_date      TEXT NOT NULL
		)`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return nil, errors.Join(fmt.Errorf("begin bulk: %w", err), b.Abort())
		}
	}
	if b.full, err = conn.PrepareContext(ctx, insertStaged(rowsPerInsert)); err != nil {
		return nil, errors.Join(fmt.Errorf("begin bulk: prepare: %w", err), b.Abort())
	}
	return b, nil
}

// insertStaged answers the statement that stages n rows.
func insertStaged(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + stagedInfos + ` (line, movie_id, name, country_of_origin, release_date) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?)")
	}
	return b.String()
}

// Put stages rows in one transaction of the temporary database.
func (b *movieBulk) Put(ctx context.Context, rows []movies.Row) error {
	if b.conn == nil {
		return errors.New("stage movies: bulk load ended")
	}
	if len(rows) == 0 {
		return nil
	}
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("stage movies: begin: %w", err)
	}
	full := tx.StmtContext(ctx, b.full)
	args := make([]any, 0, 5*rowsPerInsert)
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.Line, r.Info.MovieID, r.Info.Name, r.Info.CountryOfOrigin, r.Info.ReleaseDate)
		}
		if len(chunk) == rowsPerInsert {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertStaged(len(chunk)), args...)
		}
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("stage movies from line %d: %w", chunk[0].Line, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("stage movies: commit: %w", err)
	}
	b.staged += len(rows)
	for _, r := range rows {
		if b.ordered = b.ordered && r.Info.MovieID > b.last; !b.ordered {
			break
		}
		b.last = r.Info.MovieID
	}
	return nil
}

// Commit sorts the staged rows, outside any lock of the main database,
// keeping the first of each ID, and merges them into movie_infos in one
// transaction; then it ends the load. It returns the rows it did not keep.
func (b *movieBulk) Commit(ctx context.Context, limit int) (movies.Repeats, error) {
	if b.conn == nil {
		return movies.Repeats{}, errors.New("commit movies: bulk load ended")
	}
	var reps movies.Repeats
	source := `SELECT movie_id, name, country_of_origin, release_date FROM ` + stagedInfos + ` WHERE true ORDER BY seq`
	if !b.ordered {
		source = `SELECT movie_id, name, country_of_origin, release_date FROM ` + sortedInfos + ` WHERE true ORDER BY movie_id`
		var err error
		if reps, err = b.sort(ctx, limit); err != nil {
			return movies.Repeats{}, err
		}
	}
	// IMMEDIATE takes the write lock at once, waiting busy_timeout for
	// another process rather than failing later in the transaction.
	if _, err := b.conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return movies.Repeats{}, fmt.Errorf("commit movies: begin: %w", err)
	}
	_, err := b.conn.ExecContext(ctx, `INSERT INTO main.movie_infos (movie_id, name, country_of_origin, release_date) `+
		source+onConflictUpdate)
	if err == nil {
		_, err = b.conn.ExecContext(ctx, `COMMIT`)
	}
	if err != nil {
		// Without a transaction left (SQLite may have rolled it back
		// itself), ROLLBACK fails harmlessly.
		b.conn.ExecContext(context.Background(), `ROLLBACK`)
		return movies.Repeats{}, fmt.Errorf("commit movies: %w", err)
	}
	// The rows are stored whatever the cleanup says; the next BeginBulk
	// drops any staging table left.
	b.Abort()
	return reps, nil
}

// sort copies the staged rows into sortedInfos in ID order, the first of
// each ID only, and returns the others: their count is what the sort left
// out, and they are the staged rows whose seq is not the one kept.
func (b *movieBulk) sort(ctx context.Context, limit int) (movies.Repeats, error) {
	for _, q := range []string{
		`CREATE TABLE ` + sortedInfos + ` (
			movie_id          TEXT PRIMARY KEY,
			seq               INTEGER NOT NULL,
			name              TEXT NOT NULL,
			country_of_origin TEXT NOT NULL,
			release_date      TEXT NOT NULL
		) WITHOUT ROWID`,
		// OR IGNORE keeps the first row of an ID: they come in seq order.
		`INSERT OR IGNORE INTO ` + sortedInfos + ` SELECT movie_id, seq, name, country_of_origin, release_date
			FROM ` + stagedInfos + ` ORDER BY movie_id, seq`,
	} {
		if _, err := b.conn.ExecContext(ctx, q); err != nil {
			return movies.Repeats{}, fmt.Errorf("commit movies: sort: %w", err)
		}
	}
	var kept int
	if err := b.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+sortedInfos).Scan(&kept); err != nil {
		return movies.Repeats{}, fmt.Errorf("commit movies: sort: %w", err)
	}
	reps := movies.Repeats{Count: b.staged - kept}
	if reps.Count > 0 && limit > 0 {
		var err error
		if reps.First, err = b.firstRepeats(ctx, limit); err != nil {
			return movies.Repeats{}, err
		}
	}
	if _, err := b.conn.ExecContext(ctx, `DROP TABLE `+stagedInfos); err != nil {
		return movies.Repeats{}, fmt.Errorf("commit movies: sort: %w", err)
	}
	return reps, nil
}

// Abort drops the staged infos and gives the connection back.
func (b *movieBulk) Abort() error {
	if b.conn == nil {
		return nil
	}
	if b.full != nil {
		b.full.Close()
	}
	// The drops must run even when the load ends because ctx did.
	_, err1 := b.conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS `+stagedInfos)
	_, err2 := b.conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS `+sortedInfos)
	_, err3 := b.conn.ExecContext(context.Background(), `PRAGMA threads = 0`)
	err := errors.Join(err1, err2, err3, b.conn.Close())
	b.conn = nil
	if err != nil {
		return fmt.Errorf("end bulk: %w", err)
	}
	return nil
}

// firstRepeats returns the first limit staged rows, in input order, that
// the sort left out.
func (b *movieBulk) firstRepeats(ctx context.Context, limit int) ([]movies.Repeat, error) {
	rows, err := b.conn.QueryContext(ctx, `SELECT s.line, s.movie_id FROM `+stagedInfos+` AS s
		JOIN `+sortedInfos+` AS k ON k.movie_id = s.movie_id WHERE k.seq != s.seq ORDER BY s.seq LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("commit movies: repeated IDs: %w", err)
	}
	defer rows.Close()
	var out []movies.Repeat
	for rows.Next() {
		var r movies.Repeat
		if err := rows.Scan(&r.Line, &r.MovieID); err != nil {
			return nil, fmt.Errorf("commit movies: repeated IDs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("commit movies: repeated IDs: %w", err)
	}
	return out, nil
}
