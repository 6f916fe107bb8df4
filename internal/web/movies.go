package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strings"
	"sync"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/resume"
)

// movieList is the answer of GET /api/movies.
type movieList struct {
	Movies     []movieJSON `json:"movies"`
	NextCursor *string     `json:"next_cursor"` // null on the last page
}

// movieJSON is a movie as the API answers it: one flat object, its info
// and its ratings side by side, null for what is unknown.
type movieJSON struct {
	MovieID         string  `json:"movie_id"`
	Name            *string `json:"name"`
	CountryOfOrigin *string `json:"country_of_origin"`
	ReleaseDate     *string `json:"release_date"`
	RottenTomatoes  *int    `json:"rotten_tomatoes_rating"`
	IMDB            *int    `json:"imdb_rating"`
}

func flatMovie(m movies.Movie) movieJSON {
	known := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := movieJSON{MovieID: m.MovieID}
	if i := m.Info; i != nil {
		out.Name, out.CountryOfOrigin, out.ReleaseDate = known(i.Name), known(i.CountryOfOrigin), known(i.ReleaseDate)
	}
	if r := m.Rating; r != nil {
		out.RottenTomatoes, out.IMDB = r.RottenTomatoes, r.IMDB
	}
	return out
}

// ratingRequest is the body of PATCH /api/movies/{id}. The ratings stay raw
// so that a wrong type is a 422 on its field rather than a 400 for the body.
type ratingRequest struct {
	MovieID        *string         `json:"movie_id"`
	RottenTomatoes json.RawMessage `json:"rotten_tomatoes_rating"`
	IMDB           json.RawMessage `json:"imdb_rating"`
}

// handleMovieGet answers the merged movie.
func (s *server) handleMovieGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if movies.ValidateID(id) != "" {
		// No stored movie has such an ID.
		s.fail(w, r, fmt.Errorf("movie %q: %w", id, problem.ErrNotFound))
		return
	}
	m, err := s.cfg.Movies.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, flatMovie(m))
}

// listQuery reads limit and cursor, answering 400 with the problems when
// one is wrong: the query string is malformed, not a submitted entity.
func (s *server) listQuery(w http.ResponseWriter, r *http.Request) (limit int, cursor string, ok bool) {
	q := r.URL.Query()
	bad := problem.Fields{}
	limit, err := movies.ParseLimit(q.Get("limit"))
	if f, isFields := problem.AsFields(err); isFields {
		maps.Copy(bad, f)
	}
	cursor = q.Get("cursor")
	_, err = movies.DecodeCursor(cursor)
	if f, isFields := problem.AsFields(err); isFields {
		maps.Copy(bad, f)
	}
	if len(bad) > 0 {
		s.writeJSON(w, http.StatusBadRequest, errorBody{Error: "invalid query", Problems: bad})
		return 0, "", false
	}
	return limit, cursor, true
}

// handleMovieList answers a page of movies.
func (s *server) handleMovieList(w http.ResponseWriter, r *http.Request) {
	limit, cursor, ok := s.listQuery(w, r)
	if !ok {
		return
	}
	page, err := s.cfg.Movies.List(r.Context(), limit, cursor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := movieList{Movies: make([]movieJSON, len(page.Movies))}
	for i, m := range page.Movies {
		out.Movies[i] = flatMovie(m)
	}
	if page.Next != "" {
		out.NextCursor = &page.Next
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleMoviePatch sets the ratings given in the body and answers the
// merged movie.
func (s *server) handleMoviePatch(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var req ratingRequest
	if err := s.decodeJSON(r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.MovieID != nil && *req.MovieID != id {
		s.fail(w, r, fmt.Errorf("%w: movie_id %q in the body is not the %q of the path", problem.ErrBadRequest, *req.MovieID, id))
		return
	}
	if why := movies.ValidateID(id); why != "" {
		s.fail(w, r, problem.Fields{"movie_id": why})
		return
	}
	patch, err := movies.ParseRatingPatch(req.RottenTomatoes, req.IMDB)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.cfg.Movies.UpdateRating(r.Context(), id, patch); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.cfg.Movies.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, flatMovie(m))
}

var (
	//go:embed templates/movies.html
	moviesHTML string
	//go:embed templates/movies.css
	moviesCSS []byte
)

// moviesPage is parsed on the first page rather than at start, which it
// would slow for every request that is not one.
var moviesPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("movies").Funcs(template.FuncMap{
		"score": func(v *int) string {
			if v == nil {
				return ""
			}
			return fmt.Sprint(*v)
		},
	}).Parse(moviesHTML))
})

// moviesPageData is what templates/movies.html shows.
type moviesPageData struct {
	Movies  []movies.Movie
	Limit   int
	Next    string // cursor of the next page, "" on the last
	IsFirst bool
	Home    string // the resume's address
}

// handleMoviesPage renders one page of the catalog in the site's theme.
func (s *server) handleMoviesPage(w http.ResponseWriter, r *http.Request) {
	limit, cursor, ok := s.listQuery(w, r)
	if !ok {
		return
	}
	page, err := s.cfg.Movies.List(r.Context(), limit, cursor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body bytes.Buffer
	data := moviesPageData{Movies: page.Movies, Limit: limit, Next: page.Next, IsFirst: cursor == "", Home: homeURL(s.cfg.SiteURL)}
	if err := moviesPage().Execute(&body, data); err != nil {
		s.fail(w, r, fmt.Errorf("render movies page: %w", err))
		return
	}
	s.renderNotice(w, http.StatusOK, resume.Notice{
		Title:       "Movies",
		Body:        template.HTML(body.String()), // made by html/template above, escaped
		SiteURL:     s.cfg.SiteURL,
		Index:       true,
		Description: "The movies catalog: names, countries of origin, release dates and ratings.",
		Stylesheets: []string{"/movies.css"},
		CountPath:   "/movies",
	})
}

// homeURL is where a page's link back to the resume leads.
func homeURL(siteURL string) string {
	if u := strings.TrimRight(siteURL, "/"); u != "" {
		return u + "/"
	}
	return "/"
}

// handleMoviesCSS serves the catalog page's style sheet.
func (s *server) handleMoviesCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(moviesCSS)
}
