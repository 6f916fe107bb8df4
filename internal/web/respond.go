package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// errorBody is the shape of every error response.
type errorBody struct {
	Error    string            `json:"error"`
	Problems map[string]string `json:"problems,omitempty"`
}

// writeJSON answers v as JSON with status.
func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encode response", "err", err)
		s.writeErrorMsg(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// writeErrorMsg answers a plain error message.
func (s *server) writeErrorMsg(w http.ResponseWriter, status int, msg string) {
	s.writeJSON(w, status, errorBody{Error: msg})
}

// writeError maps err to its status. Only 4xx errors tell the client why;
// the detail of a 5xx goes to the log.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.errorResponse(r, err)
	s.writeJSON(w, status, body)
}

// errorResponse is the one mapping from errors to status codes.
func (s *server) errorResponse(r *http.Request, err error) (int, errorBody) {
	var tooBig *http.MaxBytesError
	if fields, ok := problem.AsFields(err); ok {
		return http.StatusUnprocessableEntity, errorBody{Error: "invalid input", Problems: fields}
	}
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, errorBody{Error: fmt.Sprintf("body larger than %d bytes", tooBig.Limit)}
	case errors.Is(err, problem.ErrNotFound):
		return http.StatusNotFound, errorBody{Error: err.Error()}
	case errors.Is(err, problem.ErrBadRequest):
		return http.StatusBadRequest, errorBody{Error: err.Error()}
	case errors.Is(err, problem.ErrUnauthorized):
		return http.StatusUnauthorized, errorBody{Error: "unauthorized"}
	case errors.Is(err, problem.ErrConflict):
		return http.StatusConflict, errorBody{Error: err.Error()}
	}
	s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, errorBody{Error: "internal error"}
}

// decodeJSON reads the body into v. An empty body is allowed when
// allowEmpty; unknown fields and trailing data are not. Its errors map
// to 400 or 413 through writeError.
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
	w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
}
