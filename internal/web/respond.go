package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

// errorBody is the shape of every JSON error response.
type errorBody struct {
	Error    string            `json:"error"`
	Problems map[string]string `json:"problems,omitempty"`
}

// statusClientGone is logged for a request whose client went away before
// its answer: nginx's "client closed request". Nothing reaches the client.
const statusClientGone = 499

// failure is how an error is answered.
type failure struct {
	status     int
	msg        string            // the error, as the client may read it
	problems   map[string]string // field -> why, for invalid input
	retryAfter time.Duration     // > 0: over a rate limit
}

// tooMany refuses a client over the API's request rate.
type tooMany struct{ wait time.Duration }

func (e *tooMany) Error() string { return "too many requests" }

// classify is the one mapping from errors to answers. Only 4xx answers
// tell the client why; a 5xx is a real fault, logged with its detail,
// and a client that went away is neither.
func (s *server) classify(r *http.Request, err error) failure {
	var (
		tooBig  *http.MaxBytesError
		limited *contact.RateLimitError
		apiRate *tooMany
	)
	if fields, ok := problem.AsFields(err); ok {
		return failure{status: http.StatusUnprocessableEntity, msg: "invalid input", problems: fields}
	}
	switch {
	case errors.As(err, &tooBig):
		return failure{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("body larger than %d bytes", tooBig.Limit)}
	case errors.As(err, &limited):
		return failure{status: http.StatusTooManyRequests, msg: "too many messages; try again later", retryAfter: limited.RetryAfter}
	case errors.As(err, &apiRate):
		return failure{status: http.StatusTooManyRequests, msg: "too many requests", retryAfter: apiRate.wait}
	case errors.Is(err, problem.ErrNotFound):
		return failure{status: http.StatusNotFound, msg: err.Error()}
	case errors.Is(err, problem.ErrBadRequest):
		return failure{status: http.StatusBadRequest, msg: err.Error()}
	case errors.Is(err, problem.ErrUnauthorized):
		return failure{status: http.StatusUnauthorized, msg: "unauthorized"}
	case errors.Is(err, problem.ErrConflict):
		return failure{status: http.StatusConflict, msg: err.Error()}
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		s.log.InfoContext(r.Context(), "client went away", "method", r.Method, "path", r.URL.Path)
		return failure{status: statusClientGone, msg: "client closed request"}
	}
	s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return failure{status: http.StatusInternalServerError, msg: "internal error"}
}

// fail answers err: as JSON to API clients, as a page in the site's style
// to browsers and to form posts.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.classify(r, err)
	if f.retryAfter > 0 {
		setRetryAfter(w, f.retryAfter)
	}
	if f.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cloudresume"`)
	}
	if wantsPage(r) {
		s.failPage(w, r, f)
		return
	}
	s.writeJSON(w, f.status, errorBody{Error: f.msg, Problems: f.problems})
}

// failMsg answers status with msg, as fail does.
func (s *server) failMsg(w http.ResponseWriter, r *http.Request, status int, msg string) {
	f := failure{status: status, msg: msg}
	if wantsPage(r) {
		s.failPage(w, r, f)
		return
	}
	s.writeJSON(w, status, errorBody{Error: msg})
}

// wantsPage reports whether r is answered with a page rather than JSON: a
// form post, or a browser asking for a page outside the API.
func wantsPage(r *http.Request) bool {
	if isFormPost(r) {
		return true
	}
	return !isAPI(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

// writeJSON answers v as JSON with status.
func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encode response", "err", err)
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// decodeJSON reads the body into v. An empty body is allowed when
// allowEmpty; unknown fields and trailing data are not. Its errors map
// to 400 or 413 through fail.
func (s *server) decodeJSON(r *http.Request, v any, allowEmpty bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "text/plain") {
		return fmt.Errorf("%w: content type %q is not application/json", problem.ErrBadRequest, ct)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return err
		case errors.Is(err, io.EOF) && allowEmpty:
			return nil
		case errors.Is(err, io.EOF):
			return fmt.Errorf("%w: empty body", problem.ErrBadRequest)
		}
		if r.Context().Err() != nil {
			return r.Context().Err()
		}
		return fmt.Errorf("%w: body is not valid JSON: %s", problem.ErrBadRequest, strings.TrimPrefix(err.Error(), "json: "))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return fmt.Errorf("%w: unexpected data after the JSON value", problem.ErrBadRequest)
	}
	return nil
}

// setRetryAfter tells a client over its rate how many whole seconds to wait.
func setRetryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(wait)))
}

func retrySeconds(wait time.Duration) int { return int((wait + time.Second - 1) / time.Second) }
