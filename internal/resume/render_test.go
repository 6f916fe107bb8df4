package resume

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

func example(t *testing.T) *Resume {
	t.Helper()
	r, err := Parse("example.yaml", Example())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// newSite returns the site of r in the built-in theme name ("" = the
// one ChooseTheme picks).
func newSite(t *testing.T, r *Resume, name string) *Site {
	t.Helper()
	th, err := ChooseTheme(name, r)
	if err != nil {
		t.Fatal(err)
	}
	return NewSite(r, th)
}

func render(t *testing.T, r *Resume, opts PageOptions) string {
	t.Helper()
	return renderIn(t, "", r, opts)
}

func renderIn(t *testing.T, theme string, r *Resume, opts PageOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := newSite(t, r, theme).RenderPage(&b, opts); err != nil {
		t.Fatalf("RenderPage: %v", err)
	}
	return b.String()
}

func renderNotice(t *testing.T, r *Resume, n Notice) string {
	t.Helper()
	var b bytes.Buffer
	if err := newSite(t, r, "").RenderNotice(&b, n); err != nil {
		t.Fatalf("RenderNotice: %v", err)
	}
	return b.String()
}

func mustContain(t *testing.T, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(page, p) {
			t.Errorf("page lacks %q", p)
		}
	}
}

func mustNotContain(t *testing.T, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(page, p) {
			t.Errorf("page has %q", p)
		}
	}
}

var sectionIDs = []string{"about", "work", "projects", "skills", "education", "certificates", "awards",
	"publications", "volunteer", "languages", "interests", "references"}

func TestRenderExampleSections(t *testing.T) {
	page := render(t, example(t), PageOptions{SiteURL: "https://alexrivera.example.com", Counter: true})
	if !strings.HasPrefix(page, "<!doctype html>\n<html lang=\"en\">") {
		t.Errorf("page starts %.40q", page)
	}
	for _, id := range sectionIDs {
		mustContain(t, page, `<section id="`+id+`">`+"\n<h2>", `<li><a href="#`+id+`">`)
	}
	mustContain(t, page,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<title>Alex Rivera – Cloud Engineer</title>`,
		`<meta name="description" content="Cloud engineer with eight years`,
		`<link rel="canonical" href="https://alexrivera.example.com/">`,
		`<meta property="og:url" content="https://alexrivera.example.com/">`,
		`<meta property="og:title" content="Alex Rivera – Cloud Engineer">`,
		`<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">`,
		`<link rel="icon" href="/favicon.svg" type="image/svg+xml">`,
		`<a class="skip" href="#main">Skip to content</a>`,
		`<header class="top">`, `<nav class="nav" aria-label="Sections">`, `<main id="main" tabindex="-1">`, "<footer>",
		`<h1>Alex Rivera</h1>`,
		`<a href="mailto:alex.rivera@example.com">alex.rivera@example.com</a>`,
		`<a href="tel:&#43;15550134">&#43;1 555 0134</a>`,
		`<a href="https://github.com/alexrivera-example" rel="me">github.com/alexrivera-example</a>`,
		`Seattle, Washington, United States`,
		`<a href="https://northwind.example.com">Northwind Cloud</a>`,
		`<time datetime="2021-04">Apr 2021</time> – Present`,
		`<time datetime="2018-06">Jun 2018</time> – <time datetime="2021-03">Mar 2021</time>`,
		`AWS Certified Cloud Practitioner</a></h3>`,
		`<time datetime="2019-03-14">Mar 2019</time>`,
		`<li>Terraform</li>`,
		`<h3>Bachelor of Science, Computer Science</h3>`,
		`<h3>English</h3>`,
		"<blockquote>\n<p>Alex made our releases boring",
		`<p class="visits" id="visits" hidden aria-live="polite"></p>`,
		`<meta name="cloudresume-api" content="">`,
		`<script src="/counter.js" defer></script>`,
	)
	// Without a site URL there is nothing to call canonical.
	page = render(t, example(t), PageOptions{})
	mustNotContain(t, page, `rel="canonical"`, `og:url`, `id="visits"`, `counter.js`, `cloudresume-api`, `id="contact"`, `/movies`)
}

func TestRenderEmptySectionsLeftOut(t *testing.T) {
	page := render(t, &Resume{Basics: Basics{Name: "Ada"}}, PageOptions{})
	for _, id := range sectionIDs {
		mustNotContain(t, page, `id="`+id+`"`)
	}
	mustNotContain(t, page, "<nav", "<h2")
	mustContain(t, page, "<h1>Ada</h1>", "<title>Ada</title>", `<meta name="description" content="Ada">`)
}

var headingRE = regexp.MustCompile(`<h([1-6])[ >]`)

