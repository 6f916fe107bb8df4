package resume

import (
	"strings"
)

// View is a resume as every renderer shows it, the page and the PDF
// alike: text ready to print, links vetted, sections in order with their
// labels. Fields hold "" or nil when the resume does not give them.
type View struct {
	Name     string
	Label    string // "Cloud Engineer"
	Image    string // basics.image as written: a URL or a path next to the resume
	Email    string
	Phone    string
	PhoneURL string // "tel:+15550134"; "" when the number has no digits
	URL      string // the person's site, an absolute http(s) URL
	Location string // "Berlin, Germany"
	Address  []string
	Profiles []ProfileView
	About    Section // the summary (basics.summary), under its label; no entries
	Sections []Section
	Modified string // meta.lastModified as written
}

// ProfileView is an account on a site, linked.
type ProfileView struct {
	Network  string // "GitHub"
	Username string
	URL      string // an absolute http(s) URL or ""
	Text     string // how the link is shown: "github.com/ada", else the username
}

// Section is one list of the resume under its heading.
type Section struct {
	Name    string   // "work", "education", ...; "about" for the summary
	Label   string   // the heading: "Experience", or meta.sectionLabels
	Text    []string // paragraphs (the About section)
	Entries []Entry
}

// Entry is one item of a section, in the same shape for every section:
// Title is what it is and Org where, then the details. What each field
// holds in each section:
//
//	work          Title position, Org name (OrgURL url), About description, Location
//	volunteer     Title position, Org organization (OrgURL url)
//	education     Title "studyType, area", Org institution (OrgURL url), Score, Courses
//	awards        Title title, Org awarder
//	certificates  Title name (URL url), Org issuer
//	publications  Title name (URL url), Org publisher
//	projects      Title name (URL url), Org entity, About type, Roles, Keywords
//	skills        Title name, Level level, Keywords
//	languages     Title language, Level fluency
//	interests     Title name, Keywords
//	references    Title name, Text the reference
//
// When an entry has no title, Org takes its place. Text holds the summary
// or description, in paragraphs.
type Entry struct {
	Title      string
	URL        string // link of the title: an absolute http(s) URL or ""
	Org        string
	OrgURL     string // link of Org: an absolute http(s) URL or ""
	About      string
	Location   string
	Dates      Period
	Text       []string
	Highlights []string
	Level      string
	Score      string
	Courses    []string
	Roles      []string
	Keywords   []string
	// Quote marks Text as someone else's words (a reference).
	Quote bool
}

// Short reports whether the section's entries are a few words each
// (skills, languages, interests, certificates), which themes may set
// side by side.
func (s Section) Short() bool {
	switch s.Name {
	case SectionSkills, SectionLanguages, SectionInterests, SectionCertificates:
		return true
	}
	return false
}

// NewView returns the view of r.
func NewView(r *Resume) *View {
	b := r.Basics
	v := &View{
		Name:     clean(b.Name),
		Label:    clean(b.Label),
		Image:    strings.TrimSpace(b.Image),
		Email:    clean(b.Email),
		Phone:    clean(b.Phone),
		PhoneURL: telURL(b.Phone),
		URL:      webURL(b.URL),
		Location: b.Location.Place(),
		Address:  b.Location.Lines(),
		Modified: r.Meta.LastModified,
		About:    Section{Name: "about", Label: r.Label("about"), Text: paras(b.Summary)},
	}
	for _, p := range b.Profiles {
		pv := ProfileView{Network: clean(p.Network), Username: clean(p.Username), URL: webURL(p.URL)}
		switch {
		case pv.URL != "":
			pv.Text = shortURL(pv.URL)
		default:
			pv.Text = pv.Username
		}
		if pv.Text != "" || pv.Network != "" {
			v.Profiles = append(v.Profiles, pv)
		}
	}
	for _, name := range r.SectionOrder() {
		s := Section{Name: name, Label: r.Label(name)}
		for _, e := range entries(r, name) {
			if e.Title == "" {
				e.Title, e.URL, e.Org, e.OrgURL = e.Org, e.OrgURL, "", ""
			}
			if !e.empty() {
				s.Entries = append(s.Entries, e)
			}
		}
		if len(s.Entries) > 0 {
			v.Sections = append(v.Sections, s)
		}
	}
	return v
}

