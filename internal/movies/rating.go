package movies

import (
	"bytes"
	"encoding/json"
	"math"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// Score bounds: both ratings are percentages.
const (
	MinScore = 0
	MaxScore = 100
)

// RatingPatch lists the ratings to change; a nil field keeps its stored value.
type RatingPatch struct {
	RottenTomatoes *int
	IMDB           *int
}

// Validate returns problem.Fields when a score is out of range or nothing is given.
func (p RatingPatch) Validate() error {
	f := problem.Fields{}
	checkScore(f, "rotten_tomatoes_rating", p.RottenTomatoes)
	checkScore(f, "imdb_rating", p.IMDB)
	if p.RottenTomatoes == nil && p.IMDB == nil {
		f.Add("ratings", "give rotten_tomatoes_rating, imdb_rating or both")
	}
	return f.Err()
}

// Apply returns r with the fields of p that are set. Stores without an
// atomic partial update can use it; it does not validate.
func (p RatingPatch) Apply(r Rating) Rating {
	if p.RottenTomatoes != nil {
		v := *p.RottenTomatoes
		r.RottenTomatoes = &v
	}
	if p.IMDB != nil {
		v := *p.IMDB
		r.IMDB = &v
	}
	return r
}

func checkScore(f problem.Fields, field string, v *int) {
	if v != nil && (*v < MinScore || *v > MaxScore) {
		f.Add(field, "must be a whole number from 0 to 100")
	}
}

// ParseRatingPatch builds a validated patch from the raw JSON values of the
// two rating fields of a request body; an absent field is an empty RawMessage.
// Anything but a whole number from 0 to 100 (a string, null, 7.5) is a problem,
// so that a client learns its mistake instead of having a value ignored.
func ParseRatingPatch(rottenTomatoes, imdb json.RawMessage) (RatingPatch, error) {
	f := problem.Fields{}
	p := RatingPatch{
		RottenTomatoes: parseScore(f, "rotten_tomatoes_rating", rottenTomatoes),
		IMDB:           parseScore(f, "imdb_rating", imdb),
	}
	if err := f.Err(); err != nil {
		return RatingPatch{}, err
	}
	return p, p.Validate()
}

func parseScore(f problem.Fields, field string, raw json.RawMessage) *int {
	if len(raw) == 0 {
		return nil
	}
	var n float64
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &n) != nil ||
		n != math.Trunc(n) || n < MinScore || n > MaxScore {
		f.Add(field, "must be a whole number from 0 to 100")
		return nil
	}
	v := int(n)
	return &v
}
