package resume

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Notice is a page of its own around a short message, in the site's
// style: the thank-you after the contact form, the form sent back with
// its problems, an error.
type Notice struct {
	Title string // the heading
	Text  string // what it says; blank lines part paragraphs
	// Status marks Text as the outcome the visitor waited for, which
	// assistive technology announces (the thank-you).
	Status bool
	// Contact is the contact form again, with the visitor's text and its
	// problems; nil = no form.
	Contact *ContactForm
	// SiteURL is where "back to the resume" leads; "" = the site's root.
	SiteURL string
}

type noticeView struct {
	Title, Name, Text, Home string
	Status                  bool
	Paras                   []string
	Form                    *formView
	CSS                     template.CSS
}

// RenderNotice writes n as a page for the owner of r; r may be nil when no
// resume is configured.
func RenderNotice(w io.Writer, r *Resume, n Notice) error {
	v := noticeView{
		Title:  n.Title,
		Text:   n.Text,
		Status: n.Status,
		Paras:  paragraphs(n.Text),
		Form:   newFormView(n.Contact),
		CSS:    template.CSS(style),
		Home:   "/",
	}
	if c := canonical(n.SiteURL); c != "" {
		v.Home = c
	}
	if r != nil {
		v.Name = strings.TrimSpace(r.Basics.Name)
	}
	if err := noticeTemplate().Execute(w, v); err != nil {
		return fmt.Errorf("render notice: %w", err)
	}
	return nil
}

// ThanksNotice is the page shown once a message sent with the contact
// form is taken.
func ThanksNotice(siteURL string) Notice {
	return Notice{Title: "Message sent", Text: Thanks, Status: true, SiteURL: siteURL}
}
