package resume

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// warningsOf parses data, which must load, and returns its warnings.
func warningsOf(t *testing.T, name, data string) []string {
	t.Helper()
	r, err := Parse(name, []byte(data))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	var out []string
	for _, w := range r.Warnings() {
		if !w.Warning {
			t.Errorf("Warnings() holds an error: %v", w)
		}
		out = append(out, w.String())
	}
	return out
}

func TestUnknownFieldWarnings(t *testing.T) {
	y := `basics:
  name: Ada
  lable: Engineer
  pronouns: she/her
wrok:
  - name: Engines
work:
  - company: Analytical Engines
    website: https://engines.example.com
    postion: Mathematician
education:
  - institution: Home
    gpa: "4.0"
meta:
  themeOptions: {colors: {accent: ["#005f73"]}}
  sectons: [work]
`
	assertProblems(t, warningsOf(t, "r.yaml", y),
		`r.yaml:3: warning: basics.lable: unknown field; did you mean "label"?`,
		`r.yaml:4: warning: basics.pronouns: unknown field, ignored`,
		`r.yaml:5: warning: wrok: unknown field; did you mean "work"?`,
		`r.yaml:8: warning: work[0].company: unknown field: the old schema's "company" is "name" now`,
		`r.yaml:9: warning: work[0].website: unknown field: the old schema's "website" is "url" now`,
		`r.yaml:10: warning: work[0].postion: unknown field; did you mean "position"?`,
		`r.yaml:13: warning: education[0].gpa: unknown field: the old schema's "gpa" is "score" now`,
		// meta holds the settings of other tools: only a likely typo warns.
		`r.yaml:16: warning: meta.sectons: unknown field; did you mean "sections"?`,
	)

	j := "{\n  \"basics\": {\"name\": \"Ada\", \"picture\": \"a.png\"},\n  \"Work\": []\n}"
	assertProblems(t, warningsOf(t, "r.json", j),
		`r.json:2: warning: basics.picture: unknown field: the old schema's "picture" is "image" now`,
		`r.json:3: warning: Work: the schema spells it "work"; other tools may not read it`,
	)
	if w := warningsOf(t, "example.yaml", string(Example())); len(w) != 0 {
		t.Errorf("the example has warnings: %v", w)
	}
}

