package web

import (
	"net/http"

	"github.com/cloudresume/cloudresume/internal/problem"
)

// failQuery answers err as fail does, but problems with the query string
// of a read are a bad request (400), not an entity that failed its checks.
func (s *server) failQuery(w http.ResponseWriter, r *http.Request, err error) {
	if fields, ok := problem.AsFields(err); ok {
		s.writeJSON(w, http.StatusBadRequest, errorBody{Error: "invalid query", Problems: fields})
		return
	}
	s.fail(w, r, err)
}
