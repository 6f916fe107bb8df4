package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cloudresume/cloudresume/internal/movies"
)

var _ movies.BulkStore = (*MovieStore)(nil)

// A bulk load appends infos to stagedInfos in input order, sorts them into
// sortedInfos, then merges that into movie_infos: the main table sees one
// pass in ID order, however scattered the input. Both tables live in the
// writer connection's temporary database, a file without WAL or fsync.
const (
	stagedInfos = "temp.movie_infos_staged"
	sortedInfos = "temp.movie_infos_sorted"
)

// movieBulk is a bulk load holding the writer connection from BeginBulk
// until Commit or Abort: other writes of the database wait meanwhile.
type movieBulk struct {
	conn *sql.Conn
	full *sql.Stmt // insert of rowsPerInsert staged infos
	// ordered tells whether every ID staged so far is greater than the one
	// before, as in exports sorted by ID: the staged rows then need no sort.
	ordered bool
	last    string // the last ID staged
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
		// seq keeps input order, for the later of two infos with one ID to win.
		`CREATE TABLE ` + stagedInfos + ` (
			seq               INTEGER PRIMARY KEY,
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
	if b.full, err = conn.PrepareContext(ctx, insertInfos(stagedInfos, rowsPerInsert)); err != nil {
		return nil, errors.Join(fmt.Errorf("begin bulk: prepare: %w", err), b.Abort())
	}
	return b, nil
}

// Put stages infos in one transaction of the temporary database.
func (b *movieBulk) Put(ctx context.Context, infos []movies.Info) error {
	if b.conn == nil {
		return errors.New("stage movies: bulk load ended")
	}
	if len(infos) == 0 {
		return nil
	}
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("stage movies: begin: %w", err)
	}
	if err := insertChunks(ctx, tx, tx.StmtContext(ctx, b.full), func(n int) string { return insertInfos(stagedInfos, n) }, infos); err != nil {
		tx.Rollback()
		return fmt.Errorf("stage movies: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("stage movies: commit: %w", err)
	}
	for _, in := range infos {
		if b.ordered = b.ordered && in.MovieID > b.last; !b.ordered {
			break
		}
		b.last = in.MovieID
	}
	return nil
}

// Commit sorts the staged infos, outside any lock of the main database, and
// merges them into movie_infos in one transaction; then it ends the load.
func (b *movieBulk) Commit(ctx context.Context) error {
	if b.conn == nil {
		return errors.New("commit movies: bulk load ended")
	}
	source := `SELECT movie_id, name, country_of_origin, release_date FROM ` + stagedInfos + ` WHERE true ORDER BY seq`
	if !b.ordered {
		source = `SELECT movie_id, name, country_of_origin, release_date FROM ` + sortedInfos + ` WHERE true ORDER BY movie_id`
		for _, q := range []string{
			`CREATE TABLE ` + sortedInfos + ` (
				movie_id          TEXT PRIMARY KEY,
				name              TEXT NOT NULL,
				country_of_origin TEXT NOT NULL,
				release_date      TEXT NOT NULL
			) WITHOUT ROWID`,
			`INSERT INTO ` + sortedInfos + ` SELECT movie_id, name, country_of_origin, release_date
				FROM ` + stagedInfos + ` WHERE true ORDER BY movie_id, seq` + onConflictUpdate,
			`DROP TABLE ` + stagedInfos,
		} {
			if _, err := b.conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("commit movies: sort: %w", err)
			}
		}
	}
	// IMMEDIATE takes the write lock at once, waiting busy_timeout for
	// another process rather than failing later in the transaction.
	if _, err := b.conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("commit movies: begin: %w", err)
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
		return fmt.Errorf("commit movies: %w", err)
	}
	// The rows are stored whatever the cleanup says; the next BeginBulk
	// drops any staging table left.
	b.Abort()
	return nil
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