// Warnings come with the errors when a resume cannot be used, so a typo
// that causes an error is explained next to it.
func TestWarningsListedWithErrors(t *testing.T) {
	assertProblems(t, problemsOf(t, "r.yaml", "basics:\n  nmae: Ada\n"),
		`r.yaml:1: basics.name: is required`,
		`r.yaml:2: warning: basics.nmae: unknown field; did you mean "name"?`,
	)
	_, err := Parse("r.yaml", []byte("basics:\n  nmae: Ada\n"))
	var inv *Invalid
	if !errors.As(err, &inv) || inv.Errors() != 1 {
		t.Fatalf("Errors() of %v", err)
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct{ key, want string }{
		{"wrok", "work"}, {"skils", "skills"}, {"refrences", "references"}, {"Projetcs", "projects"},
		{"volunter", "volunteer"}, {"xyz", ""}, {"works", "work"}, {"cert", ""}, {"languages2", "languages"},
	} {
		if got := closest(c.key, fieldNames(resumeType())); got != c.want {
			t.Errorf("closest(%q) = %q, want %q", c.key, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"wrok", "work", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"ca", "abc", 3}, {"é", "e", 1}} {
		if got := distance(c.a, c.b); got != c.d {
			t.Errorf("distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestPlainScalarsInStringFields(t *testing.T) {
	y := `basics:
  name: 1984
  label: true
  phone: +4930123456
  location:
    postalCode: 01067
    city: Dresden
education:
  - institution: TU
    score: 3.70
    courses: [Go, 101, no]
    startDate: 2012
x-extra: 5
`
	r, err := Parse("r.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	b, e := r.Basics, r.Education[0]
	got := []string{b.Name, b.Label, b.Phone, b.Location.PostalCode, e.Score, strings.Join(e.Courses, ","), string(e.StartDate)}
	want := []string{"1984", "true", "+4930123456", "01067", "3.70", "Go,101,no", "2012"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	// Raw holds what the schema wants: strings, as written; other fields
	// keep their type.
	for _, s := range []string{`"name":"1984"`, `"postalCode":"01067"`, `"score":"3.70"`, `"courses":["Go","101","no"]`, `"x-extra":5`} {
		if !strings.Contains(string(r.Raw()), s) {
			t.Errorf("Raw lacks %s: %s", s, r.Raw())
		}
	}
	// JSON says what it means: a number is not a string there.
	assertProblems(t, problemsOf(t, "r.json", `{"basics": {"name": "Ada", "location": {"postalCode": 10115}}}`),
		`r.json:1: basics.location.postalCode: expected a string, got a number`)
	// A value JSON cannot hold is still refused outside string fields.
	assertProblems(t, problemsOf(t, "r.yaml", "basics:\n  name: .inf\nx-size: .nan\n"),
		`r.yaml:3: x-size: .nan cannot be written in JSON`,
		`r.yaml:3: warning: x-size: unknown field, ignored`)
}

func TestDuplicateKeys(t *testing.T) {
	y := "basics:\n  name: Ada\n  label: A\n  name: Bea\nwork:\n  - name: X\n    name: Y\n"
	assertProblems(t, problemsOf(t, "r.yaml", y),
		`r.yaml:4: basics.name: duplicate key "name": it is also at line 2`,
		`r.yaml:7: work[0].name: duplicate key "name": it is also at line 6`,
	)
	j := "{\n \"basics\": {\"name\": \"Ada\"},\n \"x\": {\"a\": 1,\n  \"a\": 2},\n \"basics\": {}\n}"
	assertProblems(t, problemsOf(t, "r.json", j),
		`r.json:3: warning: x: unknown field, ignored`,
		`r.json:4: x.a: duplicate key "a": it is also at line 3`,
		`r.json:5: basics: duplicate key "basics": it is also at line 2`,
	)
}

func TestYAMLMergeKeys(t *testing.T) {
	y := `job: &job
  name: Northwind
  url: https://northwind.example.com
basics: {name: Ada}
work:
  - <<: *job
    position: Engineer
  - <<: [*job]
    name: Northwind Labs
`
	r, err := Parse("r.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Work) != 2 || r.Work[0].Name != "Northwind" || r.Work[0].Position != "Engineer" ||
		r.Work[1].Name != "Northwind Labs" || r.Work[1].URL != "https://northwind.example.com" {
		t.Errorf("merge keys: %+v", r.Work)
	}
	for _, w := range r.Warnings() {
		if w.Field != "job" {
			t.Errorf("unexpected warning %v", w)
		}
	}
	assertProblems(t, problemsOf(t, "r.yaml", "basics:\n  <<: 5\n  name: Ada\n"),
		`r.yaml:2: syntax error: a merge key (<<) takes a mapping or a list of mappings`)
}

func TestFileSizeLimit(t *testing.T) {
	big := append([]byte("basics:\n  name: Ada\n  summary: "), bytes.Repeat([]byte("a"), MaxFileSize)...)
	if _, err := Parse("big.yaml", big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse of %d bytes: %v", len(big), err)
	}
	if _, err := Read("<stdin>", bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Errorf("Read: %v", err)
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Load: %v", err)
	}
	// Exactly at the limit is fine.
	ok := append([]byte("basics:\n  name: Ada\n  summary: "), bytes.Repeat([]byte("a"), MaxFileSize-30)...)
	if _, err := Read("ok.yaml", bytes.NewReader(ok[:MaxFileSize])); err != nil {
		t.Errorf("a file of 1 MB: %v", err)
	}
}

func TestMetaSettings(t *testing.T) {
	y := `basics: {name: Ada}
meta:
  sections: [work, skils, work]
  sectionLabels: {work: Berufserfahrung, abuot: Profil}
`
	assertProblems(t, warningsOf(t, "r.yaml", y),
		`r.yaml:3: warning: meta.sections[1]: "skils" is not a section (did you mean "skills"?); it is left out`,
		`r.yaml:3: warning: meta.sections[2]: "work" is listed twice; it is shown once`,
		`r.yaml:4: warning: meta.sectionLabels.abuot: "abuot" is not a section (did you mean "about"?)`,
	)
	assertProblems(t, problemsOf(t, "r.yaml", "basics: {name: Ada}\nmeta:\n  paper: A5\n"),
		`r.yaml:3: meta.paper: "A5" is not a paper size: use a4 or letter`)
	assertProblems(t, problemsOf(t, "r.yaml", "basics: {name: Ada}\nmeta:\n  sectionLabels: {work: [Jobs]}\n"),
		`r.yaml:3: meta.sectionLabels.work: expected a string, got an array`)
	r, err := Parse("r.yaml", []byte("basics: {name: Ada}\nmeta: {paper: Letter}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := ParsePaper(r.Meta.Paper); p != Letter {
		t.Errorf("paper = %q", p)
	}
}

func resumeType() reflect.Type { return reflect.TypeFor[Resume]() }
