package pdf

import (
	"bytes"
	"encoding/json"
	"html"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/cloudresume/cloudresume/internal/resume"
)

func example(t *testing.T) *resume.Resume {
	t.Helper()
	r, err := resume.Parse("example.yaml", resume.Example())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *resume.Resume, opts Options) ([]byte, Result) {
	t.Helper()
	var b bytes.Buffer
	res, err := Write(&b, r, opts)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes(), res
}

// validate checks the file with pdfcpu's strict validator and returns its
// page count and the size of its first page.
func validate(t *testing.T, data []byte) (int, types.Dim) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(data), conf); err != nil {
		t.Fatalf("pdfcpu: %v", err)
	}
	n, err := api.PageCount(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatal(err)
	}
	dims, err := api.PageDims(bytes.NewReader(data), conf)
	if err != nil || len(dims) == 0 {
		t.Fatalf("page sizes: %v", err)
	}
	return n, dims[0]
}

// pdfFile writes data to a temporary file for the poppler tools.
func pdfFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "resume.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdftotext(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is needed to read the text back: apt-get install poppler-utils (scripts/test.sh does)")
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("pdftotext %v: %v", args, err)
	}
	return string(out)
}

// text returns the text of the PDF with every run of white space as one
// space.
func text(t *testing.T, data []byte) string {
	t.Helper()
	return strings.Join(strings.Fields(pdftotext(t, "-enc", "UTF-8", pdfFile(t, data), "-")), " ")
}

// inOrder checks that every string of want occurs in got, each after the
// one before.
func inOrder(t *testing.T, got string, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		w = strings.Join(strings.Fields(w), " ")
		i := strings.Index(got[at:], w)
		if i < 0 {
			if j := strings.Index(got, w); j >= 0 {
				t.Errorf("%q is out of order (at %d, expected after %d)", w, j, at)
			} else {
				t.Errorf("%q is missing from the text", w)
			}
			continue
		}
		at += i + len(w)
	}
}

// expected returns what the text of the view must hold, in order, and
// the dates, which sit apart at the right and are only looked for.
func expected(v *resume.View) (order, dates []string) {
	order = []string{v.Name, v.Label, v.Location, v.About.Label}
	order = append(order, v.About.Text...)
	for _, s := range v.Sections {
		order = append(order, s.Label)
		for _, e := range s.Entries {
			order = append(order, e.Title)
			if e.Org != "" {
				order = append(order, e.Org)
			}
			order = append(order, e.Text...)
			order = append(order, e.Highlights...)
			order = append(order, e.Courses...)
			order = append(order, e.Keywords...)
			if e.Dates.Text != "" {
				dates = append(dates, e.Dates.Text)
			}
		}
	}
	return order, dates
}

func TestExample(t *testing.T) {
	r := example(t)
	v := resume.NewView(r)
	order, dates := expected(v)
	for _, c := range []struct {
		paper resume.Paper
		w, h  float64
	}{{resume.A4, 595.28, 841.89}, {resume.Letter, 612, 792}} {
		t.Run(string(c.paper), func(t *testing.T) {
			data, res := render(t, r, Options{Paper: c.paper})
			pages, dim := validate(t, data)
			t.Logf("%s: %d pages, %d bytes", c.paper, pages, len(data))
			if pages > 2 || pages != res.Pages || res.Paper != c.paper {
				t.Errorf("%d pages (Result %+v), want at most 2", pages, res)
			}
			if dim.Width != c.w || dim.Height != c.h {
				t.Errorf("page %vx%v, want %vx%v", dim.Width, dim.Height, c.w, c.h)
			}
			got := text(t, data)
			inOrder(t, got, order)
			for _, d := range dates {
				if !strings.Contains(got, d) {
					t.Errorf("date %q is missing", d)
				}
			}
			if len(res.Missing) != 0 {
				t.Errorf("the example has characters the fonts lack: %q", res.Missing)
			}
		})
	}
}

// link is a link annotation: where it points and on which page.
type link struct {
	page int
	uri  string
	rect []float64
}

