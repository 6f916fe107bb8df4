package resume

import "encoding/json"

// Resume is a JSON Resume document (https://jsonresume.org/schema). Fields
// the schema does not know are ignored here but kept in Raw.
type Resume struct {
	Schema       string        `json:"$schema,omitempty"`
	Basics       Basics        `json:"basics"`
	Work         []Work        `json:"work,omitempty"`
	Volunteer    []Volunteer   `json:"volunteer,omitempty"`
	Education    []Education   `json:"education,omitempty"`
	Awards       []Award       `json:"awards,omitempty"`
	Certificates []Certificate `json:"certificates,omitempty"`
	Publications []Publication `json:"publications,omitempty"`
	Skills       []Skill       `json:"skills,omitempty"`
	Languages    []Language    `json:"languages,omitempty"`
	Interests    []Interest    `json:"interests,omitempty"`
	References   []Reference   `json:"references,omitempty"`
	Projects     []Project     `json:"projects,omitempty"`
	Meta         Meta          `json:"meta,omitzero"`

	raw      json.RawMessage
	name     string         // the file name given to Parse
	lines    map[string]int // field path -> line, for problems found after loading
	warnings []Problem
}

// Warnings returns what Parse or Load found questionable but usable, such
// as unknown fields, in document order.
func (r *Resume) Warnings() []Problem { return r.warnings }

// Raw returns the document as loaded (YAML converted to JSON), unknown
// fields included. A Resume built in code has no original, so Raw returns
// it marshalled.
func (r *Resume) Raw() json.RawMessage {
	if r.raw != nil {
		return r.raw
	}
	b, err := json.Marshal(r)
	if err != nil {
		// Every field is a string, a slice or a struct of them: Marshal cannot fail.
		panic("resume: marshal: " + err.Error())
	}
	return b
}

// Basics is who the resume is about.
type Basics struct {
	Name     string    `json:"name"`
	Label    string    `json:"label,omitempty"`
	Image    string    `json:"image,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	URL      string    `json:"url,omitempty"`
	Summary  string    `json:"summary,omitempty"`
	Location Location  `json:"location,omitzero"`
	Profiles []Profile `json:"profiles,omitempty"`
}

// Location is a postal address; any part may be empty.
type Location struct {
	Address     string `json:"address,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	City        string `json:"city,omitempty"`
	CountryCode string `json:"countryCode,omitempty"`
	Region      string `json:"region,omitempty"`
}

// IsZero reports whether no part of the location is given.
func (l Location) IsZero() bool { return l == Location{} }

// Profile is an account on a social network or site.
type Profile struct {
	Network  string `json:"network,omitempty"`
	Username string `json:"username,omitempty"`
	URL      string `json:"url,omitempty"`
}

// Work is a job.
type Work struct {
	Name        string   `json:"name,omitempty"`
	Location    string   `json:"location,omitempty"`
	Description string   `json:"description,omitempty"`
	Position    string   `json:"position,omitempty"`
	URL         string   `json:"url,omitempty"`
	StartDate   Date     `json:"startDate,omitempty"`
	EndDate     Date     `json:"endDate,omitempty"`
	Summary     string   `json:"summary,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
}

// Volunteer is unpaid work.
type Volunteer struct {
	Organization string   `json:"organization,omitempty"`
	Position     string   `json:"position,omitempty"`
	URL          string   `json:"url,omitempty"`
	StartDate    Date     `json:"startDate,omitempty"`
	EndDate      Date     `json:"endDate,omitempty"`
	Summary      string   `json:"summary,omitempty"`
	Highlights   []string `json:"highlights,omitempty"`
}

// Education is a course of study.
type Education struct {
	Institution string   `json:"institution,omitempty"`
	URL         string   `json:"url,omitempty"`
	Area        string   `json:"area,omitempty"`
	StudyType   string   `json:"studyType,omitempty"`
	StartDate   Date     `json:"startDate,omitempty"`
	EndDate     Date     `json:"endDate,omitempty"`
	Score       string   `json:"score,omitempty"`
	Courses     []string `json:"courses,omitempty"`
}

// Award is a prize or honour.
type Award struct {
	Title   string `json:"title,omitempty"`
	Date    Date   `json:"date,omitempty"`
	Awarder string `json:"awarder,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// Certificate is a professional certification.
type Certificate struct {
	Name   string `json:"name,omitempty"`
	Date   Date   `json:"date,omitempty"`
	URL    string `json:"url,omitempty"`
	Issuer string `json:"issuer,omitempty"`
}

// Publication is an article, paper or book.
type Publication struct {
	Name        string `json:"name,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	ReleaseDate Date   `json:"releaseDate,omitempty"`
	URL         string `json:"url,omitempty"`
	Summary     string `json:"summary,omitempty"`
}

// Skill is an area of skill with its keywords.
type Skill struct {
	Name     string   `json:"name,omitempty"`
	Level    string   `json:"level,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
}

// Language is a spoken language.
type Language struct {
	Language string `json:"language,omitempty"`
	Fluency  string `json:"fluency,omitempty"`
}

// Interest is a hobby or field of interest.
type Interest struct {
	Name     string   `json:"name,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
}

// Reference is a recommendation by someone.
type Reference struct {
	Name      string `json:"name,omitempty"`
	Reference string `json:"reference,omitempty"`
}

// Project is a piece of work worth showing.
type Project struct {
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
	Keywords    []string `json:"keywords,omitempty"`
	StartDate   Date     `json:"startDate,omitempty"`
	EndDate     Date     `json:"endDate,omitempty"`
	URL         string   `json:"url,omitempty"`
	Roles       []string `json:"roles,omitempty"`
	Entity      string   `json:"entity,omitempty"`
	Type        string   `json:"type,omitempty"`
}

// Meta describes the document itself, and how tools show it. Sections and
// SectionLabels are read as the "even" theme reads them; Paper is the PDF's.
type Meta struct {
	Canonical    string `json:"canonical,omitempty"`
	Version      string `json:"version,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	// Sections lists the sections to show, in order (names such as
	// "work"); empty means every section in the default order.
	Sections []string `json:"sections,omitempty"`
	// SectionLabels renames sections ("work": "Jobs"), for example to
	// write a resume in another language.
	SectionLabels map[string]string `json:"sectionLabels,omitempty"`
	// Paper is the PDF's page size: "a4" or "letter"; empty means A4.
	Paper string `json:"paper,omitempty"`
	// Theme names the built-in theme the site is shown in ("modern");
	// empty means the default. A --theme given to serve or build wins.
	Theme string `json:"theme,omitempty"`
	// ThemeOptions changes how the theme looks.
	ThemeOptions ThemeOptions `json:"themeOptions,omitzero"`
}

// ThemeOptions are the settings of the theme that a resume may give, as
// the "even" theme reads them.
type ThemeOptions struct {
	// Colors replaces colours of the theme by name: "accent",
	// "background", "dimmed", "primary", "secondary" (see ColorNames).
	Colors map[string]Color `json:"colors,omitempty"`
}

// Color is a colour in light mode and, optionally, another in dark mode:
// ["#0a58ca", "#8ab4f8"]. A single value, "#0a58ca", is the same in both.
// Each is a hex colour (#rgb, #rrggbb, with or without alpha) or a CSS
// colour name.
type Color []string
