package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// Movies runs the movies.Store suite. newStore answers an empty store that
// the test owns.
func Movies(t *testing.T, newStore func(t *testing.T) movies.Store) {
	ctx := context.Background()
	score := func(v int) *int { return &v }

	t.Run("put and get an info", func(t *testing.T) {
		s := newStore(t)
		info := movies.Info{MovieID: "tt0111161", Name: "Zoë's \"Redemption\", part 1", CountryOfOrigin: "United States", ReleaseDate: "1994-09-23"}
		mustPut(t, s, info, movies.Info{MovieID: "tt0050083", Name: "12 Angry Men"})
		got := mustGet(t, s, "tt0111161")
		if got.MovieID != "tt0111161" || got.Info == nil || *got.Info != info || got.Rating != nil {
			t.Fatalf("Get = %s", show(got))
		}
		got = mustGet(t, s, "tt0050083")
		if got.Info == nil || got.Info.ReleaseDate != "" || got.Info.CountryOfOrigin != "" {
			t.Fatalf("optional fields: Get = %s", show(got))
		}
	})

	t.Run("missing movie is not found", func(t *testing.T) {
		s := newStore(t)
		mustPut(t, s, movies.Info{MovieID: "a", Name: "A"})
		for _, id := range []string{"b", "A", "a ", ""} {
			if _, err := s.Get(ctx, id); !errors.Is(err, problem.ErrNotFound) {
				t.Errorf("Get(%q) err = %v, want ErrNotFound", id, err)
			}
		}
	})

	t.Run("put replaces and is idempotent", func(t *testing.T) {
		s := newStore(t)
		batch := []movies.Info{{MovieID: "m1", Name: "Old", CountryOfOrigin: "France", ReleaseDate: "2001-01-01"}, {MovieID: "m2", Name: "Two"}}
		mustPut(t, s, batch...)
		mustPut(t, s, batch...)
		mustPut(t, s, movies.Info{MovieID: "m1", Name: "New", CountryOfOrigin: "Spain"})
		got := mustGet(t, s, "m1")
		if *got.Info != (movies.Info{MovieID: "m1", Name: "New", CountryOfOrigin: "Spain"}) {
			t.Fatalf("after replace: %s", show(got))
		}
		if all := listAll(t, s, 10); len(all) != 2 {
			t.Fatalf("listed %d movies after putting two IDs three times", len(all))
		}
		// The caller may reuse its slice once PutInfos returns.
		batch[0].Name = "Changed after the call"
		if got := mustGet(t, s, "m1"); got.Info.Name != "New" {
			t.Fatalf("the store kept the caller's slice: %s", show(got))
		}
		if err := s.PutInfos(ctx, nil); err != nil {
			t.Fatalf("empty batch: %v", err)
		}
		// Within one batch the later info of an ID wins.
		mustPut(t, s, movies.Info{MovieID: "m2", Name: "First"}, movies.Info{MovieID: "m0", Name: "Zero"}, movies.Info{MovieID: "m2", Name: "Second"})
		if got := mustGet(t, s, "m2"); got.Info.Name != "Second" {
			t.Fatalf("repeated ID in a batch: %s", show(got))
		}
	})

	t.Run("large batch", func(t *testing.T) {
		s := newStore(t)
		const n = 1234 // not a multiple of any backend's chunk size
		batch := make([]movies.Info, n)
		for i := range batch {
			batch[i] = movies.Info{MovieID: fmt.Sprintf("tt%07d", i), Name: fmt.Sprintf("Movie %d", i), ReleaseDate: "2000-01-01"}
		}
		mustPut(t, s, batch...)
		for _, i := range []int{0, 99, 100, 1233} {
			if got := mustGet(t, s, batch[i].MovieID); got.Info == nil || *got.Info != batch[i] {
				t.Fatalf("Get(%s) = %s", batch[i].MovieID, show(got))
			}
		}
		if all := listAll(t, s, movies.MaxLimit); len(all) != n {
			t.Fatalf("listed %d movies, want %d", len(all), n)
		}
	})

	t.Run("rating patch keeps the other field", func(t *testing.T) {
		s := newStore(t)
		mustPut(t, s, movies.Info{MovieID: "m1", Name: "One"})
		steps := []struct {
			patch    movies.RatingPatch
			rt, imdb *int
		}{
			{movies.RatingPatch{RottenTomatoes: score(90)}, score(90), nil},
			{movies.RatingPatch{IMDB: score(70)}, score(90), score(70)},
			{movies.RatingPatch{RottenTomatoes: score(0)}, score(0), score(70)},
			{movies.RatingPatch{RottenTomatoes: score(100), IMDB: score(43)}, score(100), score(43)},
		}
		for i, st := range steps {
			r, err := s.UpdateRating(ctx, "m1", st.patch)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			want := movies.Rating{MovieID: "m1", RottenTomatoes: st.rt, IMDB: st.imdb}
			if !reflect.DeepEqual(r, want) {
				t.Fatalf("step %d: UpdateRating = %s, want %s", i, show(r), show(want))
			}
			got := mustGet(t, s, "m1")
			if got.Info == nil || got.Info.Name != "One" || !reflect.DeepEqual(got.Rating, &want) {
				t.Fatalf("step %d: Get = %s", i, show(got))
			}
		}
		// A new import of the info leaves the ratings alone.
		mustPut(t, s, movies.Info{MovieID: "m1", Name: "One again"})
		if got := mustGet(t, s, "m1"); got.Rating == nil || *got.Rating.IMDB != 43 || got.Info.Name != "One again" {
			t.Fatalf("after re-import: %s", show(got))
		}
	})

	t.Run("rating without info", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.UpdateRating(ctx, "r1", movies.RatingPatch{IMDB: score(55)}); err != nil {
			t.Fatal(err)
		}
		got := mustGet(t, s, "r1")
		want := movies.Movie{MovieID: "r1", Rating: &movies.Rating{MovieID: "r1", IMDB: score(55)}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %s, want %s", show(got), show(want))
		}
		// The info arriving later merges with it.
		mustPut(t, s, movies.Info{MovieID: "r1", Name: "Late"})
		if got := mustGet(t, s, "r1"); got.Info == nil || got.Rating == nil || *got.Rating.IMDB != 55 {
			t.Fatalf("merged = %s", show(got))
		}
	})

	t.Run("invalid rating patch", func(t *testing.T) {
		s := newStore(t)
		for _, p := range []movies.RatingPatch{{}, {RottenTomatoes: score(101)}, {IMDB: score(-1)}} {
			if _, err := s.UpdateRating(ctx, "m1", p); err == nil {
				t.Errorf("patch %s accepted", show(p))
			} else if _, ok := problem.AsFields(err); !ok {
				t.Errorf("patch %s: err %v is not problem.Fields", show(p), err)
			}
		}
		if _, err := s.UpdateRating(ctx, "a/b", movies.RatingPatch{IMDB: score(5)}); err == nil {
			t.Error("invalid ID accepted")
		}
		if _, err := s.Get(ctx, "m1"); !errors.Is(err, problem.ErrNotFound) {
			t.Errorf("a rejected patch created a movie: %v", err)
		}
	})

	t.Run("list merges and pages in ID order", func(t *testing.T) {
		s := newStore(t)
		// Byte order: upper case before lower case before non-ASCII.
		mustPut(t, s,
			movies.Info{MovieID: "b", Name: "B"},
			movies.Info{MovieID: "d", Name: "D"},
			movies.Info{MovieID: "Z", Name: "Z"},
			movies.Info{MovieID: "é", Name: "E acute"},
		)
		for _, id := range []string{"a", "d", "f", "é"} {
			if _, err := s.UpdateRating(ctx, id, movies.RatingPatch{RottenTomatoes: score(len(id))}); err != nil {
				t.Fatal(err)
			}
		}
		wantIDs := []string{"Z", "a", "b", "d", "f", "é"}
		for _, limit := range []int{1, 2, 3, 5, 6, 7, 100} {
			all := listAll(t, s, limit)
			var ids []string
			for _, m := range all {
				ids = append(ids, m.MovieID)
			}
			if !reflect.DeepEqual(ids, wantIDs) {
				t.Fatalf("limit %d: IDs %q, want %q", limit, ids, wantIDs)
			}
			for _, m := range all {
				if want := mustGet(t, s, m.MovieID); !reflect.DeepEqual(m, want) {
					t.Fatalf("limit %d: listed %s, Get answers %s", limit, show(m), show(want))
				}
			}
		}
		page, err := s.List(ctx, 3, "")
		if err != nil || len(page.Movies) != 3 || page.Next == "" {
			t.Fatalf("first page: %s, %v", show(page), err)
		}
		page, err = s.List(ctx, 3, page.Next)
		if err != nil || len(page.Movies) != 3 || page.Movies[0].MovieID != "d" || page.Next != "" {
			t.Fatalf("last full page: %s, %v (the last page has no next cursor)", show(page), err)
		}
	})

	t.Run("list of an empty store", func(t *testing.T) {
		s := newStore(t)
		page, err := s.List(ctx, 10, "")
		if err != nil || len(page.Movies) != 0 || page.Next != "" {
			t.Fatalf("List = %s, %v", show(page), err)
		}
	})

	t.Run("list rejects a bad cursor", func(t *testing.T) {
		s := newStore(t)
		for _, c := range []string{"%%%", movies.EncodeCursor("has space")} {
			_, err := s.List(ctx, 10, c)
			if f, ok := problem.AsFields(err); !ok || f["cursor"] == "" {
				t.Errorf("cursor %q: err = %v, want a cursor problem", c, err)
			}
		}
	})

	t.Run("import twice gives the same contents", func(t *testing.T) {
		s := newStore(t)
		csv := "movie_id,name,country_of_origin,release_date\r\n" +
			"tt1,\"One, the \"\"first\"\"\",France,2001-01-01\r\n" +
			"tt2,Two,,\r\n" +
			"tt3,Bad,France,2021-02-30\r\n" +
			"tt1,Repeated,Spain,2002-02-02\r\n"
		var first []movies.Movie
		for run := range 2 {
			sum, err := movies.Import(ctx, s, strings.NewReader(csv), movies.ImportOptions{BatchSize: 1})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != 4 || sum.Stored != 2 || sum.Rejected != 2 {
				t.Fatalf("run %d: summary %s", run, show(sum))
			}
			all := listAll(t, s, 10)
			if run == 0 {
				first = all
				if len(all) != 2 || all[0].Info.Name != `One, the "first"` {
					t.Fatalf("after import: %s", show(all))
				}
			} else if !reflect.DeepEqual(all, first) {
				t.Fatalf("second import changed the store:\n%s\nthen\n%s", show(first), show(all))
			}
		}
	})
}

