package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// isFormPost reports whether r is an HTML form post, which a browser shows
// the answer of as a page.
func isFormPost(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
}

// isContactPost reports whether r is the contact form posted without the
// page's script.
func isContactPost(r *http.Request) bool { return isFormPost(r) && r.URL.Path == contactPath }

// failPage answers f as a page in the site's style. A contact form that
// was refused comes back with the visitor's text kept and the reasons
// shown, so that nothing typed is lost.
func (s *server) failPage(w http.ResponseWriter, r *http.Request, f failure) {
	n := resume.Notice{SiteURL: s.cfg.SiteURL}
	contactPost := isContactPost(r) && s.cfg.Contact != nil
	switch {
	case contactPost && f.problems != nil:
		n.Title = "Your message was not sent"
		n.Text = "Please correct what is marked and send it again."
	case f.status == http.StatusTooManyRequests && contactPost:
		n.Title = "Too many messages"
		n.Text = fmt.Sprintf("You have sent several messages in a short time. Please try again in %s; your message is kept below.", wait(f.retryAfter))
	case f.status == http.StatusTooManyRequests:
		n.Title = "Too many requests"
		n.Text = fmt.Sprintf("Please try again in %s.", wait(f.retryAfter))
	case f.status == http.StatusNotFound:
		n = resume.NotFoundNotice(s.cfg.SiteURL)
	case f.status == http.StatusRequestEntityTooLarge:
		n.Title = "Too long"
		n.Text = "What was sent is too long to be taken. Please shorten it and try again."
	case f.status >= 500 && contactPost:
		n.Title = "Your message was not sent"
		n.Text = "Something went wrong on our side. Please try again later; your message is kept below."
	case f.status >= 500:
		n.Title = "Something went wrong"
		n.Text = "This page could not be shown. Please try again later."
	default:
		n.Title = "Request refused"
		n.Text = f.msg + "."
	}
	if contactPost && f.status != http.StatusRequestEntityTooLarge {
		n.Contact = s.formAgain(r, f.problems)
	}
	s.renderNotice(w, f.status, n)
}

// formAgain is the contact form as it was posted, with problems. The
// posted token is kept unless it was refused: a fresh one would be taken
// for a script's if the visitor sends again at once.
func (s *server) formAgain(r *http.Request, problems map[string]string) *resume.ContactForm {
	form := &resume.ContactForm{
		Action: contactPath,
		Token:  r.PostFormValue("token"),
		Values: map[string]string{
			"name": r.PostFormValue("name"), "email": r.PostFormValue("email"), "message": r.PostFormValue("message"),
		},
		Problems: problems,
	}
	if problems["token"] != "" || form.Token == "" {
		form.Token = s.cfg.Contact.Token()
	}
	return form
}

// renderNotice writes n as a page with status.
func (s *server) renderNotice(w http.ResponseWriter, status int, n resume.Notice) {
	var buf bytes.Buffer
	if err := s.site.RenderNotice(&buf, n); err != nil {
		s.log.Error("render notice", "err", err)
		s.writeJSON(w, http.StatusInternalServerError, errorBody{Error: "internal error"})
		return
	}
	s.writePage(w, status, buf.Bytes())
}

// writePage answers an HTML page. A page may be the answer to a form
// posted to the API, whose headers were set: a page needs its own, or its
// style would be refused.
func (s *server) writePage(w http.ResponseWriter, status int, body []byte) {
	s.pageHeaders.apply(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(body)
}

// handleThanks is the page a contact form posted without the script leads
// to once its message is taken.
func (s *server) handleThanks(w http.ResponseWriter, r *http.Request) {
	s.renderNotice(w, http.StatusOK, resume.ThanksNotice(s.cfg.SiteURL))
}

// wait says how long to wait, in whole seconds or minutes.
func wait(d time.Duration) string {
	secs := retrySeconds(d)
	switch {
	case secs <= 1:
		return "a second"
	case secs < 90:
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}
