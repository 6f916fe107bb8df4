package movies

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// FuzzDecode checks the decoder's invariants on any input: it ends without
// panicking, lines only increase, every returned row is valid with a new ID,
// and Import accounts for every row it reads.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		"",
		"m1,Name,France,2001-01-01\n",
		"\ufeffmovie_id,name,country_of_origin,release_date\r\nm1,\"N, \"\"q\"\"\",FR,2001-01-01\r\n",
		"release_date,movie_id,name,country_of_origin\n2001-01-01,m1,N,FR\n",
		"m1,N\"x,F,2001-01-01\nm2,\"open,F,2001-01-01\n",
		"m1,N,F,2021-02-30\nm1,N,F,2001-01-01\n\n \n,N,F,\n",
		"a\"b\n\"c\"d,e\n\"\"\"\n",
		"m\xff,N,F,\nm1,N\x00,F,\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := decodeAll(t, bytes.NewReader(data))
		seen := map[string]bool{}
		for _, info := range got.infos {
			if why := info.Validate(); why != "" {
				t.Fatalf("returned an invalid row %q: %s", info, why)
			}
			if seen[info.MovieID] {
				t.Fatalf("returned ID %q twice", info.MovieID)
			}
			seen[info.MovieID] = true
		}
		// Merge the lines of good and rejected rows: strictly increasing.
		i, j, last := 0, 0, 0
		for i < len(got.lines) || j < len(got.rejected) {
			var line int
			if j >= len(got.rejected) || (i < len(got.lines) && got.lines[i] < got.rejected[j].Line) {
				line, i = got.lines[i], i+1
			} else {
				line, j = got.rejected[j].Line, j+1
			}
			if line <= last {
				t.Fatalf("line %d after line %d", line, last)
			}
			last = line
		}

		rec := &recorder{}
		sum, err := Import(context.Background(), rec, bytes.NewReader(data), ImportOptions{BatchSize: 3})
		if (err == nil) != (got.err == nil) {
			t.Fatalf("Import err %v, decoder err %v", err, got.err)
		}
		if err == nil && sum.Read != sum.Stored+sum.Rejected {
			t.Fatalf("read %d != stored %d + rejected %d", sum.Read, sum.Stored, sum.Rejected)
		}
		if sum.Stored != len(got.infos) || sum.Rejected != len(got.rejected) || len(rec.infos()) != sum.Stored {
			t.Fatalf("summary %+v, decoder %d good %d rejected", sum, len(got.infos), len(got.rejected))
		}
		if err != nil && (errors.Is(err, io.EOF) || errors.As(err, new(*Rejected))) {
			t.Fatalf("Import returned a row error or EOF as an error: %v", err)
		}
	})
}