func mustPut(t *testing.T, s movies.Store, infos ...movies.Info) {
	t.Helper()
	if err := s.PutInfos(context.Background(), infos); err != nil {
		t.Fatalf("PutInfos: %v", err)
	}
}

func mustGet(t *testing.T, s movies.Store, id string) movies.Movie {
	t.Helper()
	m, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%q): %v", id, err)
	}
	return m
}

// listAll follows the cursors from the first page to the last.
func listAll(t *testing.T, s movies.Store, limit int) []movies.Movie {
	t.Helper()
	var all []movies.Movie
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := s.List(context.Background(), limit, cursor)
		if err != nil {
			t.Fatalf("List(%d, %q): %v", limit, cursor, err)
		}
		if len(page.Movies) > limit {
			t.Fatalf("List(%d) answered %d movies", limit, len(page.Movies))
		}
		if page.Next != "" && len(page.Movies) != limit {
			t.Fatalf("a page of %d movies (limit %d) has a next cursor", len(page.Movies), limit)
		}
		all = append(all, page.Movies...)
		if page.Next == "" {
			return all
		}
		if pages > 100_000 {
			t.Fatal("List does not end")
		}
		cursor = page.Next
	}
}

// show formats v with its pointers followed, for failure messages.
func show(v any) string {
	return fmt.Sprintf("%+v", deref(reflect.ValueOf(v)))
}

func deref(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return deref(v.Elem())
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = deref(v.Index(i))
		}
		return out
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("{")
		for i := range v.NumField() {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s:%v", v.Type().Field(i).Name, deref(v.Field(i)))
		}
		b.WriteString("}")
		return b.String()
	}
	if v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return nil
}