func TestHeadingOrder(t *testing.T) {
	page := render(t, example(t), PageOptions{Counter: true, MoviesLink: true,
		Contact: &ContactForm{Problems: map[string]string{"email": "Enter an email address"}}})
	levels := headingRE.FindAllStringSubmatch(page, -1)
	if len(levels) < 20 || levels[0][1] != "1" {
		t.Fatalf("headings: %v", levels)
	}
	prev := 1
	for i, m := range levels[1:] {
		l := int(m[1][0] - '0')
		if l == 1 {
			t.Errorf("heading %d is a second h1", i+1)
		}
		if l > prev+1 {
			t.Errorf("heading %d jumps from h%d to h%d", i+1, prev, l)
		}
		prev = l
	}
	// Every item of an item section has its own h3.
	r := example(t)
	if got, want := strings.Count(page, "<h3>"), len(r.Work)+len(r.Projects)+len(r.Skills)+len(r.Education)+
		len(r.Certificates)+len(r.Awards)+len(r.Publications)+len(r.Volunteer)+len(r.Languages)+
		len(r.Interests)+len(r.References); got != want {
		t.Errorf("%d h3 headings, want %d", got, want)
	}
}

func jsonLDOf(t *testing.T, page string) map[string]any {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no JSON-LD")
	}
	body := page[i+len(open):]
	body = body[:strings.Index(body, "</script>")]
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, body)
	}
	return v
}

func TestJSONLD(t *testing.T) {
	ld := jsonLDOf(t, render(t, example(t), PageOptions{SiteURL: "https://alexrivera.example.com/"}))
	if ld["@context"] != "https://schema.org" || ld["@type"] != "ProfilePage" || ld["url"] != "https://alexrivera.example.com/" {
		t.Errorf("page: %v", ld)
	}
	p, _ := ld["mainEntity"].(map[string]any)
	if p["@type"] != "Person" || p["name"] != "Alex Rivera" || p["jobTitle"] != "Cloud Engineer" || p["url"] != "https://alexrivera.example.com" {
		t.Errorf("person: %v", p)
	}
	same, _ := p["sameAs"].([]any)
	if len(same) != 2 || same[0] != "https://github.com/alexrivera-example" {
		t.Errorf("sameAs = %v", same)
	}
	works, _ := p["worksFor"].([]any)
	if len(works) != 1 || works[0].(map[string]any)["name"] != "Northwind Cloud" {
		t.Errorf("worksFor = %v (only the current job)", works)
	}
}

func TestUntrustedInputEscaped(t *testing.T) {
	r := &Resume{Basics: Basics{
		Name:    `Eve</script><script>alert(1)</script>`,
		Label:   `"><img src=x onerror=alert(2)>`,
		Summary: "<b>bold</b> & </style>",
		Profiles: []Profile{
			{Network: "Evil", Username: "eve", URL: "javascript:alert(3)"},
			{Network: "Data", URL: "data:text/html,<script>alert(4)</script>"},
		},
	}, Work: []Work{{Name: "Shady", URL: "ftp://shady.example.com", Position: "Boss"}}}
	page := render(t, r, PageOptions{})
	mustNotContain(t, page, "<script>alert", "<img src=x", "javascript:", "data:text", "ftp://", "<b>bold", "</style> &")
	mustContain(t, page,
		"<h1>Eve&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>",
		`<li class="profile"><span class="key">Evil: </span>eve</li>`, `<li class="profile">Data</li>`, "<h3>Boss</h3>\n<p class=\"org\">Shady</p>",
		"&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/style&gt;")
	ld := jsonLDOf(t, page)
	if ld["mainEntity"].(map[string]any)["name"] != r.Basics.Name {
		t.Errorf("JSON-LD name = %v", ld["mainEntity"])
	}
	if _, ok := ld["mainEntity"].(map[string]any)["sameAs"]; ok {
		t.Error("non-web profile URLs are in sameAs")
	}
}

var (
	scriptRE = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)
	attrRE   = regexp.MustCompile(`<[a-zA-Z][^>]*\s(style|on[a-z]+)\s*=`)
)

func TestNoInlineCode(t *testing.T) {
	for i, opts := range []PageOptions{
		{},
		{Counter: true, APIURL: "http://127.0.0.1:8080/", MoviesLink: true, Contact: &ContactForm{}},
		{Counter: true, Contact: &ContactForm{Problems: map[string]string{"name": "x", "token": "y"}}},
	} {
		page := renderIn(t, theme.Names()[i%len(theme.Names())], example(t), opts)
		scripts := scriptRE.FindAllStringSubmatch(page, -1)
		external := 0
		for _, s := range scripts {
			switch {
			case s[1] == ` type="application/ld+json"`:
			case s[1] == ` src="/counter.js" defer` && s[2] == "":
				external++
			default:
				t.Errorf("unexpected script: %s", s[0])
			}
		}
		if want := map[bool]int{true: 1, false: 0}[opts.Counter]; external != want {
			t.Errorf("%d counter scripts, want %d", external, want)
		}
		if m := attrRE.FindString(page); m != "" {
			t.Errorf("inline style or event handler: %s", m)
		}
		if strings.Count(page, "<style") != 1 || strings.Contains(page, `rel="stylesheet"`) {
			t.Error("want exactly one inline style block and no stylesheet link")
		}
		if opts.APIURL != "" {
			mustContain(t, page, `<meta name="cloudresume-api" content="http://127.0.0.1:8080">`)
		}
	}
}