func links(t *testing.T, data []byte) []link {
	t.Helper()
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	var out []link
	for p := 1; p <= ctx.PageCount; p++ {
		d, _, _, err := ctx.PageDict(p, false)
		if err != nil {
			t.Fatal(err)
		}
		annots, err := ctx.DereferenceArray(d["Annots"])
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range annots {
			ad, err := ctx.DereferenceDict(a)
			if err != nil {
				t.Fatal(err)
			}
			if st := ad.NameEntry("Subtype"); st == nil || *st != "Link" {
				continue
			}
			action, err := ctx.DereferenceDict(ad["A"])
			if err != nil {
				t.Fatal(err)
			}
			uri, err := types.StringLiteralToString(action["URI"].(types.StringLiteral))
			if err != nil {
				t.Fatal(err)
			}
			var rect []float64
			for _, n := range ad.ArrayEntry("Rect") {
				switch n := n.(type) {
				case types.Float:
					rect = append(rect, n.Value())
				case types.Integer:
					rect = append(rect, float64(n.Value()))
				}
			}
			out = append(out, link{page: p, uri: uri, rect: rect})
		}
	}
	return out
}

func TestLinks(t *testing.T) {
	data, _ := render(t, example(t), Options{})
	got := map[string]link{}
	for _, l := range links(t, data) {
		got[l.uri] = l
	}
	for _, want := range []string{
		"mailto:alex.rivera@example.com", "tel:+15550134", "https://alexrivera.example.com",
		"https://github.com/alexrivera-example", "https://www.linkedin.com/in/alexrivera-example",
		"https://northwind.example.com", "https://oregonstate.example.edu",
		"https://aws.amazon.com/certification/certified-cloud-practitioner/",
		"https://alexrivera.example.com/posts/counting-visitors",
		"https://github.com/alexrivera-example/cloudresume", "https://codeforcascadia.example.org",
	} {
		l, ok := got[want]
		if !ok {
			t.Errorf("no link to %s", want)
			continue
		}
		if len(l.rect) != 4 || l.rect[2]-l.rect[0] < 20 || l.rect[0] < 40 || l.rect[2] > 560 {
			t.Errorf("link to %s has rect %v", want, l.rect)
		}
	}
	if l := got["mailto:alex.rivera@example.com"]; l.page != 1 {
		t.Errorf("the email link is on page %d", l.page)
	}
}

func TestAccentsAndMissingGlyphs(t *testing.T) {
	r := example(t)
	// "é" written as e and a combining accent, a Vietnamese name, a
	// Romanian ș, an Azerbaijani ə, and a CJK character and an emoji the
	// fonts lack.
	r.Basics.Name = "Zoë Ångström-Nguyễn"
	r.Basics.Label = "Ingénieure cloud, Brașov, Şəki"
	r.Work[0].Name = "Re\u0301nault 山田 ⚙\ufe0f"
	data, res := render(t, r, Options{})
	validate(t, data)
	got := text(t, data)
	for _, want := range []string{"Zoë Ångström-Nguyễn", "Ingénieure cloud, Brașov, Şəki", "Rénault ?? ?"} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q:\n%.900s", want, got)
		}
	}
	if !slices.Equal(res.Missing, []rune{'山', '田', '⚙'}) {
		t.Errorf("Missing = %q", res.Missing)
	}
	info := pdfinfo(t, data)
	if !strings.Contains(info, "Title:           Zoë Ångström-Nguyễn – Ingénieure cloud") {
		t.Errorf("metadata:\n%s", info)
	}
}

