package resume

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// PageOptions says what the page around the resume offers.
type PageOptions struct {
	SiteURL    string       // absolute URL of the site, for canonical and Open Graph links; may be ""
	APIURL     string       // base of the HTTP API; "" = same origin
	Counter    bool         // show the visitor counter (loads /counter.js)
	Contact    *ContactForm // show the contact form; nil = no form
	MoviesLink bool         // link to /movies in the navigation
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

// The templates are parsed on the first page, not at start: a program
// that serves only the API (a Lambda function, mostly) would wait for them
// before its first answer. They are never changed.
var (
	pageTemplate = sync.OnceValue(func() *template.Template {
		return template.Must(template.Must(template.New("page").Funcs(template.FuncMap{
			"web":    webURL,
			"short":  shortURL,
			"link":   func(text, url string) linkView { return linkView{Text: text, URL: url} },
			"period": func(start, end Date) periodView { return periodView{Start: start, End: end} },
			"degree": degree,
			"paras":  paragraphs,
			"join":   strings.Join,
		}).Parse(theme.Page())).Parse(theme.Form()))
	})
	noticeTemplate = sync.OnceValue(func() *template.Template {
		return template.Must(template.Must(template.New("notice").Parse(theme.Notice())).Parse(theme.Form()))
	})
)

// The stylesheet, inlined into every page, and its hash for the
// Content-Security-Policy.
var (
	style     = theme.Style()
	styleHash = hashSource(style)
)

// InlineStyleHashes returns the CSP source expressions ('sha256-...') of
// the inline style blocks of every page, so a Content-Security-Policy can
// allow exactly them.
func InlineStyleHashes() []string { return []string{styleHash} }

func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// RenderPage writes the site's index.html for r.
func RenderPage(w io.Writer, r *Resume, opts PageOptions) error {
	v, err := newPageView(r, opts)
	if err != nil {
		return err
	}
	if err := pageTemplate().Execute(w, v); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	return nil
}

type pageView struct {
	R           *Resume
	Title       string
	Description string
	Canonical   string
	OGImage     string
	Photo       string
	Phone       *linkView
	Place       string
	Nav         []linkView
	Script      bool
	Counter     bool
	APIURL      string
	CSP         string
	CSS         template.CSS
	JSONLD      template.JS
	Form        *formView
}

type linkView struct {
	Text string
	URL  string
	Href template.URL // a vetted link whose scheme html/template does not know (tel:)
}

type periodView struct{ Start, End Date }

type formView struct {
	Action, Token, Thanks string
	Name, Email, Message  fieldView
	Summary               []summaryItem
}

type fieldView struct{ Value, Problem string }

type summaryItem struct{ Href, Text string }

func newPageView(r *Resume, opts PageOptions) (*pageView, error) {
	b := r.Basics
	v := &pageView{
		R:           r,
		Title:       strings.TrimSpace(b.Name),
		Description: description(r),
		Canonical:   canonical(opts.SiteURL),
		Counter:     opts.Counter,
		Script:      opts.Counter || opts.Contact != nil,
		APIURL:      strings.TrimRight(opts.APIURL, "/"),
		CSP:         opts.CSP,
		CSS:         template.CSS(style),
		Place:       place(b.Location),
		Form:        newFormView(opts.Contact),
	}
	if b.Label != "" {
		v.Title += " – " + b.Label
	}
	if img := resolve(v.Canonical, b.Image); img != "" {
		v.OGImage = img
	}
	if b.Image != "" && (webURL(b.Image) != "" || !strings.Contains(b.Image, ":")) {
		v.Photo = b.Image
	}
	if tel := telURL(b.Phone); tel != "" {
		v.Phone = &linkView{Text: b.Phone, Href: template.URL(tel)}
	}
	v.Nav = navigation(r, opts)
	ld, err := jsonLD(r, v.Canonical)
	if err != nil {
		return nil, err
	}
	v.JSONLD = template.JS(ld)
	return v, nil
}

// navigation lists the sections the page has, in page order.
func navigation(r *Resume, opts PageOptions) []linkView {
	var nav []linkView
	add := func(ok bool, id, text string) {
		if ok {
			nav = append(nav, linkView{Text: text, URL: "#" + id})
		}
	}
	add(r.Basics.Summary != "", "about", "About")
	add(len(r.Work) > 0, "work", "Experience")
	add(len(r.Projects) > 0, "projects", "Projects")
	add(len(r.Skills) > 0, "skills", "Skills")
	add(len(r.Education) > 0, "education", "Education")
	add(len(r.Certificates) > 0, "certificates", "Certificates")
	add(len(r.Awards) > 0, "awards", "Awards")
	add(len(r.Publications) > 0, "publications", "Publications")
	add(len(r.Volunteer) > 0, "volunteer", "Volunteering")
	add(len(r.Languages) > 0, "languages", "Languages")
	add(len(r.Interests) > 0, "interests", "Interests")
	add(len(r.References) > 0, "references", "References")
	add(opts.Contact != nil, "contact", "Contact")
	if opts.MoviesLink {
		nav = append(nav, linkView{Text: "Movies", URL: "/movies"})
	}
	return nav
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

func place(l Location) string { return l.Place() }

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