// entries returns the entries of section name, as the Entry comment says.
func entries(r *Resume, name string) []Entry {
	var out []Entry
	switch name {
	case SectionWork:
		for _, w := range r.Work {
			out = append(out, Entry{Title: clean(w.Position), Org: clean(w.Name), OrgURL: webURL(w.URL),
				About: clean(w.Description), Location: clean(w.Location), Dates: NewPeriod(w.StartDate, w.EndDate),
				Text: paras(w.Summary), Highlights: items(w.Highlights)})
		}
	case SectionVolunteer:
		for _, w := range r.Volunteer {
			out = append(out, Entry{Title: clean(w.Position), Org: clean(w.Organization), OrgURL: webURL(w.URL),
				Dates: NewPeriod(w.StartDate, w.EndDate), Text: paras(w.Summary), Highlights: items(w.Highlights)})
		}
	case SectionEducation:
		for _, e := range r.Education {
			out = append(out, Entry{Title: clean(degree(e)), Org: clean(e.Institution), OrgURL: webURL(e.URL),
				Dates: NewPeriod(e.StartDate, e.EndDate), Score: clean(e.Score), Courses: items(e.Courses)})
		}
	case SectionAwards:
		for _, a := range r.Awards {
			out = append(out, Entry{Title: clean(a.Title), Org: clean(a.Awarder), Dates: OnDate(a.Date), Text: paras(a.Summary)})
		}
	case SectionCertificates:
		for _, c := range r.Certificates {
			out = append(out, Entry{Title: clean(c.Name), URL: webURL(c.URL), Org: clean(c.Issuer), Dates: OnDate(c.Date)})
		}
	case SectionPublications:
		for _, p := range r.Publications {
			out = append(out, Entry{Title: clean(p.Name), URL: webURL(p.URL), Org: clean(p.Publisher),
				Dates: OnDate(p.ReleaseDate), Text: paras(p.Summary)})
		}
	case SectionProjects:
		for _, p := range r.Projects {
			out = append(out, Entry{Title: clean(p.Name), URL: webURL(p.URL), Org: clean(p.Entity), About: clean(p.Type),
				Dates: NewPeriod(p.StartDate, p.EndDate), Text: paras(p.Description), Highlights: items(p.Highlights),
				Roles: items(p.Roles), Keywords: items(p.Keywords)})
		}
	case SectionSkills:
		for _, s := range r.Skills {
			out = append(out, Entry{Title: clean(s.Name), Level: clean(s.Level), Keywords: items(s.Keywords)})
		}
	case SectionLanguages:
		for _, l := range r.Languages {
			out = append(out, Entry{Title: clean(l.Language), Level: clean(l.Fluency)})
		}
	case SectionInterests:
		for _, i := range r.Interests {
			out = append(out, Entry{Title: clean(i.Name), Keywords: items(i.Keywords)})
		}
	case SectionReferences:
		for _, ref := range r.References {
			out = append(out, Entry{Title: clean(ref.Name), Text: paras(ref.Reference), Quote: true})
		}
	}
	return out
}

func (e *Entry) empty() bool {
	return e.Title == "" && e.About == "" && e.Location == "" && e.Dates.IsZero() && len(e.Text) == 0 &&
		len(e.Highlights) == 0 && e.Level == "" && e.Score == "" && len(e.Courses) == 0 && len(e.Roles) == 0 &&
		len(e.Keywords) == 0
}

// clean returns s on one line: runs of white space, line breaks included,
// become one space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// paras returns the paragraphs of s (split at blank lines), each on one line.
func paras(s string) []string {
	out := paragraphs(s)
	for i, p := range out {
		out[i] = clean(p)
	}
	return out
}

// items returns the list without empty items, each on one line.
func items(list []string) []string {
	var out []string
	for _, s := range list {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
