package resume

import (
	"fmt"
	"html/template"
	"io"
)

// Notice is a page of its own around a short message, in the site's
// theme: the thank-you after the contact form, the form sent back with
// its problems, an error, or another page of the site (the movies).
type Notice struct {
	Title string // the heading
	Text  string // what it says; blank lines part paragraphs
	// Body is the page's content after Text, as HTML made by a template
	// of the caller's (the movies catalog).
	Body template.HTML
	// Status marks Text as the outcome the visitor waited for, which
	// assistive technology announces (the thank-you).
	Status bool
	// Contact is the contact form again, with the visitor's text and its
	// problems; nil = no form.
	Contact *ContactForm
	// SiteURL is where "back to the resume" leads; "" = the site's root.
	SiteURL string
	// Index lets search engines list the page; notices are not listed.
	Index bool
	// Description is the page's summary for search results.
	Description string
	// Stylesheets are the page's own style sheets, from the site itself
	// ("/movies.css"), after the theme's inline style.
	Stylesheets []string
	// CountPath, when set, makes the page count its view under this path,
	// as the resume page does: the counter's script, and the noscript
	// image without JavaScript.
	CountPath string
}

type noticeView struct {
	Title, Name, Text, Home, Description string
	Theme                                string
	Status, Index                        bool
	Paras                                []string
	Body                                 template.HTML
	Stylesheets                          []string
	Form                                 *formView
	CSS                                  template.CSS
	CountPath                            string
}

// RenderNotice writes n as a page of the site.
func (s *Site) RenderNotice(w io.Writer, n Notice) error {
	if err := s.renderNotice(w, n); err != nil {
		return fmt.Errorf("render notice: %w", err)
	}
	return nil
}

// renderNotice is RenderNotice with a template's error as it is.
func (s *Site) renderNotice(w io.Writer, n Notice) error {
	t, err := s.templates()
	if err != nil {
		return err
	}
	v := noticeView{
		Title:       n.Title,
		Text:        n.Text,
		Status:      n.Status,
		Paras:       paragraphs(n.Text),
		Body:        n.Body,
		Index:       n.Index,
		Description: n.Description,
		Stylesheets: n.Stylesheets,
		Form:        newFormView(n.Contact),
		CSS:         template.CSS(s.style),
		Home:        "/",
		Theme:       s.Theme.Name,
		CountPath:   n.CountPath,
	}
	if c := canonical(n.SiteURL); c != "" {
		v.Home = c
	}
	if s.Resume != nil {
		v.Name = clean(s.Resume.Basics.Name)
	}
	return execute(w, t.notice, t.noticeName, v)
}

// ThanksNotice is the page shown once a message sent with the contact
// form is taken.
func ThanksNotice(siteURL string) Notice {
	return Notice{Title: "Message sent", Text: Thanks, Status: true, SiteURL: siteURL}
}

// NotFoundNotice is the page a browser gets for an address the site has
// nothing at.
func NotFoundNotice(siteURL string) Notice {
	return Notice{Title: "Page not found", Text: "There is nothing at this address. It may have moved, or the link may be mistyped.", SiteURL: siteURL}
}
