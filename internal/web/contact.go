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

// contactForm answers the state of the contact form on the home page, or
// nil when the contact feature is off.
func (s *server) contactForm(r *http.Request) *resume.ContactForm {
	if s.cfg.Contact == nil {
		return nil
	}
	return &resume.ContactForm{Token: s.cfg.Contact.Token(), Sent: r.URL.Query().Get("sent") == "1"}
}

// handleContact takes a message posted as JSON (by the page's script) or
// as a plain HTML form. Spam gets the same answer as a stored message; a
// form whose token is missing or expired is refused with a problem on
// "token", so the visitor can send it again with a fresh one.
func (s *server) handleContact(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isForm := ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
	var req contactRequest
	if isForm {
		if err := r.ParseMultipartForm(contactMaxBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			s.writeError(w, r, formError(err))
			return
		}
		req = contactRequest{
			Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Message: r.PostFormValue("message"),
			Website: r.PostFormValue("website"), Token: r.PostFormValue("token"),
		}
	} else if err := s.decodeJSON(r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}

	res, err := s.cfg.Contact.Submit(r.Context(), contact.Submission{
		Name: req.Name, Email: req.Email, Message: req.Message,
		Website: req.Website, Token: req.Token, IPKey: ipKey(s.clientIP(r)),
	})
	var limited *contact.RateLimitError
	if errors.As(err, &limited) {
		setRetryAfter(w, limited.RetryAfter)
	}
	fields, invalid := problem.AsFields(err)
	staleToken := invalid && fields["token"] != ""
	switch {
	case err == nil && res.Spam:
		s.log.InfoContext(r.Context(), "contact spam refused", "reason", res.SpamReason)
	case err == nil:
		s.log.InfoContext(r.Context(), "contact message stored", "id", res.ID)
	case staleToken:
		// Many of these after a restart mean the server has no fixed
		// --contact-secret.
		s.log.InfoContext(r.Context(), "contact form refused; asked to send again", "err", err)
	}

	if !isForm {
		switch {
		case limited != nil:
			s.writeErrorMsg(w, http.StatusTooManyRequests, "too many messages; try again later")
		case err != nil:
			s.writeError(w, r, err)
		default:
			s.writeJSON(w, http.StatusAccepted, map[string]string{"status": "received"})
		}
		return
	}

	if err == nil {
		http.Redirect(w, r, "/?sent=1#contact", http.StatusSeeOther)
		return
	}
	// Show the page again with the visitor's text kept. A token that passed
	// the spam checks is kept too (a fresh one would be "too fast"); one
	// that did not is replaced, so sending again works.
	form := &resume.ContactForm{
		Token:  req.Token,
		Values: map[string]string{"name": req.Name, "email": req.Email, "message": req.Message},
	}
	status := http.StatusUnprocessableEntity
	if invalid {
		form.Problems = fields
		if staleToken {
			form.Token = s.cfg.Contact.Token()
		}
	} else if limited != nil {
		status = http.StatusTooManyRequests
		form.Problems = map[string]string{"form": "You have sent several messages in a short time. Please try again in a minute."}
	} else {
		status = http.StatusInternalServerError
		s.log.ErrorContext(r.Context(), "contact message not stored", "err", err)
		form.Problems = map[string]string{"form": "The message could not be sent. Please try again later."}
		form.Token = s.cfg.Contact.Token()
	}
	if s.cfg.Resume == nil {
		s.writeError(w, r, err)
		return
	}
	opts := s.pageOptions(r)
	opts.Contact = form
	s.renderHome(w, r, status, opts)
}

// formError maps a failure to read a form body to 400, or 413 when too big.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
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
