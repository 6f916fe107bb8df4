package resume

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PageOptions says what the page around the resume offers.
type PageOptions struct {
	SiteURL    string       // absolute URL of the site, for canonical and Open Graph links; may be ""
	APIURL     string       // base of the HTTP API; "" = same origin
	Counter    bool         // show the visitor counter (loads /counter.js)
	Contact    *ContactForm // show the contact form; nil = no form
	MoviesLink bool         // link to /movies in the navigation
	// PDF is where the resume's PDF is ("/resume.pdf"); "" = no link.
	PDF string
	// Photo is the URL of a local photo as the site publishes it
	// (Published.URL); "" shows basics.image only when it is an https URL.
	Photo string
	// CSP, when set, is carried by the page itself in a <meta> element, for
	// a static host that sends no Content-Security-Policy header.
	CSP string
}

// ContactForm is the state of the contact form on the page.
type ContactForm struct {
	Action   string            // where the form posts; "" = "/api/contact"
	Token    string            // signed timestamp, sent back in the hidden "token" input
	Values   map[string]string // field -> value to show again after a failed post
	Problems map[string]string // field -> why it was refused
}

// Thanks is the message shown once a message is accepted, by the
// thank-you page and by the page's script alike.
const Thanks = "Thank you for your message. I will reply as soon as I can."

// navRow is how many sections the navigation's row links before the
// others go under "More", so that the row fits a desktop screen.
const navRow = 5

// RenderPage writes the site's index.html.
func (s *Site) RenderPage(w io.Writer, opts PageOptions) error {
	if err := s.renderPage(w, opts); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	return nil
}

// renderPage is RenderPage with a template's error as it is: its file and
// line first.
func (s *Site) renderPage(w io.Writer, opts PageOptions) error {
	if s.Resume == nil {
		return errors.New("no resume")
	}
	t, err := s.templates()
	if err != nil {
		return err
	}
	v, err := s.newPageView(opts)
	if err != nil {
		return err
	}
	return execute(w, t.page, t.pageName, v)
}

// pageView is what page.html is given; docs/themes.md describes it.
type pageView struct {
	*View
	Theme       string // the theme's name
	Title       string // "Alex Rivera – Cloud Engineer"
	Description string
	Canonical   string
	OGImage     string
	Photo       string // the photo's URL, or ""
	Contacts    []linkView
	Nav         []linkView // every link of the navigation, in order
	NavMain     []linkView // the first sections, for a row
	NavMore     []linkView // the other sections, for a "More" menu
	NavEnd      []linkView // the contact form and the other pages
	PDF         string
	Updated     *dateView // meta.lastModified
	Script      bool
	Counter     bool
	APIURL      string
	CSP         string
	CSS         template.CSS
	JSONLD      template.JS
	Form        *formView
}

