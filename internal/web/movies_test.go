package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/sqlite"
)

const adminAuth = "Bearer s3cret-admin-token"

// movieServer answers a server with a real movie store holding infos.
func movieServer(t *testing.T, infos ...movies.Info) (http.Handler, movies.Store) {
	t.Helper()
	cfg := testConfig(t)
	store := sqlite.NewMovieStore(testDB(t))
	if err := store.PutInfos(context.Background(), infos); err != nil {
		t.Fatal(err)
	}
	cfg.Movies = store
	cfg.MoviesPage = true
	return NewServer(cfg), store
}

// apiMovie is a movie as a client reads it: flat, null for the unknown.
type apiMovie struct {
	MovieID         string  `json:"movie_id"`
	Name            *string `json:"name"`
	CountryOfOrigin *string `json:"country_of_origin"`
	ReleaseDate     *string `json:"release_date"`
	RottenTomatoes  *int    `json:"rotten_tomatoes_rating"`
	IMDB            *int    `json:"imdb_rating"`
}

func TestMovieGetAndPatch(t *testing.T) {
	h, _ := movieServer(t, movies.Info{MovieID: "tt0111161", Name: "The Shawshank Redemption", CountryOfOrigin: "United States", ReleaseDate: "1994-09-23"})

	rec := do(t, h, "GET", "/api/movies/tt0111161", "")
	want := `{"movie_id":"tt0111161","name":"The Shawshank Redemption","country_of_origin":"United States","release_date":"1994-09-23","rotten_tomatoes_rating":null,"imdb_rating":null}` + "\n"
	if rec.Code != 200 || rec.Body.String() != want {
		t.Fatalf("GET: %d %s, want %s", rec.Code, rec.Body, want)
	}

	var m apiMovie
	patch := func(id, body string) *httptest.ResponseRecorder {
		return do(t, h, "PATCH", "/api/movies/"+id, body, "Authorization", adminAuth, "Content-Type", "application/json")
	}
	rec = patch("tt0111161", `{"rotten_tomatoes_rating": 98}`)
	decode(t, rec, &m)
	if rec.Code != 200 || m.Name == nil || m.RottenTomatoes == nil || *m.RottenTomatoes != 98 || m.IMDB != nil {
		t.Fatalf("first PATCH: %d %s", rec.Code, rec.Body)
	}
	rec = patch("tt0111161", `{"movie_id": "tt0111161", "imdb_rating": 43}`)
	decode(t, rec, &m)
	if rec.Code != 200 || *m.RottenTomatoes != 98 || *m.IMDB != 43 {
		t.Fatalf("second PATCH must keep the other rating: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, h, "GET", "/api/movies/tt0111161", "")
	decode(t, rec, &m)
	if m.Name == nil || *m.Name != "The Shawshank Redemption" || *m.RottenTomatoes != 98 || *m.IMDB != 43 {
		t.Fatalf("merged GET: %s", rec.Body)
	}

	// A rating may come before the info: the movie then exists, its info null.
	rec = patch("tt9999999", `{"imdb_rating": 0}`)
	decode(t, rec, &m)
	if rec.Code != 200 || m.Name != nil || m.IMDB == nil || *m.IMDB != 0 {
		t.Fatalf("PATCH of a movie without info: %d %s", rec.Code, rec.Body)
	}
	want = `{"movie_id":"tt9999999","name":null,"country_of_origin":null,"release_date":null,"rotten_tomatoes_rating":null,"imdb_rating":0}` + "\n"
	if rec := do(t, h, "GET", "/api/movies/tt9999999", ""); rec.Code != 200 || rec.Body.String() != want {
		t.Fatalf("GET rating-only movie: %d %s", rec.Code, rec.Body)
	}
}

func TestMovieErrors(t *testing.T) {
	h, _ := movieServer(t, movies.Info{MovieID: "m1", Name: "One"})
	auth := []string{"Authorization", adminAuth, "Content-Type", "application/json"}
	cases := []struct {
		name, method, target, body string
		header                     []string
		status                     int
		problem                    string // a field expected in problems
	}{
		{"unknown movie", "GET", "/api/movies/nope", "", nil, 404, ""},
		{"impossible ID", "GET", "/api/movies/a%20b", "", nil, 404, ""},
		{"patch without token", "PATCH", "/api/movies/m1", `{"imdb_rating": 5}`, nil, 401, ""},
		{"patch with a wrong token", "PATCH", "/api/movies/m1", `{"imdb_rating": 5}`, []string{"Authorization", "Bearer nope"}, 401, ""},
		{"score above 100", "PATCH", "/api/movies/m1", `{"rotten_tomatoes_rating": 101}`, auth, 422, "rotten_tomatoes_rating"},
		{"negative score", "PATCH", "/api/movies/m1", `{"imdb_rating": -1}`, auth, 422, "imdb_rating"},
		{"fractional score", "PATCH", "/api/movies/m1", `{"imdb_rating": 7.5}`, auth, 422, "imdb_rating"},
		{"string score", "PATCH", "/api/movies/m1", `{"imdb_rating": "80"}`, auth, 422, "imdb_rating"},
		{"null score", "PATCH", "/api/movies/m1", `{"imdb_rating": null}`, auth, 422, "imdb_rating"},
		{"no score", "PATCH", "/api/movies/m1", `{}`, auth, 422, "ratings"},
		{"other movie_id", "PATCH", "/api/movies/m1", `{"movie_id": "m2", "imdb_rating": 5}`, auth, 400, ""},
		{"unknown field", "PATCH", "/api/movies/m1", `{"imdb": 5}`, auth, 400, ""},
		{"not JSON", "PATCH", "/api/movies/m1", `imdb=5`, auth, 400, ""},
		{"empty body", "PATCH", "/api/movies/m1", ``, auth, 400, ""},
		{"impossible ID in patch", "PATCH", "/api/movies/a%20b", `{"imdb_rating": 5}`, auth, 422, "movie_id"},
		{"limit zero", "GET", "/api/movies?limit=0", "", nil, 400, "limit"},
		{"limit too big", "GET", "/api/movies?limit=101", "", nil, 400, "limit"},
		{"limit not a number", "GET", "/api/movies?limit=ten", "", nil, 400, "limit"},
		{"bad cursor", "GET", "/api/movies?cursor=%25%25", "", nil, 400, "cursor"},
		{"bad page query", "GET", "/movies?cursor=%25%25", "", nil, 400, "cursor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := do(t, h, c.method, c.target, c.body, c.header...)
			var body errorBody
			decode(t, rec, &body)
			if rec.Code != c.status || body.Error == "" {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if c.problem != "" && body.Problems[c.problem] == "" {
				t.Fatalf("no problem on %q: %s", c.problem, rec.Body)
			}
		})
	}
	// The refused patches changed nothing.
	var m apiMovie
	decode(t, do(t, h, "GET", "/api/movies/m1", ""), &m)
	if m.RottenTomatoes != nil || m.IMDB != nil {
		t.Fatalf("a refused patch stored a rating: %+v", m)
	}
}

func TestMovieList(t *testing.T) {
	var infos []movies.Info
	for _, id := range []string{"e", "a", "c", "b", "d"} {
		infos = append(infos, movies.Info{MovieID: id, Name: "Movie " + id})
	}
	h, store := movieServer(t, infos...)
	if _, err := store.UpdateRating(context.Background(), "bb", movies.RatingPatch{IMDB: new(int)}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	target := "/api/movies?limit=2"
	for pages := 0; ; pages++ {
		rec := do(t, h, "GET", target, "")
		var page struct {
			Movies     []apiMovie `json:"movies"`
			NextCursor *string    `json:"next_cursor"`
		}
		decode(t, rec, &page)
		if rec.Code != 200 || len(page.Movies) > 2 || pages > 5 {
			t.Fatalf("page %d: %d %s", pages, rec.Code, rec.Body)
		}
		for _, m := range page.Movies {
			ids = append(ids, m.MovieID)
		}
		if page.NextCursor == nil {
			if !strings.Contains(rec.Body.String(), `"next_cursor":null`) {
				t.Fatalf("last page: %s", rec.Body)
			}
			break
		}
		target = "/api/movies?limit=2&cursor=" + *page.NextCursor
	}
	if strings.Join(ids, ",") != "a,b,bb,c,d,e" {
		t.Fatalf("listed %v", ids)
	}

	var page struct {
		Movies []apiMovie `json:"movies"`
	}
	decode(t, do(t, h, "GET", "/api/movies", ""), &page)
	if len(page.Movies) != 6 || page.Movies[2].IMDB == nil || page.Movies[2].Name != nil || page.Movies[0].Name == nil || *page.Movies[0].Name != "Movie a" {
		t.Fatalf("default page: %+v", page.Movies)
	}
}

func TestMovieListEmpty(t *testing.T) {
	h, _ := movieServer(t)
	rec := do(t, h, "GET", "/api/movies", "")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"movies":[],"next_cursor":null}` {
		t.Fatalf("empty catalog: %d %s", rec.Code, rec.Body)
	}
}

func TestMoviesOff(t *testing.T) {
	h := NewServer(testConfig(t))
	for _, target := range []string{"/api/movies/m1", "/api/movies", "/movies"} {
		if rec := do(t, h, "GET", target, ""); rec.Code != 404 {
			t.Errorf("GET %s without a movie store: %d", target, rec.Code)
		}
	}
	cfg := testConfig(t)
	cfg.Movies = sqlite.NewMovieStore(testDB(t))
	h = NewServer(cfg) // MoviesPage false: the API without the page
	if rec := do(t, h, "GET", "/movies", ""); rec.Code != 404 {
		t.Errorf("GET /movies with the page off: %d", rec.Code)
	}
	if rec := do(t, h, "GET", "/api/movies", ""); rec.Code != 200 {
		t.Errorf("GET /api/movies with the page off: %d", rec.Code)
	}
}

var hrefRE = regexp.MustCompile(`href="(/movies\?[^"]+)" rel="next"`)

func TestMoviesPage(t *testing.T) {
	h, store := movieServer(t,
		movies.Info{MovieID: "m1", Name: "<script>alert(1)</script>", CountryOfOrigin: "France", ReleaseDate: "2001-04-25"},
		movies.Info{MovieID: "m2", Name: "Second"},
		movies.Info{MovieID: "m3", Name: "Third"},
	)
	rt := 87
	if _, err := store.UpdateRating(context.Background(), "m1", movies.RatingPatch{RottenTomatoes: &rt}); err != nil {
		t.Fatal(err)
	}
	rec := do(t, h, "GET", "/movies?limit=2", "")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`<html lang="en">`, `<h1 id="notice-title">Movies</h1>`, `<ul class="movies">`, `<li class="movie">`,
		`<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>`, `<dt>Country of origin</dt><dd>France</dd>`,
		`<time datetime="2001-04-25">`, `<dt>Rotten Tomatoes</dt><dd class="num">87</dd>`, `<dt>IMDb</dt><dd class="num">none</dd>`,
		"<h2>Second</h2>", `href="/"`,
		// Styled like the site: the theme's header and inline style, and the cards' own sheet.
		`<p class="site-name"><a href="/">Alex Rivera</a></p>`, "<style>:root{", `<link rel="stylesheet" href="/movies.css">`,
		// Its views are counted, as the resume page's: with the script, or the image without it.
		`<script src="/counter.js" defer></script>`, `<p class="visits" id="visits" hidden aria-live="polite"></p>`,
		`<noscript><img class="pixel" src="/api/visits/pixel.gif?p=%2fmovies"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(body, "<script") != 1 || strings.Contains(body, "Third") {
		t.Error("page has a script element besides the counter's, or more rows than its limit")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("page without the security headers: CSP %q", csp)
	}
	next := hrefRE.FindStringSubmatch(body)
	if next == nil {
		t.Fatalf("no next link in %s", body)
	}
	rec = do(t, h, "GET", strings.ReplaceAll(next[1], "&amp;", "&"), "")
	body = rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "Third") || strings.Contains(body, "Second") ||
		hrefRE.MatchString(body) || !strings.Contains(body, `href="/movies?limit=2">First page`) {
		t.Fatalf("second page: %d %s", rec.Code, body)
	}
	if rec := do(t, h, "GET", "/movies.css", ""); rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("movies.css: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
