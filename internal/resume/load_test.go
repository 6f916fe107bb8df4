package resume

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExampleLoads(t *testing.T) {
	r, err := Parse("example.yaml", Example())
	if err != nil {
		t.Fatalf("the built-in example is invalid:\n%v", err)
	}
	if r.Basics.Name != "Alex Rivera" || r.Basics.Location.City != "Seattle" || len(r.Basics.Profiles) == 0 {
		t.Errorf("basics not loaded: %+v", r.Basics)
	}
	counts := map[string]int{
		"work": len(r.Work), "volunteer": len(r.Volunteer), "education": len(r.Education),
		"awards": len(r.Awards), "certificates": len(r.Certificates), "publications": len(r.Publications),
		"skills": len(r.Skills), "languages": len(r.Languages), "interests": len(r.Interests),
		"references": len(r.References), "projects": len(r.Projects),
	}
	for section, n := range counts {
		if n < 1 || n > 3 {
			t.Errorf("example has %d %s entries, want 1-3", n, section)
		}
	}
	if len(r.Work) != 3 {
		t.Errorf("example has %d jobs, want 3", len(r.Work))
	}
	found := false
	for _, c := range r.Certificates {
		found = found || c.Name == "AWS Certified Cloud Practitioner"
	}
	if !found {
		t.Error("example lacks the AWS Certified Cloud Practitioner certificate")
	}
	if r.Meta.Version == "" || r.Work[0].StartDate != "2021-04" {
		t.Errorf("meta or dates not loaded: %+v %q", r.Meta, r.Work[0].StartDate)
	}
	// Example returns a copy: changing it does not change the next one.
	b := Example()
	b[0] = 'X'
	if Example()[0] == 'X' {
		t.Error("Example shares its backing array")
	}
}

func TestParseJSONAndYAMLAgree(t *testing.T) {
	y, err := Parse("example.yaml", Example())
	if err != nil {
		t.Fatal(err)
	}
	raw := y.Raw()
	if !json.Valid(raw) {
		t.Fatalf("Raw of a YAML resume is not JSON: %s", raw)
	}
	j, err := Parse("resume.json", raw)
	if err != nil {
		t.Fatalf("the YAML converted to JSON does not load: %v", err)
	}
	a, _ := json.Marshal(y)
	b, _ := json.Marshal(j)
	if string(a) != string(b) {
		t.Errorf("JSON and YAML give different resumes:\n%s\n%s", a, b)
	}
	// Member order of the document is kept.
	if !strings.HasPrefix(string(raw), `{"$schema":`) || strings.Index(string(raw), `"basics"`) > strings.Index(string(raw), `"work"`) {
		t.Errorf("member order not kept: %.80s", raw)
	}
}

func TestUnknownFieldsKept(t *testing.T) {
	doc := `{
  "basics": {"name": "Ada", "pronouns": "she/her", "location": {"city": "London", "planet": "Earth"}},
  "x-theme": {"colour": "teal", "size": 3},
  "work": [{"name": "Analytical Engines", "team": ["Charles"], "startDate": "1842"}]
}`
	r, err := Parse("resume.json", []byte(doc))
	if err != nil {
		t.Fatalf("unknown fields refused: %v", err)
	}
	if r.Basics.Name != "Ada" || r.Basics.Location.City != "London" || r.Work[0].StartDate != "1842" {
		t.Errorf("known fields lost: %+v", r)
	}
	if string(r.Raw()) != doc {
		t.Errorf("Raw() = %s, want the document as given", r.Raw())
	}

	y := "basics:\n  name: Ada\n  pronouns: she/her\nx-theme:\n  size: 3\n  dark: true\n  none: null\n"
	r, err = Parse("resume.yml", []byte(y))
	if err != nil {
		t.Fatalf("unknown YAML fields refused: %v", err)
	}
	want := `{"basics":{"name":"Ada","pronouns":"she/her"},"x-theme":{"size":3,"dark":true,"none":null}}`
	if string(r.Raw()) != want {
		t.Errorf("Raw() = %s, want %s", r.Raw(), want)
	}
}

