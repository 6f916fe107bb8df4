// Package movies is the movies catalog: movie infos ingested in batches from
// CSV files, ratings updated one movie at a time, and reads that merge both.
package movies

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/safetext"
)

// MaxFieldBytes bounds every text field of an Info, so that one row can never
// make a store item or a page unreasonably large.
const MaxFieldBytes = 1000

// DateLayout is the only accepted form of a release date.
const DateLayout = "2006-01-02"

// Info is what the CSV files say about a movie.
type Info struct {
	MovieID         string `json:"movie_id"`
	Name            string `json:"name"`
	CountryOfOrigin string `json:"country_of_origin"`
	ReleaseDate     string `json:"release_date"` // YYYY-MM-DD, or empty when unknown
}

// Rating holds the scores of a movie, each from 0 to 100; nil is unknown.
type Rating struct {
	MovieID        string `json:"movie_id"`
	RottenTomatoes *int   `json:"rotten_tomatoes_rating"`
	IMDB           *int   `json:"imdb_rating"`
}

// Movie is the merged view of a movie: either half may be missing, never both.
type Movie struct {
	MovieID string  `json:"movie_id"`
	Info    *Info   `json:"info"`
	Rating  *Rating `json:"ratings"`
}

// Validate explains what is wrong with info, or returns "" when it can be stored.
// The reasons are phrased for an import report.
func (info Info) Validate() string {
	fields := [...]struct{ name, value string }{
		{"movie_id", info.MovieID},
		{"name", info.Name},
		{"country_of_origin", info.CountryOfOrigin},
		{"release_date", info.ReleaseDate},
	}
	for _, f := range fields {
		if len(f.value) > MaxFieldBytes {
			return fmt.Sprintf("%s is longer than %d bytes", f.name, MaxFieldBytes)
		}
		if !utf8.ValidString(f.value) {
			return f.name + " is not valid UTF-8"
		}
		if strings.IndexByte(f.value, 0) >= 0 {
			return f.name + " contains a NUL byte"
		}
		if safetext.Has(f.value, false) {
			return f.name + " contains a control character or a bidirectional override"
		}
	}
	if why := ValidateID(info.MovieID); why != "" {
		return why
	}
	if strings.TrimSpace(info.Name) == "" {
		return "name is empty"
	}
	if info.ReleaseDate != "" && !validDate(info.ReleaseDate) {
		return fmt.Sprintf("release_date %q is not a real date in the form YYYY-MM-DD", info.ReleaseDate)
	}
	return ""
}

// ValidateID explains what is wrong with a movie ID, or returns "".
// An ID is one URL path segment (/api/movies/{id}), so it may not hold a
// slash, spaces or control characters.
func ValidateID(id string) string {
	switch {
	case id == "":
		return "movie_id is empty"
	case len(id) > MaxFieldBytes:
		return fmt.Sprintf("movie_id is longer than %d bytes", MaxFieldBytes)
	case !utf8.ValidString(id):
		return "movie_id is not valid UTF-8"
	}
	for _, r := range id {
		if r == '/' || unicode.IsSpace(r) || safetext.Unsafe(r) {
			return fmt.Sprintf("movie_id %q contains a slash, a space, a control character or a bidirectional override", id)
		}
	}
	return ""
}

func validDate(s string) bool {
	if len(s) != len(DateLayout) {
		return false
	}
	// time.Parse rejects days that do not exist (2021-02-30) and needs both digits of month and day.
	_, err := time.Parse(DateLayout, s)
	return err == nil
}
