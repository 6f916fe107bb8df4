package dynamo

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/storetest"
)

func TestMovieStore(t *testing.T) {
	storetest.Movies(t, func(t *testing.T) movies.Store { return NewMovieStore(newDB(t)) })
}

// IDs that are prefixes of others, and IDs with bytes just above the
// separator, still list in byte order and page without loss.
func TestMovieListPrefixIDs(t *testing.T) {
	s := NewMovieStore(newDB(t))
	ctx := context.Background()
	ids := []string{"a", "a!", "a!!", "a#", "aa", "b"}
	for i := len(ids) - 1; i >= 0; i-- {
		if err := s.PutInfos(ctx, []movies.Info{{MovieID: ids[i], Name: "N" + ids[i]}}); err != nil {
			t.Fatal(err)
		}
		imdb := i
		if _, err := s.UpdateRating(ctx, ids[i], movies.RatingPatch{IMDB: &imdb}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	cursor := ""
	for {
		page, err := s.List(ctx, 1, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Movies {
			if m.Info == nil || m.Rating == nil || m.Info.MovieID != m.MovieID {
				t.Fatalf("movie %q is not merged: %+v", m.MovieID, m)
			}
			got = append(got, m.MovieID)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Fatalf("listed %q, want %q", got, ids)
	}
}

// A batch of 60 infos, some IDs repeated (which one BatchWriteItem refuses),
// is stored with the last info of each ID.
func TestPutInfosChunksAndRepeats(t *testing.T) {
	s := NewMovieStore(newDB(t))
	ctx := context.Background()
	var batch []movies.Info
	for i := range 60 {
		batch = append(batch, movies.Info{MovieID: fmt.Sprintf("m%02d", i%50), Name: fmt.Sprint("name ", i)})
	}
	if err := s.PutInfos(ctx, batch); err != nil {
		t.Fatal(err)
	}
	page, err := s.List(ctx, movies.MaxLimit, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Movies) != 50 {
		t.Fatalf("%d movies, want 50", len(page.Movies))
	}
	for i, m := range page.Movies {
		want := fmt.Sprint("name ", i)
		if i < 10 {
			want = fmt.Sprint("name ", i+50)
		}
		if m.Info.Name != want {
			t.Fatalf("%s: name %q, want %q", m.MovieID, m.Info.Name, want)
		}
	}
}