func TestYAMLScalars(t *testing.T) {
	// Unquoted dates are YAML timestamps; they stay the strings written.
	y := "basics:\n  name: Ada\ncertificates:\n  - name: A\n    date: 2020-03-14\n  - name: B\n    date: 2021-05\nawards:\n  - &a {title: Prize, date: '2019'}\n  - *a\n"
	r, err := Parse("r.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if r.Certificates[0].Date != "2020-03-14" || r.Certificates[1].Date != "2021-05" {
		t.Errorf("dates = %q, %q", r.Certificates[0].Date, r.Certificates[1].Date)
	}
	if len(r.Awards) != 2 || r.Awards[1].Title != "Prize" {
		t.Errorf("alias not expanded: %+v", r.Awards)
	}

	// A bare year is a YAML integer; it is taken as the year it means,
	// and Raw holds it as the string the schema wants.
	r, err = Parse("r.yaml", []byte("basics:\n  name: Ada\nwork:\n  - startDate: 2019\n    endDate: 2020-06\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Work[0].StartDate != "2019" || !strings.Contains(string(r.Raw()), `"startDate":"2019"`) {
		t.Errorf("year: %q, raw %s", r.Work[0].StartDate, r.Raw())
	}
	assertProblems(t, problemsOf(t, "r.yaml", "basics:\n  name: Ada\nwork:\n  - startDate: 20190\n"),
		`r.yaml:4: work[0].startDate: "20190" is not a date`)
}

// problemsOf parses data and returns the lines of the *Invalid error.
func problemsOf(t *testing.T, name, data string) []string {
	t.Helper()
	_, err := Parse(name, []byte(data))
	if err == nil {
		t.Fatalf("Parse(%s) succeeded, want problems", name)
	}
	var inv *Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("Parse(%s) error %T %v, want *Invalid", name, err, err)
	}
	if got, want := err.Error(), strings.Count(err.Error(), "\n")+1; len(inv.Problems) != want {
		t.Fatalf("Error() has %d lines for %d problems:\n%s", want, len(inv.Problems), got)
	}
	return strings.Split(err.Error(), "\n")
}

func assertProblems(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const badYAML = `basics:
  name: Ada Lovelace
  email: ada@
  url: ftp://ada.example.com
  image: javascript:alert(1)
  location:
    postalCode: 12345
  profiles:
    - network: GitHub
      url: github.com/ada
work:
  - name: Engines
    startDate: 1842-01
  - name: Babbage & Co
    startDate: 2020-13
    endDate: 2021-02-30
  - name: Later
    startDate: 2021-05
    endDate: 2020
    highlights: one highlight
education:
  - institution: Home
    courses: [Mathematics, [42]]
`

func TestInvalidYAML(t *testing.T) {
	got := problemsOf(t, "resume.yaml", badYAML)
	assertProblems(t, got,
		`resume.yaml:3: basics.email: "ada@" is not an email address`,
		`resume.yaml:4: basics.url: "ftp://ada.example.com" is not an absolute http(s) URL`,
		`resume.yaml:5: basics.image: "javascript:alert(1)" is not an http(s) URL or a path`,
		`resume.yaml:10: basics.profiles[0].url: "github.com/ada" is not an absolute http(s) URL`,
		`resume.yaml:15: work[1].startDate: "2020-13" is not a date`,
		`resume.yaml:16: work[1].endDate: "2021-02-30" is not a date`,
		`resume.yaml:19: work[2].endDate: "2020" is before startDate "2021-05"`,
		`resume.yaml:20: work[2].highlights: expected an array, got a string`,
		`resume.yaml:23: education[0].courses[1]: expected a string, got an array`,
	)
}

const badJSON = `{
  "basics": {
    "name": "",
    "email": "Ada <ada@example.com>",
    "profiles": [
      {"network": "GitHub", "url": "https://github.com/ada"},
      {"network": 7}
    ]
  },
  "work": [
    {"name": "A", "startDate": "2020-02",
     "endDate": "2020-01"}
  ],
  "certificates": [{"name": "AWS", "date": "2021-02-30", "url": "https://aws.example.com"}],
  "publications": [{"name": "P", "releaseDate": 2020}],
  "skills": {"name": "Go"}
}`

func TestInvalidJSON(t *testing.T) {
	got := problemsOf(t, "resume.json", badJSON)
	assertProblems(t, got,
		`resume.json:3: basics.name: is required`,
		`resume.json:4: basics.email: "Ada <ada@example.com>" is not an email address`,
		`resume.json:7: basics.profiles[1].network: expected a string, got a number`,
		`resume.json:12: work[0].endDate: "2020-01" is before startDate "2020-02"`,
		`resume.json:14: certificates[0].date: "2021-02-30" is not a date`,
		`resume.json:15: publications[0].releaseDate: expected a string, got a number`,
		`resume.json:16: skills: expected an array, got an object`,
	)
}

func TestMissingName(t *testing.T) {
	assertProblems(t, problemsOf(t, "r.json", `{"work": []}`), `r.json:1: basics.name: is required`)
	assertProblems(t, problemsOf(t, "r.yaml", "work: []\nbasics:\n  label: Engineer\n"), `r.yaml:2: basics.name: is required`)
	assertProblems(t, problemsOf(t, "r.yaml", "basics:\n  name: [12]\n"), `r.yaml:2: basics.name: expected a string, got an array`)
}

func TestWrongTopLevel(t *testing.T) {
	assertProblems(t, problemsOf(t, "r.json", "\n[1, 2]"), `r.json:2: expected an object, got an array`)
	assertProblems(t, problemsOf(t, "r.yaml", "just text\n"), `r.yaml:1: expected an object, got a string`)
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"r.json", "{\n  \"basics\": {\"name\": \"Ada\",}\n}", `r.json:2: syntax error: invalid character '}' looking for beginning of object key string`},
		{"r.json", "{\n  \"basics\": {\"name\": \"Ada\"\n  \"work\": []\n}", `r.json:3: syntax error: invalid character '"' after object key:value pair`},
		{"r.json", "{\n  \"basics\": {\n", `r.json:3: syntax error: unexpected end of input`},
		{"r.json", "", `r.json:1: syntax error: unexpected end of input`},
		{"r.json", "{}\n{}", `r.json:2: syntax error: unexpected data after the top-level value`},
		{"r.yaml", "basics:\n  name: Ada\n   label: x\n", `r.yaml:3: syntax error: mapping values are not allowed in this context`},
		{"r.yaml", "basics:\n  name: [Ada\nwork: []\n", `r.yaml:2: syntax error: did not find expected ',' or ']'`},
		{"r.yaml", "basics:\n  - name: Ada\n label: x\n", `r.yaml:3: syntax error: did not find expected key`},
		{"r.yaml", "a: b: c\n", `r.yaml:1: syntax error: mapping values are not allowed in this context`},
		{"r.yaml", "", `r.yaml:1: syntax error: the document is empty`},
		{"r.yaml", "basics:\n  name: Ada\nwork: .nan\n", `r.yaml:3: work: .nan cannot be written in JSON`},
	} {
		got := problemsOf(t, c.name, c.data)
		assertProblems(t, got, c.want)
	}
}