// The page policy allows the inline style of every built-in theme by its
// hash, and the site's own when the resume changes its colours.
func TestInlineStyleHash(t *testing.T) {
	styleOf := func(page string) string {
		start := strings.Index(page, "<style>") + len("<style>")
		return page[start:strings.Index(page, "</style>")]
	}
	hashes := InlineStyleHashes()
	if len(hashes) != len(theme.Names()) {
		t.Fatalf("InlineStyleHashes() = %v, want one per built-in theme", hashes)
	}
	for _, name := range theme.Names() {
		css := styleOf(renderIn(t, name, example(t), PageOptions{}))
		if h := hashSource(css); !slices.Contains(hashes, h) {
			t.Errorf("%s: the page's style hash %s is not in %v", name, h, hashes)
		}
		mustContain(t, css, "@media (prefers-color-scheme:dark)", "@media print", ":focus-visible", "--accent:", "--bg:", "--fg:", "--muted:", "--line:", "--soft:")
		mustNotContain(t, css, "@import", "url(", "@font-face")
	}
	r := example(t)
	r.Meta.ThemeOptions.Colors = map[string]Color{"accent": {"#8a2be2", "#d8b4fe"}, "background": {"ivory"}}
	css := styleOf(render(t, r, PageOptions{}))
	mustContain(t, css, "\n@media screen{:root{--accent:#8a2be2;--bg:ivory}}\n@media screen and (prefers-color-scheme:dark){:root{--accent:#d8b4fe}}")
	site := newSite(t, r, "")
	if h := hashSource(css); slices.Contains(hashes, h) || !slices.Contains(site.StyleHashes(), h) {
		t.Errorf("the coloured style's hash %s: StyleHashes() = %v", h, site.StyleHashes())
	}
}

var inputRE = regexp.MustCompile(`<(?:input|textarea)[^>]*>`)

// field returns the tag of the input or textarea with the given id.
func field(t *testing.T, page, id string) string {
	t.Helper()
	for _, tag := range inputRE.FindAllString(page, -1) {
		if strings.Contains(tag, ` id="`+id+`"`) {
			return tag
		}
	}
	t.Fatalf("no field %q", id)
	return ""
}

func TestContactFormEmpty(t *testing.T) {
	page := render(t, example(t), PageOptions{Contact: &ContactForm{Token: "1700000000.c2lnbg"}})
	mustContain(t, page,
		`<section id="contact" aria-labelledby="contact-title">`, `<h2 id="contact-title">Contact</h2>`,
		`<li><a href="#contact">Contact</a></li>`,
		`<form id="contact-form" method="post" action="/api/contact" novalidate`,
		`<label for="name">Name</label>`, `<label for="email">Email</label>`, `<label for="message">Message</label>`,
		`<div class="hp" aria-hidden="true">`+"\n"+`<label for="website">`,
		`<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">`,
		`<input type="hidden" name="token" value="1700000000.c2lnbg">`,
		`<button type="submit">Send message</button>`,
		`<script src="/counter.js" defer></script>`, // enhances the form even without the counter
	)
	mustContain(t, field(t, page, "name"), `name="name"`, `autocomplete="name"`, `maxlength="100"`)
	mustContain(t, field(t, page, "email"), `type="email"`, `name="email"`, `autocomplete="email"`)
	mustContain(t, field(t, page, "message"), `<textarea`, `name="message"`, `maxlength="5000"`)
	body := page[strings.Index(page, "</head>"):] // the stylesheet names these too
	mustNotContain(t, body, `aria-invalid`, `role="alert"`, `class="field-error"`, `id="visits"`)

	page = render(t, example(t), PageOptions{Contact: &ContactForm{Action: "https://api.example.com/api/contact"}})
	mustContain(t, page, `action="https://api.example.com/api/contact"`)
}

