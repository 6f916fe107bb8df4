package resume

import (
	"fmt"
	"slices"
	"strings"
)

// The sections of a resume, by the name of their list in the document.
const (
	SectionWork         = "work"
	SectionProjects     = "projects"
	SectionSkills       = "skills"
	SectionEducation    = "education"
	SectionCertificates = "certificates"
	SectionAwards       = "awards"
	SectionPublications = "publications"
	SectionVolunteer    = "volunteer"
	SectionLanguages    = "languages"
	SectionInterests    = "interests"
	SectionReferences   = "references"
)

// SectionNames returns the names of the sections in their default order:
// what a reader looks for first comes first.
func SectionNames() []string {
	return []string{
		SectionWork, SectionProjects, SectionSkills, SectionEducation, SectionCertificates,
		SectionAwards, SectionPublications, SectionVolunteer, SectionLanguages,
		SectionInterests, SectionReferences,
	}
}

func isSection(name string) bool { return slices.Contains(SectionNames(), name) }

// DefaultLabel returns the heading of a section, or of "about" (the
// summary), when the resume does not rename it in meta.sectionLabels.
func DefaultLabel(name string) string {
	switch name {
	case "about":
		return "About"
	case SectionWork:
		return "Experience"
	case SectionVolunteer:
		return "Volunteering"
	}
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// Label returns the heading of section name for r: meta.sectionLabels,
// else the default.
func (r *Resume) Label(name string) string {
	if l := strings.TrimSpace(r.Meta.SectionLabels[name]); l != "" {
		return l
	}
	return DefaultLabel(name)
}

// SectionOrder returns the sections to show, in order: meta.sections
// when given (unknown names and repeats left out), else every section in
// the default order. As in the "even" theme, a section that
// meta.sections does not list is not shown.
func (r *Resume) SectionOrder() []string {
	if len(r.Meta.Sections) == 0 {
		return SectionNames()
	}
	var out []string
	for _, s := range r.Meta.Sections {
		if isSection(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Paper is a page size for print: A4 or US Letter.
type Paper string

// The paper sizes.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper reads a paper size, in any case; "" is not given and returns "".
func ParsePaper(s string) (Paper, error) {
	switch p := Paper(strings.ToLower(strings.TrimSpace(s))); p {
	case "", A4, Letter:
		return p, nil
	}
	return "", fmt.Errorf("%q is not a paper size: use a4 or letter", s)
}