func TestProblemFields(t *testing.T) {
	_, err := Parse("r.yaml", []byte("basics:\n  name: Ada\nwork:\n  - startDate: 2020-13\n"))
	var inv *Invalid
	if !errors.As(err, &inv) || len(inv.Problems) != 1 {
		t.Fatalf("err = %v", err)
	}
	want := Problem{File: "r.yaml", Line: 4, Field: "work[0].startDate", Msg: `"2020-13" is not a date`}
	if inv.Problems[0] != want {
		t.Errorf("problem = %+v, want %+v", inv.Problems[0], want)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.json":     `{"basics": {"name": "Json"}}`,
		"b.yaml":     "basics:\n  name: Yaml\n",
		"c.yml":      "basics: {name: Yml}\n",
		"d.resume":   "  {\"basics\": {\"name\": \"Sniffed JSON\"}}",
		"e.txt":      "basics:\n  name: Sniffed YAML\n",
		"bom.json":   "\xef\xbb\xbf{\"basics\": {\"name\": \"Bom\"}}",
		"wrong.json": "basics:\n  name: Yaml in a .json file\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]string{"a.json": "Json", "b.yaml": "Yaml", "c.yml": "Yml", "d.resume": "Sniffed JSON", "e.txt": "Sniffed YAML", "bom.json": "Bom"} {
		r, err := Load(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("Load(%s): %v", name, err)
			continue
		}
		if r.Basics.Name != want {
			t.Errorf("Load(%s) name = %q, want %q", name, r.Basics.Name, want)
		}
	}
	path := filepath.Join(dir, "wrong.json")
	_, err := Load(path)
	var inv *Invalid
	if !errors.As(err, &inv) || inv.Problems[0].File != path || inv.Problems[0].Line != 1 {
		t.Errorf("Load(wrong.json) = %v, want a syntax problem naming %s:1", err, path)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || errors.As(err, &inv) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func TestValidate(t *testing.T) {
	r := &Resume{Basics: Basics{Email: "nope"}, Work: []Work{{StartDate: "2021", EndDate: "2020-12"}}}
	err := r.Validate()
	want := ": basics.name: is required\n: basics.email: \"nope\" is not an email address\n: work[0].endDate: \"2020-12\" is before startDate \"2021\""
	if err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want\n%s", err, want)
	}
	r = &Resume{Basics: Basics{Name: "Ada"}}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
	if string(r.Raw()) != `{"basics":{"name":"Ada"}}` {
		t.Errorf("Raw() of a built resume = %s", r.Raw())
	}
}
