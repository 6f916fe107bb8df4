package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
	"github.com/cloudresume/cloudresume/internal/resume"
)

// contactMaxBody bounds a contact post: a 5,000-character message of
// 4-byte characters is 60 KB once form-encoded.
const contactMaxBody = 64 << 10

// contactRequest is the JSON body of POST /api/contact; the form post has
// the same field names.
type contactRequest struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Message string `json:"message"`
	Website string `json:"website"`
	Token   string `json:"token"`
}

// The contact form's paths: where it posts, and the page a post without
// the script leads to once its message is taken.
const (
	contactPath = "/api/contact"
	thanksPath  = "/contact/thanks"
)

// contactForm returns the state of the contact form on the home page, or
// nil when the contact feature is off.
func (s *server) contactForm() *resume.ContactForm {
	if s.cfg.Contact == nil {
		return nil
	}
	return &resume.ContactForm{Token: s.cfg.Contact.Token()}
}

// handleContact takes a message posted as JSON (by the page's script) or
// as a plain HTML form. Spam gets the same answer as a stored message; a
// form whose token is missing or expired is refused with a problem on
// "token", so the visitor can send it again with a fresh one. A form post
// is answered with pages: the thank-you, or the form again with its
// problems (fail).
func (s *server) handleContact(w http.ResponseWriter, r *http.Request) {
	var req contactRequest
	if isFormPost(r) {
		if err := parseForm(r); err != nil {
			s.fail(w, r, err)
			return
		}
		req = contactRequest{
			Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Message: r.PostFormValue("message"),
			Website: r.PostFormValue("website"), Token: r.PostFormValue("token"),
		}
	} else if err := s.decodeJSON(r, &req, false); err != nil {
		s.fail(w, r, err)
		return
	}

	res, err := s.cfg.Contact.Submit(r.Context(), contact.Submission{
		Name: req.Name, Email: req.Email, Message: req.Message,
		Website: req.Website, Token: req.Token, IPKey: ipKey(s.clientIP(r)),
	})
	fields, _ := problem.AsFields(err)
	switch {
	case err == nil && res.Spam:
		s.log.InfoContext(r.Context(), "contact spam refused", "reason", res.SpamReason)
	case err == nil:
		s.log.InfoContext(r.Context(), "contact message stored", "id", res.ID)
	case fields["token"] != "":
		// Many of these after a restart mean the server has no fixed
		// --contact-secret.
		s.log.InfoContext(r.Context(), "contact form refused; asked to send again", "err", err)
	}
	switch {
	case err != nil:
		s.fail(w, r, err)
	case isFormPost(r):
		http.Redirect(w, r, s.cfg.SiteURL+thanksPath, http.StatusSeeOther)
	default:
		s.writeJSON(w, http.StatusAccepted, map[string]string{"status": "received"})
	}
}

// parseForm reads a form body. A body over its bound is a 413 whatever its
// encoding: ParseMultipartForm would drop the error of a url-encoded body.
func parseForm(r *http.Request) error {
	var err error
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		err = r.ParseMultipartForm(contactMaxBody)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooBig
	}
	if r.Context().Err() != nil {
		return r.Context().Err()
	}
	return fmt.Errorf("%w: form body: %v", problem.ErrBadRequest, err)
}

// tokenResponse is the answer of GET /api/contact/token.
type tokenResponse struct {
	Token string `json:"token"`
	// MinAgeMS is how long, in milliseconds, the page should let pass
	// after receiving the token before it sends the form; sooner is spam.
	MinAgeMS int64 `json:"min_age_ms"`
}

// handleContactToken answers a fresh form token, for pages built ahead of
// time (whose form has no token) and forms refused with an expired one.
func (s *server) handleContactToken(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, tokenResponse{
		Token:    s.cfg.Contact.Token(),
		MinAgeMS: s.cfg.Contact.TokenMinAge().Milliseconds(),
	})
}