func pdfinfo(t *testing.T, data []byte) string {
	t.Helper()
	out, err := exec.Command("pdfinfo", pdfFile(t, data)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

func TestPaper(t *testing.T) {
	r := example(t)
	r.Meta.Paper = "Letter"
	data, res := render(t, r, Options{})
	if _, dim := validate(t, data); dim.Width != 612 || res.Paper != resume.Letter {
		t.Errorf("meta.paper letter: %v %+v", dim, res)
	}
	data, _ = render(t, r, Options{Paper: resume.A4})
	if _, dim := validate(t, data); dim.Width != 595.28 {
		t.Errorf("an A4 option over meta.paper letter: %v", dim)
	}
	r.Meta.Paper = "A5"
	if _, err := Write(&bytes.Buffer{}, r, Options{}); err == nil {
		t.Error("meta.paper A5 accepted")
	}
	if _, err := Write(&bytes.Buffer{}, example(t), Options{Paper: "legal"}); err == nil {
		t.Error("paper legal accepted")
	}
}

// The same resume makes the same file, so a built site does not change
// when nothing did.
func TestDeterministic(t *testing.T) {
	a, _ := render(t, example(t), Options{})
	b, _ := render(t, example(t), Options{})
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same resume differ")
	}
	if !strings.Contains(pdfinfo(t, a), "CreationDate:    Wed Jan 15 09:00:00 2025 UTC") {
		t.Error("the creation date is not meta.lastModified")
	}
}

// bboxWord is a word of the body of a page (the footer left out), as
// pdftotext -bbox sees it.
type bboxWord struct {
	page int
	y    float64
	text string
}

var (
	pageRE = regexp.MustCompile(`<page width="[^"]+" height="([^"]+)">`)
	wordRE = regexp.MustCompile(`<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="[^"]+">([^<]*)</word>`)
)

func bboxWords(t *testing.T, data []byte) []bboxWord {
	t.Helper()
	out := pdftotext(t, "-bbox", pdfFile(t, data), "-")
	var words []bboxWord
	for p, page := range strings.Split(out, "<page ")[1:] {
		m := pageRE.FindStringSubmatch("<page " + page)
		if m == nil {
			t.Fatalf("pdftotext -bbox: no page size in %.100s", page)
		}
		height, _ := strconv.ParseFloat(m[1], 64)
		for _, m := range wordRE.FindAllStringSubmatch(page, -1) {
			if y, _ := strconv.ParseFloat(m[1], 64); y < height-marginBottom {
				words = append(words, bboxWord{page: p + 1, y: y, text: html.UnescapeString(m[2])})
			}
		}
	}
	return words
}

// A section heading stays with the start of its first entry, and an
// entry's title with its first lines: the test moves the page break
// through the whole resume by lengthening the summary one line at a time,
// and checks every heading of every rendering.
func TestHeadingsKeepWithTheirContent(t *testing.T) {
	base := example(t)
	filler := strings.Repeat("Keeps the platform boring and the pager quiet. ", 200)
	labels := map[string]bool{}
	for _, s := range resume.NewView(base).Sections {
		labels[s.Label] = true
	}
	checked := 0
	for extra := 0; extra < 520; extra += 18 {
		r := *base
		r.Basics.Summary = base.Basics.Summary + " " + filler[:extra*3]
		r.Meta.Sections = nil
		data, res := render(t, &r, Options{})
		if res.Pages < 2 {
			continue
		}
		words := bboxWords(t, data)
		for i, w := range words {
			if !labels[w.text] || (i > 0 && words[i-1].y == w.y && words[i-1].page == w.page) {
				continue // not a heading, or a word inside a line
			}
			// The heading's line, then the first entry's title and the line after it.
			var after []bboxWord
			for _, n := range words[i+1:] {
				if n.page != w.page || n.y > w.y+1 && (len(after) == 0 || n.y > after[len(after)-1].y+1) {
					after = append(after, n)
				}
				if len(after) == 2 {
					break
				}
			}
			if len(after) < 2 && !(w.text == "References" && len(after) == 1) {
				t.Errorf("summary +%d: heading %q on page %d has too little under it: %+v", extra, w.text, w.page, after)
				continue
			}
			for _, n := range after {
				if n.page != w.page {
					t.Errorf("summary +%d: heading %q is on page %d, its first lines on page %d", extra, w.text, w.page, n.page)
				}
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d headings checked", checked)
	}
}

func TestWrap(t *testing.T) {
	m := fixedWidth{}
	lines := wrap(m, []span{{text: "aaa bbb ccc"}, {text: " ddddddddddddddddddddddd", st: style{bold: true}}}, 5, 8)
	var got []string
	for _, l := range lines {
		var b strings.Builder
		for _, s := range l {
			b.WriteString(s.text)
		}
		got = append(got, b.String())
		if w := widthOf(m, l); w > 8 {
			t.Errorf("line %q is %v wide", b.String(), w)
		}
	}
	if strings.Join(got, "|") != "aaa|bbb ccc|dddddddd|dddddddd|ddddddd" {
		t.Errorf("wrap = %q", got)
	}
	if got := wrap(m, nil, 5, 5); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("wrap of nothing = %v", got)
	}
}

// fixedWidth measures every character as one point.
type fixedWidth struct{}

func (fixedWidth) width(s string, _ style) float64 { return float64(len([]rune(s))) }

func widthOf(m measurer, l []span) float64 {
	w := 0.0
	for _, s := range l {
		w += m.width(s.text, s.st)
	}
	return w
}

func TestPaginate(t *testing.T) {
	l := func(h float64, keep bool) line { return line{height: h, before: 2, keep: keep} }
	// A page body of 100: the heading (keep) and its first line do not fit
	// after 80, so both move; a chain taller than a page does not move.
	lines := []line{l(80, false), l(10, true), l(10, false), l(10, false)}
	got := paginate(lines, 0, 100)
	if got[1].page != 1 || got[1].y != 0 || got[2].page != 1 || got[3].page != 1 {
		t.Errorf("kept lines: %+v", got)
	}
	long := []line{l(10, false)}
	for range 20 {
		long = append(long, l(10, true))
	}
	long = append(long, l(10, false))
	got = paginate(long, 0, 100)
	if got[1].page != 0 {
		t.Errorf("a chain longer than a page moved to page %d", got[1].page)
	}
	for _, p := range got {
		if p.y+p.height > 100 {
			t.Errorf("a line overflows the page: %+v", p)
		}
	}
}

func TestPDFLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a b":    "https://example.com/a%20b",
		"mailto:jo@example.com":      "mailto:jo@example.com",
		"tel:+15550134":              "tel:+15550134",
		"javascript:alert(1)":        "",
		"file:///etc/passwd":         "",
		"https://example.com/ü":      "https://example.com/%C3%BC",
		"":                           "",
		"https://exa mple.com/\x7f)": "",
	} {
		if got := pdfLink(in); got != want {
			t.Errorf("pdfLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// The PDF shows every field of the schema that carries content: as text,
// as a link, or formatted (dates, the country). What it leaves out is
// listed here with the reason.
func TestEveryContentFieldShows(t *testing.T) {
	data, err := os.ReadFile("../testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := resume.Parse("every-field.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	leftOut := map[string]string{
		"$schema":                     "the schema the document follows, not content",
		"meta.canonical":              "where the latest document is, for machines",
		"meta.version":                "the document's version, for machines",
		"meta.lastModified":           "the PDF's creation date in its metadata",
		"basics.image":                "no photo in the PDF: applicant-tracking systems skip images, and many employers ask for none",
		"basics.location.address":     "a street address is private; the page and the PDF show the city, region and country",
		"basics.location.postalCode":  "as the street address",
		"basics.profiles[0].network":  "the link's address names the site",
		"basics.profiles[0].username": "the link's address holds it",
	}
	pdfData, _ := render(t, r, Options{})
	got := text(t, pdfData)
	uris := map[string]bool{}
	for _, l := range links(t, pdfData) {
		uris[l.uri] = true
	}
	var doc map[string]any
	if err := json.Unmarshal(r.Raw(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, v := range flatten("", doc) {
		switch {
		case leftOut[path] != "":
		case strings.HasSuffix(path, "url") && !strings.HasPrefix(path, "basics."):
			if !uris[v] {
				t.Errorf("%s: no link to %s", path, v)
			}
		case strings.HasSuffix(path, "Date") || strings.HasSuffix(path, ".date"):
			if d := resume.Date(v).Short(); !strings.Contains(got, d) {
				t.Errorf("%s: %q is not shown as %q", path, v, d)
			}
		case path == "basics.location.countryCode":
			if !strings.Contains(got, "New Zealand") {
				t.Errorf("the country is not named")
			}
		case path == "basics.url" || path == "basics.profiles[0].url":
			if !uris[v] || !strings.Contains(got, resume.ShortURL(v)) {
				t.Errorf("%s: %s is not shown and linked", path, v)
			}
		case !strings.Contains(got, v):
			t.Errorf("%s: %q is not in the PDF", path, v)
		}
	}
}

// flatten returns every string of a JSON value by its path ("work[0].name").
func flatten(path string, v any) map[string]string {
	out := map[string]string{}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			maps.Copy(out, flatten(p, x))
		}
	case []any:
		for i, x := range v {
			maps.Copy(out, flatten(path+"["+strconv.Itoa(i)+"]", x))
		}
	case string:
		out[path] = v
	}
	return out
}
