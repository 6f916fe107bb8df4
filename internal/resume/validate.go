package resume

import (
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// validator collects what is wrong with a decoded resume, by field path.
type validator struct {
	problems []fieldProblem
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, fieldProblem{path: path, msg: fmt.Sprintf(format, args...)})
}

func (v *validator) warn(path, format string, args ...any) {
	v.problems = append(v.problems, fieldProblem{path: path, msg: fmt.Sprintf(format, args...), warn: true})
}

// Validate checks r without reference to a file: the problems carry field
// paths but no file or line. It returns nil when there are only warnings.
// Parse and Load already validate.
func (r *Resume) Validate() error {
	inv := &Invalid{}
	for _, p := range r.validate() {
		inv.Problems = append(inv.Problems, Problem{Field: p.path, Msg: p.msg, Warning: p.warn})
	}
	if inv.Errors() == 0 {
		return nil
	}
	return inv
}

func (r *Resume) validate() []fieldProblem {
	v := &validator{}
	b := r.Basics
	if strings.TrimSpace(b.Name) == "" {
		v.add("basics.name", "is required")
	}
	v.email("basics.email", b.Email)
	v.url("basics.url", b.URL)
	v.image("basics.image", b.Image)
	for i, p := range b.Profiles {
		v.url(index("basics.profiles", i)+".url", p.URL)
	}
	for i, w := range r.Work {
		p := index("work", i)
		v.url(p+".url", w.URL)
		v.period(p, w.StartDate, w.EndDate)
	}
	for i, w := range r.Volunteer {
		p := index("volunteer", i)
		v.url(p+".url", w.URL)
		v.period(p, w.StartDate, w.EndDate)
	}
	for i, e := range r.Education {
		p := index("education", i)
		v.url(p+".url", e.URL)
		v.period(p, e.StartDate, e.EndDate)
	}
	for i, a := range r.Awards {
		v.date(index("awards", i)+".date", a.Date)
	}
	for i, c := range r.Certificates {
		p := index("certificates", i)
		v.date(p+".date", c.Date)
		v.url(p+".url", c.URL)
	}
	for i, pub := range r.Publications {
		p := index("publications", i)
		v.date(p+".releaseDate", pub.ReleaseDate)
		v.url(p+".url", pub.URL)
	}
	for i, pr := range r.Projects {
		p := index("projects", i)
		v.url(p+".url", pr.URL)
		v.period(p, pr.StartDate, pr.EndDate)
	}
	v.url("meta.canonical", r.Meta.Canonical)
	v.meta(r.Meta)
	return v.problems
}

// meta checks the settings that tools read: the section names, which a
// typo would silently hide, and the paper size.
func (v *validator) meta(m Meta) {
	seen := map[string]bool{}
	for i, s := range m.Sections {
		p := index("meta.sections", i)
		switch {
		case !isSection(s):
			v.warn(p, "%q is not a section%s; it is left out", s, didYouMean(s, SectionNames()))
		case seen[s]:
			v.warn(p, "%q is listed twice; it is shown once", s)
		}
		seen[s] = true
	}
	for _, k := range slices.Sorted(maps.Keys(m.SectionLabels)) {
		if k != "about" && !isSection(k) {
			v.warn("meta.sectionLabels."+k, "%q is not a section%s", k, didYouMean(k, append(SectionNames(), "about")))
		}
	}
	if _, err := ParsePaper(m.Paper); err != nil {
		v.add("meta.paper", "%v", err)
	}
	if name := strings.TrimSpace(m.Theme); name != "" && !theme.IsBuiltin(name) {
		v.warn("meta.theme", "%q is not a built-in theme (%s)%s; the site is shown in %s (a theme directory is given with --theme)",
			name, strings.Join(theme.Names(), ", "), didYouMean(name, theme.Names()), theme.Default)
	}
	for _, k := range slices.Sorted(maps.Keys(m.ThemeOptions.Colors)) {
		p := "meta.themeOptions.colors." + k
		if !slices.Contains(ColorNames(), k) {
			v.warn(p, "%q is not a colour of the themes (%s)%s; it is ignored", k, strings.Join(ColorNames(), ", "), didYouMean(k, ColorNames()))
			continue
		}
		c := m.ThemeOptions.Colors[k]
		if len(c) == 0 || len(c) > 2 {
			v.add(p, "want one colour, or two: [light, dark]")
			continue
		}
		for i, s := range c {
			if !isCSSColor(s) {
				v.add(index(p, i), "%q is not a colour: write #rgb, #rrggbb or a CSS colour name such as teal", s)
			}
		}
	}
}

// didYouMean returns ` (did you mean "x"?)` when s is close to one of names.
func didYouMean(s string, names []string) string {
	if c := closest(s, names); c != "" {
		return " (did you mean " + strconv.Quote(c) + "?)"
	}
	return ""
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (v *validator) date(path string, d Date) bool {
	if !d.Valid() {
		v.add(path, "%q is not a date", string(d))
		return false
	}
	return true
}

// period checks both dates and that the end is not before the start.
func (v *validator) period(path string, start, end Date) {
	okStart := v.date(path+".startDate", start)
	okEnd := v.date(path+".endDate", end)
	if okStart && okEnd && end.Before(start) {
		v.add(path+".endDate", "%q is before startDate %q", string(end), string(start))
	}
}

func (v *validator) email(path, s string) {
	if s == "" {
		return
	}
	if !isEmail(s) {
		v.add(path, "%q is not an email address", s)
	}
}

// isEmail accepts a bare address such as "jo@example.com", not one with a
// display name.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return domain != "" && !strings.HasPrefix(domain, "[")
}

func (v *validator) url(path, s string) {
	if s == "" {
		return
	}
	if !isWebURL(s) {
		v.add(path, "%q is not an absolute http(s) URL", s)
	}
}

// image may also be a path on the site itself, such as "/photo.jpg".
func (v *validator) image(path, s string) {
	if s == "" || isWebURL(s) {
		return
	}
	if u, err := url.Parse(s); err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		v.add(path, "%q is not an http(s) URL or a path", s)
	}
}

// isWebURL reports whether s is an absolute http or https URL with a host.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}
