package resume

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// Site is a resume's pages in a theme: the resume page, the pages of
// their own (notices), and the style every one of them inlines.
type Site struct {
	// Resume is whom the site is about; nil when none is configured, and
	// then only notices are rendered.
	Resume *Resume
	// Theme is the theme the pages are shown in.
	Theme *theme.Theme

	style string
	// The templates are parsed on the first page, not when the site is
	// made: a program that serves only the API (a Lambda function, mostly)
	// would wait for them before its first answer.
	templates func() (*templates, error)
}

type templates struct {
	page, notice         *template.Template
	pageName, noticeName string
}

// NewSite returns the site of r in t. A nil t is the theme that
// ChooseTheme picks for r without a --theme.
func NewSite(r *Resume, t *theme.Theme) *Site {
	if t == nil {
		t = DefaultTheme(r)
	}
	s := &Site{Resume: r, Theme: t, style: t.Style().Text}
	if r != nil {
		s.style += colorCSS(r.Meta.ThemeOptions)
	}
	s.templates = sync.OnceValues(func() (*templates, error) { return parseTheme(t) })
	return s
}

// DefaultTheme returns the built-in theme that meta.theme names, else the
// default.
func DefaultTheme(r *Resume) *theme.Theme {
	name := theme.Default
	if r != nil && theme.IsBuiltin(strings.TrimSpace(r.Meta.Theme)) {
		name = strings.TrimSpace(r.Meta.Theme)
	}
	t, err := theme.Builtin(name)
	if err != nil {
		panic("resume: " + err.Error()) // every built-in theme is embedded
	}
	return t
}

// ChooseTheme returns the theme of the site: spec when given (a built-in
// theme's name or a directory: a --theme flag), else DefaultTheme. A
// meta.theme that names no built-in theme is a warning of validation, and
// the default is used.
func ChooseTheme(spec string, r *Resume) (*theme.Theme, error) {
	if spec = strings.TrimSpace(spec); spec != "" {
		return theme.Load(spec)
	}
	return DefaultTheme(r), nil
}

// Style returns the stylesheet every page of the site inlines: the
// theme's, with the colours of meta.themeOptions.
func (s *Site) Style() string { return s.style }

// StyleHashes returns the CSP source expressions ('sha256-...') that allow
// the inline style of the site's pages, and of every built-in theme as it
// comes, so that a policy made without the resume at hand allows those.
func (s *Site) StyleHashes() []string {
	out := InlineStyleHashes()
	if h := hashSource(s.style); !slices.Contains(out, h) {
		out = append(out, h)
	}
	return out
}

// InlineStyleHashes returns the CSP source expressions ('sha256-...') of
// the inline style of every built-in theme, without options.
func InlineStyleHashes() []string {
	var out []string
	for _, name := range theme.Names() {
		t, err := theme.Builtin(name)
		if err != nil {
			panic("resume: " + err.Error()) // every built-in theme is embedded
		}
		out = append(out, hashSource(t.Style().Text))
	}
	return out
}

// Check parses the theme's templates and renders every page once, with
// and without the contact form, so that an error in a theme is found
// before any visitor meets it. Its errors name the template's file and
// line ("mytheme/page.html:12: ...").
func (s *Site) Check() error {
	if _, err := s.templates(); err != nil {
		return err
	}
	for _, opts := range []PageOptions{{}, {Counter: true, MoviesLink: true, Contact: &ContactForm{Problems: map[string]string{"email": "x"}}}} {
		if s.Resume != nil {
			if err := s.renderPage(io.Discard, opts); err != nil {
				return err
			}
		}
	}
	for _, n := range []Notice{ThanksNotice(""), {Title: "Not found", Text: "x", Contact: &ContactForm{}}, {Title: "Movies", Body: "<p>x</p>", Stylesheets: []string{"/movies.css"}}} {
		if err := s.renderNotice(io.Discard, n); err != nil {
			return err
		}
	}
	return nil
}

// parseTheme parses the page and notice templates of t: the parts first,
// then the form, then the page itself, each named by its file.
func parseTheme(t *theme.Theme) (*templates, error) {
	set := func(main theme.Source) (*template.Template, error) {
		root := template.New("").Funcs(funcs)
		for _, src := range append(append(slices.Clone(t.Parts()), t.Form()), main) {
			if _, err := root.New(src.Name).Parse(src.Text); err != nil {
				return nil, templateError(err)
			}
		}
		return root, nil
	}
	out := &templates{pageName: t.Page().Name, noticeName: t.Notice().Name}
	var err error
	if out.page, err = set(t.Page()); err != nil {
		return nil, err
	}
	if out.notice, err = set(t.Notice()); err != nil {
		return nil, err
	}
	return out, nil
}

// funcs are the functions the templates may call besides the built-in
// ones.
var funcs = template.FuncMap{
	"join": strings.Join,
}

// templateError returns err of a template with its file and line first,
// as problems are written: "mytheme/page.html:12: ...".
func templateError(err error) error {
	msg := err.Error()
	for _, prefix := range []string{"html/template:", "template: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return fmt.Errorf("%s", msg)
}

// execute runs the template name of set with data into w, so that nothing
// is written when it fails midway.
func execute(w io.Writer, set *template.Template, name string, data any) error {
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, name, data); err != nil {
		return templateError(err)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