func TestContactFormProblems(t *testing.T) {
	page := render(t, example(t), PageOptions{Contact: &ContactForm{
		Token:    "tok",
		Values:   map[string]string{"name": `Bob "<b>"`, "email": "bob@", "message": "Hi </textarea><script>x</script>"},
		Problems: map[string]string{"email": "Enter an email address like name@example.com", "message": "Write at least 10 characters", "token": "The form expired; send it again"},
	}})
	mustContain(t, page,
		`<div class="error-summary" id="contact-errors" role="alert" tabindex="-1" autofocus>`,
		`<li><a href="#email">Enter an email address like name@example.com</a></li>`+"\n"+
			`<li><a href="#message">Write at least 10 characters</a></li>`+"\n"+
			`<li>The form expired; send it again</li>`,
		`<p id="email-error" class="field-error">Enter an email address like name@example.com</p>`,
		`<p id="message-error" class="field-error">Write at least 10 characters</p>`,
		`>Hi &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>`,
	)
	mustContain(t, field(t, page, "email"), `value="bob@"`, `aria-invalid="true"`, `aria-describedby="email-error"`)
	mustContain(t, field(t, page, "message"), `aria-invalid="true"`, `aria-describedby="message-error"`)
	name := field(t, page, "name")
	mustContain(t, name, `value="Bob &#34;&lt;b&gt;&#34;"`)
	mustNotContain(t, name, "aria-invalid", "aria-describedby")
	mustNotContain(t, page, `id="name-error"`)
	if strings.Index(page, `role="alert"`) > strings.Index(page, `<label for="name">`) {
		t.Error("the error summary is not at the top of the form")
	}
}

func TestThanksNotice(t *testing.T) {
	page := renderNotice(t, example(t), ThanksNotice("https://cv.example.org"))
	mustContain(t, page, `<p class="status" id="contact-status" role="status" tabindex="-1" autofocus>Thank you for your message.`,
		`<a href="https://cv.example.org/">Back to the resume</a>`, `<style>`, "<title>Message sent – ")
	mustNotContain(t, page, "<form", "<script")
	if s := newSite(t, example(t), ""); !strings.Contains(page, "<style>"+s.Style()+"</style>") {
		t.Error("the notice's inline style is not the page's, whose hash the policy allows")
	}
	// Without a resume (a function with none configured) it still reads.
	page = renderNotice(t, nil, Notice{Title: "Too many messages", Text: "Wait.\n\nThen again.", Contact: &ContactForm{Values: map[string]string{"name": "Bo"}, Problems: map[string]string{"email": "is required"}}})
	mustContain(t, page, "<p>Wait.</p>", "<p>Then again.</p>", `value="Bo"`, `id="email-error"`, `<a href="/">Back to the resume</a>`)
}

func TestDescriptionCut(t *testing.T) {
	r := &Resume{Basics: Basics{Name: "Ada", Summary: strings.Repeat("é", 200)}}
	d := description(r)
	if !utf8.ValidString(d) || !strings.HasSuffix(d, "…") || len(d) > 165 {
		t.Errorf("description = %q", d)
	}
	r.Basics.Summary = strings.Repeat("word ", 50)
	if d := description(r); !strings.HasSuffix(d, "word…") {
		t.Errorf("description = %q, want a cut at a word", d)
	}
}

func TestMoviesLink(t *testing.T) {
	mustContain(t, render(t, example(t), PageOptions{MoviesLink: true}), `<li><a href="/movies">Movies</a></li>`)
	mustNotContain(t, render(t, example(t), PageOptions{}), `/movies`)
}

// The first response must fit the first round trip of a new connection
// (about 14 KB), so the page shows without waiting for more: in every
// theme, with everything a page can have.
func TestPageGzipSize(t *testing.T) {
	for _, name := range theme.Names() {
		page := renderIn(t, name, example(t), PageOptions{SiteURL: "https://alexrivera.example.com", Counter: true, MoviesLink: true,
			PDF: "/resume.pdf", Photo: "/photo/0123456789abcdef.jpg", Contact: &ContactForm{Token: strings.Repeat("t", 60)},
			CSP: strings.Repeat("c", 600)})
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		zw.Write([]byte(page))
		zw.Close()
		// The response's headers, the policy twice among them, take the rest.
		const budget = 12 * 1024
		if b.Len() >= budget {
			t.Errorf("%s: index.html is %d bytes gzipped (%d raw), budget %d", name, b.Len(), len(page), budget)
		}
		t.Logf("%s: index.html: %d bytes, %d gzipped", name, len(page), b.Len())
	}
}

func TestContactSummaryNamesFields(t *testing.T) {
	page := render(t, example(t), PageOptions{Contact: &ContactForm{
		Problems: map[string]string{"name": "is required", "email": "must be an email address", "message": "is required", "token": "the form has expired"},
	}})
	mustContain(t, page,
		`<li><a href="#name">Name is required</a></li>`+"\n"+
			`<li><a href="#email">Email must be an email address</a></li>`+"\n"+
			`<li><a href="#message">Message is required</a></li>`+"\n"+
			`<li>the form has expired</li>`,
		// Beside its field, under its label, the reason stands alone.
		`<p id="name-error" class="field-error">is required</p>`,
	)
}
