package movies

import (
	"encoding/json"
	"testing"

	"github.com/cloudresume/cloudresume/internal/problem"
)

func TestParseRatingPatch(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		rt, imdb string
		want     RatingPatch
		problems problem.Fields
	}{
		{rt: "98", imdb: "43", want: RatingPatch{n(98), n(43)}},
		{rt: "0", want: RatingPatch{RottenTomatoes: n(0)}},
		{imdb: "100.0", want: RatingPatch{IMDB: n(100)}},
		{rt: "101", problems: problem.Fields{"rotten_tomatoes_rating": "must be a whole number from 0 to 100"}},
		{rt: "-1", imdb: "50", problems: problem.Fields{"rotten_tomatoes_rating": "must be a whole number from 0 to 100"}},
		{imdb: "7.5", problems: problem.Fields{"imdb_rating": "must be a whole number from 0 to 100"}},
		{imdb: `"80"`, problems: problem.Fields{"imdb_rating": "must be a whole number from 0 to 100"}},
		{imdb: "null", problems: problem.Fields{"imdb_rating": "must be a whole number from 0 to 100"}},
		{rt: "true", imdb: "[1]", problems: problem.Fields{
			"rotten_tomatoes_rating": "must be a whole number from 0 to 100",
			"imdb_rating":            "must be a whole number from 0 to 100"}},
		{problems: problem.Fields{"ratings": "give rotten_tomatoes_rating, imdb_rating or both"}},
	}
	for _, tt := range tests {
		got, err := ParseRatingPatch(json.RawMessage(tt.rt), json.RawMessage(tt.imdb))
		if tt.problems != nil {
			f, ok := problem.AsFields(err)
			if !ok || len(f) != len(tt.problems) {
				t.Errorf("(%s, %s): err = %v, want %v", tt.rt, tt.imdb, err, tt.problems)
				continue
			}
			for k, v := range tt.problems {
				if f[k] != v {
					t.Errorf("(%s, %s): problem %s = %q, want %q", tt.rt, tt.imdb, k, f[k], v)
				}
			}
			continue
		}
		if err != nil || !eqInt(got.RottenTomatoes, tt.want.RottenTomatoes) || !eqInt(got.IMDB, tt.want.IMDB) {
			t.Errorf("(%s, %s) = %v, %v", tt.rt, tt.imdb, got, err)
		}
	}
}

func TestRatingPatchApplyKeepsOtherField(t *testing.T) {
	rt, imdb, newIMDB := 90, 70, 75
	r := RatingPatch{IMDB: &newIMDB}.Apply(Rating{MovieID: "m1", RottenTomatoes: &rt, IMDB: &imdb})
	if *r.RottenTomatoes != 90 || *r.IMDB != 75 || r.MovieID != "m1" {
		t.Fatalf("applied = %+v", r)
	}
	newIMDB = 1 // the result must not alias the patch
	if *r.IMDB != 75 {
		t.Fatal("Apply aliases the patch")
	}
}

func TestMovieJSON(t *testing.T) {
	rt := 98
	b, _ := json.Marshal(Movie{MovieID: "m1", Rating: &Rating{MovieID: "m1", RottenTomatoes: &rt}})
	want := `{"movie_id":"m1","info":null,"ratings":{"movie_id":"m1","rotten_tomatoes_rating":98,"imdb_rating":null}}`
	if string(b) != want {
		t.Fatalf("json = %s\nwant   %s", b, want)
	}
}

func TestCursorAndLimit(t *testing.T) {
	for _, id := range []string{"tt0111161", "é-ü_~.x"} {
		got, err := DecodeCursor(EncodeCursor(id))
		if err != nil || got != id {
			t.Errorf("round trip %q = %q, %v", id, got, err)
		}
	}
	if id, err := DecodeCursor(""); id != "" || err != nil {
		t.Errorf("empty cursor = %q, %v", id, err)
	}
	for _, bad := range []string{"!!!", EncodeCursor("a/b"), EncodeCursor("") + "=", "zz=="} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Errorf("cursor %q accepted", bad)
		} else if f, ok := problem.AsFields(err); !ok || f["cursor"] == "" {
			t.Errorf("cursor %q: err %v is not a cursor problem", bad, err)
		}
	}
	for s, want := range map[string]int{"": DefaultLimit, "1": 1, "100": 100} {
		if n, err := ParseLimit(s); n != want || err != nil {
			t.Errorf("ParseLimit(%q) = %d, %v", s, n, err)
		}
	}
	for _, s := range []string{"0", "101", "-5", "ten", "1.5"} {
		if _, err := ParseLimit(s); err == nil {
			t.Errorf("ParseLimit(%q) accepted", s)
		}
	}
}

func eqInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
