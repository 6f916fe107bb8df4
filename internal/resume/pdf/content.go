package pdf

import (
	"net/url"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// The look of the document: one family, two weights, three colours.
var (
	ink    = rgb{0x1a, 0x1d, 0x21}
	muted  = rgb{0x50, 0x57, 0x61}
	accent = rgb{0x0b, 0x4a, 0x7d}

	nameStyle    = style{bold: true, size: 22, color: ink}
	labelStyle   = style{size: 12, color: accent}
	contactStyle = style{size: 9, color: muted}
	headingStyle = style{bold: true, size: 11, color: accent}
	titleStyle   = style{bold: true, size: 10, color: ink}
	orgStyle     = style{size: 10, color: ink}
	metaStyle    = style{size: 9, color: muted}
	bodyStyle    = style{size: 9.5, color: ink}
	strongStyle  = style{bold: true, size: 9.5, color: ink}
	footerStyle  = style{size: 8, color: muted}
)

const (
	bodyLeading  = 12.6 // line height of body text
	bulletIndent = 11.0
	separator    = " · "
)

// builder turns the view of a resume into lines no wider than width.
type builder struct {
	m     measurer
	clean *sanitizer
	width float64
	lines []line
	// outline is the index of each section heading in lines, for bookmarks.
	outline []heading
}

type heading struct {
	label string
	line  int
}

// sp returns a span of printable text.
func (b *builder) sp(text string, st style, link string) span {
	return span{text: b.clean.text(text, st.bold), st: st, link: pdfLink(link)}
}

// para adds text wrapped to the width. The first line keeps with the
// second and the last but one with the last, so a page never starts or
// ends with a lone line of a paragraph.
func (b *builder) para(spans []span, indent, before, leading float64, bullet bool) {
	rows := wrap(b.m, spans, b.width-indent, b.width-indent)
	for i, row := range rows {
		l := line{spans: row, indent: indent, height: leading}
		if i == 0 {
			l.before, l.bullet = before, bullet
		}
		l.keep = len(rows) > 1 && (i == 0 || i == len(rows)-2)
		b.lines = append(b.lines, l)
	}
}

func (b *builder) header(v *resume.View) {
	b.para([]span{b.sp(v.Name, nameStyle, "")}, 0, 0, 27, false)
	if v.Label != "" {
		b.para([]span{b.sp(v.Label, labelStyle, "")}, 0, 0, 17, false)
	}
	var items [][]span
	add := func(text, link string) {
		if text != "" {
			items = append(items, []span{b.sp(text, contactStyle, link)})
		}
	}
	add(v.Location, "")
	if v.Email != "" {
		add(v.Email, "mailto:"+v.Email)
	}
	add(v.Phone, v.PhoneURL)
	if v.URL != "" {
		add(resume.ShortURL(v.URL), v.URL)
	}
	for _, p := range v.Profiles {
		text := p.Text
		if p.URL == "" && p.Network != "" {
			text = strings.TrimSuffix(p.Network+": "+p.Text, ": ")
		}
		add(text, p.URL)
	}
	b.flow(items, b.sp(separator, contactStyle, ""), 4, 12.5)
}

// flow lays out items side by side with sep between them, starting a new
// line only between items.
func (b *builder) flow(items [][]span, sep span, before, leading float64) {
	var cur []span
	used := 0.0
	first := true
	for _, it := range items {
		w := 0.0
		for _, s := range it {
			w += b.m.width(s.text, s.st)
		}
		sw := b.m.width(sep.text, sep.st)
		if len(cur) > 0 && used+sw+w > b.width {
			b.lines = append(b.lines, line{spans: cur, height: leading, before: ifFirst(first, before)})
			cur, used, first = nil, 0, false
		}
		if len(cur) > 0 {
			cur, used = append(cur, sep), used+sw
		}
		if w > b.width { // an item wider than the page: wrap it alone
			b.para(it, 0, ifFirst(first, before), leading, false)
			first = false
			continue
		}
		cur, used = append(cur, it...), used+w
	}
	if len(cur) > 0 {
		b.lines = append(b.lines, line{spans: cur, height: leading, before: ifFirst(first, before)})
	}
}

func ifFirst(first bool, v float64) float64 {
	if first {
		return v
	}
	return 0
}

func (b *builder) heading(label string) {
	b.outline = append(b.outline, heading{label: label, line: len(b.lines)})
	b.lines = append(b.lines, line{spans: []span{b.sp(label, headingStyle, "")}, height: 17, before: 13, rule: true, keep: true})
}

func (b *builder) about(s resume.Section) {
	if len(s.Text) == 0 {
		return
	}
	b.heading(s.Label)
	for i, p := range s.Text {
		b.para([]span{b.sp(p, bodyStyle, "")}, 0, before(i, 4, 4), bodyLeading, false)
	}
}

func before(i int, first, rest float64) float64 {
	if i == 0 {
		return first
	}
	return rest
}

func (b *builder) section(s resume.Section) {
	b.heading(s.Label)
	for i, e := range s.Entries {
		start := len(b.lines)
		switch s.Name {
		case resume.SectionSkills, resume.SectionLanguages, resume.SectionInterests:
			b.compact(e, before(i, 4, 2.5))
		default:
			b.entry(s.Name, e, before(i, 4, 7))
		}
		// A heading keeps at least two lines under it: a first entry of
		// one line keeps with the next entry.
		if i == 0 && len(b.lines)-start == 1 && len(s.Entries) > 1 {
			b.lines[start].keep = true
		}
	}
}

// compact adds an entry as one paragraph: "Cloud · Expert: AWS Lambda, S3".
func (b *builder) compact(e resume.Entry, space float64) {
	spans := []span{b.sp(e.Title, strongStyle, e.URL)}
	if e.Level != "" {
		spans = append(spans, b.sp(separator+e.Level, style{size: bodyStyle.size, color: muted}, ""))
	}
	if len(e.Keywords) > 0 {
		spans = append(spans, b.sp(": "+strings.Join(e.Keywords, ", "), bodyStyle, ""))
	}
	b.para(spans, 0, space, bodyLeading, false)
}

// entry adds an entry: its title line with the dates flush right, a line
// of details, then text, highlights and lists. The title and details keep
// with the first lines of what follows, and a section heading keeps with
// them in turn.
func (b *builder) entry(section string, e resume.Entry, space float64) {
	start := len(b.lines)
	title := []span{b.sp(e.Title, titleStyle, e.URL)}
	if e.Org != "" {
		title = append(title, b.sp(separator, orgStyle, ""), b.sp(e.Org, orgStyle, e.OrgURL))
	}
	var right []span
	rw := 0.0
	if e.Dates.Text != "" {
		right = []span{b.sp(e.Dates.Text, metaStyle, "")}
		rw = b.m.width(right[0].text, metaStyle) + 12
	}
	for i, row := range wrap(b.m, title, b.width-rw, b.width) {
		l := line{spans: row, height: 13.5}
		if i == 0 {
			l.before, l.right = space, right
		}
		b.lines = append(b.lines, l)
	}
	var details []string
	for _, d := range []string{e.About, e.Location, e.Level} {
		if d != "" {
			details = append(details, d)
		}
	}
	if e.Score != "" {
		details = append(details, "Score: "+e.Score)
	}
	if len(e.Roles) > 0 {
		details = append(details, "Roles: "+strings.Join(e.Roles, ", "))
	}
	if len(details) > 0 {
		b.para([]span{b.sp(strings.Join(details, separator), metaStyle, "")}, 0, 0, 12, false)
	}
	head := len(b.lines)
	for i, p := range e.Text {
		text := p
		if section == resume.SectionReferences {
			text = "“" + p + "”"
		}
		b.para([]span{b.sp(text, bodyStyle, "")}, 0, before(i, 2, 4), bodyLeading, false)
	}
	for _, h := range e.Highlights {
		b.para([]span{b.sp(h, bodyStyle, "")}, bulletIndent, 1.5, bodyLeading, true)
	}
	for _, list := range []struct {
		label string
		items []string
	}{{"Courses", e.Courses}, {"Keywords", e.Keywords}} {
		if len(list.items) > 0 {
			b.para([]span{b.sp(list.label+": ", strongStyle, ""), b.sp(strings.Join(list.items, ", "), bodyStyle, "")}, 0, 2, bodyLeading, false)
		}
	}
	// The head keeps with the first line of the body, and that with the
	// second; the rest may break where it must.
	for i := start; i < head && i < len(b.lines)-1; i++ {
		b.lines[i].keep = true
	}
	if head+1 < len(b.lines) {
		b.lines[head].keep = true
	}
}

// pdfLink returns link when a PDF viewer can follow it safely: http(s),
// mailto: and tel: URLs, written in ASCII.
func pdfLink(link string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	switch u.Scheme {
	case "http", "https", "mailto", "tel":
	default:
		return ""
	}
	s := u.String()
	for i := range len(s) {
		if s[i] < 0x21 || s[i] > 0x7e {
			return ""
		}
	}
	return s
}