// Pick returns the sections named, in page order, for a theme that shows
// some apart (in a sidebar).
func (v *pageView) Pick(names ...string) []Section {
	var out []Section
	for _, s := range v.Sections {
		if slices.Contains(names, s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// Omit returns the sections not named, in page order.
func (v *pageView) Omit(names ...string) []Section {
	var out []Section
	for _, s := range v.Sections {
		if !slices.Contains(names, s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// linkView is a link as the templates show it. Href is vetted: an http(s),
// mailto: or tel: URL, or a path of the site.
type linkView struct {
	Kind  string // "email", "phone", "url", "location", "profile"; "" in the navigation
	Label string // what it is: "Email", "GitHub"
	Text  string
	Href  template.URL // "" = plain text
	Rel   string       // "me" for the person's own pages
}

type dateView struct{ Text, ISO string }

type formView struct {
	Action, Token, Thanks string
	Name, Email, Message  fieldView
	Summary               []summaryItem
}

type fieldView struct{ Value, Problem string }

type summaryItem struct{ Href, Text string }

func (s *Site) newPageView(opts PageOptions) (*pageView, error) {
	r := s.Resume
	view := NewView(r)
	v := &pageView{
		View:        view,
		Theme:       s.Theme.Name,
		Title:       view.Name,
		Description: description(r),
		Canonical:   canonical(opts.SiteURL),
		Counter:     opts.Counter,
		Script:      opts.Counter || opts.Contact != nil,
		APIURL:      strings.TrimRight(opts.APIURL, "/"),
		CSP:         opts.CSP,
		CSS:         template.CSS(s.style),
		Form:        newFormView(opts.Contact),
		PDF:         opts.PDF,
		Photo:       photoURL(r, opts.Photo),
		Contacts:    contacts(view),
		Updated:     updated(r.Meta.LastModified),
	}
	if view.Label != "" {
		v.Title += " – " + view.Label
	}
	v.OGImage = resolve(v.Canonical, v.Photo)
	v.navigation(opts)
	ld, err := jsonLD(r, v.Canonical, v.OGImage)
	if err != nil {
		return nil, err
	}
	v.JSONLD = template.JS(ld)
	return v, nil
}

// photoURL returns the photo the page shows: the published local file,
// else basics.image when it is an https URL, whose origin the page's
// policy allows (an http one would be blocked as mixed content on an
// https site).
func photoURL(r *Resume, published string) string {
	if published != "" {
		return published
	}
	if r.PhotoOrigin() != "" {
		return strings.TrimSpace(r.Basics.Image)
	}
	return ""
}

// contacts lists the ways to reach the person, in the order a reader
// looks for them.
func contacts(v *View) []linkView {
	var out []linkView
	if v.Email != "" {
		out = append(out, linkView{Kind: "email", Label: "Email", Text: v.Email, Href: template.URL("mailto:" + url.PathEscape(v.Email))})
	}
	if v.Phone != "" {
		out = append(out, linkView{Kind: "phone", Label: "Phone", Text: v.Phone, Href: template.URL(v.PhoneURL)})
	}
	if v.URL != "" {
		out = append(out, linkView{Kind: "url", Label: "Website", Text: shortURL(v.URL), Href: template.URL(v.URL), Rel: "me"})
	}
	if v.Location != "" {
		out = append(out, linkView{Kind: "location", Label: "Location", Text: v.Location})
	}
	for _, p := range v.Profiles {
		l := linkView{Kind: "profile", Label: p.Network, Text: p.Text, Href: template.URL(p.URL), Rel: "me"}
		if l.Text == "" {
			l.Text, l.Label = p.Network, ""
		}
		out = append(out, l)
	}
	return out
}

// updated reads meta.lastModified, a date or an RFC 3339 time, for the
// page's footer; nil when it is neither.
func updated(s string) *dateView {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &dateView{Text: t.Format("Jan 2, 2006"), ISO: t.Format("2006-01-02")}
	}
	if d := Date(s); d != "" && d.Valid() {
		return &dateView{Text: d.Format(), ISO: s}
	}
	return nil
}

// navigation lists the sections the page has, in page order: the first
// navRow for a row, the others under "More", then the form and the pages.
func (v *pageView) navigation(opts PageOptions) {
	var sections []linkView
	if len(v.About.Text) > 0 {
		sections = append(sections, linkView{Text: v.About.Label, Href: "#about"})
	}
	for _, s := range v.Sections {
		sections = append(sections, linkView{Text: s.Label, Href: template.URL("#" + s.Name)})
	}
	if opts.Contact != nil {
		v.NavEnd = append(v.NavEnd, linkView{Text: "Contact", Href: "#contact"})
	}
	if opts.MoviesLink {
		v.NavEnd = append(v.NavEnd, linkView{Text: "Movies", Href: "/movies"})
	}
	v.NavMain = sections[:min(navRow, len(sections))]
	// One link alone under "More" takes the place of "More" itself.
	if len(sections) == navRow+1 {
		v.NavMain = sections
	}
	v.NavMore = sections[len(v.NavMain):]
	v.Nav = append(slices.Clone(sections), v.NavEnd...)
}

// fieldOrder is the order problems are listed in the summary.
var fieldOrder = [...]string{"name", "email", "message"}

// fieldLabel answers the label of a field of the form, or "".
func fieldLabel(field string) string {
	switch field {
	case "name":
		return "Name"
	case "email":
		return "Email"
	case "message":
		return "Message"
	}
	return ""
}

// summaryText is how the error summary tells of a field's problem. Its
// links are read out of the form's context, so a reason phrased to follow
// the field's name ("is required") gets the name in front: two links
// both saying "is required" would not tell which field they lead to.
// counter.js does the same for the problems it shows.
func summaryText(field, why string) string {
	r, _ := utf8.DecodeRuneInString(why)
	if label := fieldLabel(field); label != "" && unicode.IsLower(r) {
		return label + " " + why
	}
	return why
}

func newFormView(c *ContactForm) *formView {
	if c == nil {
		return nil
	}
	f := &formView{Action: c.Action, Token: c.Token, Thanks: Thanks}
	if f.Action == "" {
		f.Action = "/api/contact"
	}
	f.Name = fieldView{Value: c.Values["name"], Problem: c.Problems["name"]}
	f.Email = fieldView{Value: c.Values["email"], Problem: c.Problems["email"]}
	f.Message = fieldView{Value: c.Values["message"], Problem: c.Problems["message"]}
	for _, k := range fieldOrder {
		if why := c.Problems[k]; why != "" {
			f.Summary = append(f.Summary, summaryItem{Href: "#" + k, Text: summaryText(k, why)})
		}
	}
	var others []string
	for k, why := range c.Problems {
		if why != "" && !slices.Contains(fieldOrder[:], k) {
			others = append(others, k)
		}
	}
	slices.Sort(others)
	for _, k := range others {
		f.Summary = append(f.Summary, summaryItem{Text: c.Problems[k]})
	}
	return f
}

// description is the summary's first sentence or so, for search results.
func description(r *Resume) string {
	s := strings.Join(strings.Fields(r.Basics.Summary), " ")
	if s == "" {
		s = strings.TrimSpace(strings.Join([]string{r.Basics.Name, r.Basics.Label}, ", "))
		return strings.Trim(s, ", ")
	}
	const limit = 160
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexByte(s[:limit], ' ')
	if cut < 0 {
		cut = limit
		for !utf8.RuneStart(s[cut]) { // do not split a character
			cut--
		}
	}
	return strings.TrimRight(s[:cut], ",.;:") + "…"
}

// canonical returns the site URL with a path, or "" when it is not an
// absolute http(s) URL.
func canonical(site string) string {
	if !isWebURL(site) {
		return ""
	}
	u, _ := url.Parse(site)
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// resolve makes ref absolute against base; "" when that cannot be done.
func resolve(base, ref string) string {
	if ref == "" {
		return ""
	}
	if isWebURL(ref) {
		return ref
	}
	if base == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil || r.Scheme != "" {
		return ""
	}
	return b.ResolveReference(r).String()
}

// webURL returns s when it is an absolute http(s) URL, else "", so only
// such links are rendered as links.
func webURL(s string) string {
	if isWebURL(s) {
		return s
	}
	return ""
}

// ShortURL returns how a link is shown: host and path, without the
// scheme, "www." or a final slash ("github.com/ada").
func ShortURL(s string) string { return shortURL(s) }

func shortURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	return strings.TrimSuffix(strings.TrimPrefix(u.Host, "www.")+u.EscapedPath(), "/")
}

// telURL returns a tel: URL for a phone number, or "" when it has no digits.
func telURL(phone string) string {
	var b strings.Builder
	for i, c := range phone {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == '+' && i == 0:
			b.WriteRune(c)
		}
	}
	if strings.Trim(b.String(), "+") == "" {
		return ""
	}
	return "tel:" + b.String()
}

func degree(e Education) string {
	switch {
	case e.StudyType != "" && e.Area != "":
		return e.StudyType + ", " + e.Area
	default:
		return e.StudyType + e.Area
	}
}

// paragraphs splits text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
