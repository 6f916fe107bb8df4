package resume

import (
	"encoding/json"
	"html"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// The fields of JSON Resume 1.0.0 (its schema.json), by object.
var schemaFields = map[reflect.Type][]string{
	reflect.TypeFor[Resume]():      {"$schema", "basics", "work", "volunteer", "education", "awards", "certificates", "publications", "skills", "languages", "interests", "references", "projects", "meta"},
	reflect.TypeFor[Basics]():      {"name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"},
	reflect.TypeFor[Location]():    {"address", "postalCode", "city", "countryCode", "region"},
	reflect.TypeFor[Profile]():     {"network", "username", "url"},
	reflect.TypeFor[Work]():        {"name", "location", "description", "position", "url", "startDate", "endDate", "summary", "highlights"},
	reflect.TypeFor[Volunteer]():   {"organization", "position", "url", "startDate", "endDate", "summary", "highlights"},
	reflect.TypeFor[Education]():   {"institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"},
	reflect.TypeFor[Award]():       {"title", "date", "awarder", "summary"},
	reflect.TypeFor[Certificate](): {"name", "date", "url", "issuer"},
	reflect.TypeFor[Publication](): {"name", "publisher", "releaseDate", "url", "summary"},
	reflect.TypeFor[Skill]():       {"name", "level", "keywords"},
	reflect.TypeFor[Language]():    {"language", "fluency"},
	reflect.TypeFor[Interest]():    {"name", "keywords"},
	reflect.TypeFor[Reference]():   {"name", "reference"},
	reflect.TypeFor[Project]():     {"name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity", "type"},
	reflect.TypeFor[Meta]():        {"canonical", "version", "lastModified"},
}

// The model has a field for every field of the schema, and adds only the
// settings that tools read from meta.
func TestModelHasEverySchemaField(t *testing.T) {
	for typ, want := range schemaFields {
		got := fieldNames(typ)
		for _, f := range want {
			if !slices.Contains(got, f) {
				t.Errorf("%s has no field %q", typ.Name(), f)
			}
		}
		for _, f := range got {
			if !slices.Contains(want, f) && !(typ == reflect.TypeFor[Meta]() && slices.Contains([]string{"sections", "sectionLabels", "paper", "theme", "themeOptions"}, f)) {
				t.Errorf("%s has %q, which the schema does not", typ.Name(), f)
			}
		}
	}
}

// everyField loads testdata/every-field.yaml, which gives every field of
// the schema a value found nowhere else.
func everyField(t *testing.T) *Resume {
	t.Helper()
	data, err := os.ReadFile("testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse("every-field.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings()) > 0 {
		t.Fatalf("warnings: %v", r.Warnings())
	}
	return r
}

// leaves returns every string value of a JSON document by its path.
func leaves(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(joinPath(path, k), x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		case string:
			out[path] = v
		}
	}
	walk("", v)
	return out
}

func TestModelLoadsEveryField(t *testing.T) {
	r := everyField(t)
	doc := leaves(t, r.Raw())
	if len(doc) < 70 {
		t.Fatalf("the fixture has %d values", len(doc))
	}
	model, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	loaded := leaves(t, model)
	for path, v := range doc {
		if loaded[path] != v {
			t.Errorf("%s = %q is not loaded (model has %q)", path, v, loaded[path])
		}
	}
}

// The view holds every field that carries content; what it leaves out is
// listed here with the reason.
func TestViewHoldsEveryContentField(t *testing.T) {
	r := everyField(t)
	leftOut := map[string]string{
		"$schema":                     "the schema the document follows, not content",
		"meta.canonical":              "where the latest document is, for machines",
		"meta.version":                "the document's version, for machines",
		"basics.location.countryCode": "shown as the country's name",
	}
	view, err := json.Marshal(NewView(r))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for path, v := range leaves(t, r.Raw()) {
		if _, ok := leftOut[path]; !ok && !strings.Contains(string(view), v) {
			missing = append(missing, path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the view lacks %v", missing)
	}
	if !strings.Contains(string(view), "New Zealand") {
		t.Error("the country is not named")
	}
}

// Every theme's page shows every field that carries content; what it
// leaves out is listed here with the reason.
func TestPageShowsEveryContentField(t *testing.T) {
	r := everyField(t)
	leftOut := map[string]string{
		"$schema":                     "the schema the document follows, not content",
		"meta.canonical":              "where the latest document is, for machines",
		"meta.version":                "the document's version, for machines",
		"meta.lastModified":           "shown as its date (Dec 12, 2012)",
		"basics.location.countryCode": "shown as the country's name",
		"basics.location.address":     "a street address is not put on a public page",
		"basics.location.postalCode":  "a street address is not put on a public page",
	}
	for _, name := range theme.Names() {
		page := html.UnescapeString(renderIn(t, name, r, PageOptions{}))
		var missing []string
		for path, v := range leaves(t, r.Raw()) {
			if _, ok := leftOut[path]; !ok && !strings.Contains(page, v) {
				missing = append(missing, path)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s: the page lacks %v", name, missing)
		}
		for _, want := range []string{"New Zealand", `<time datetime="2012-12-12">Dec 12, 2012</time>`, `src="https://basicsimage.example.com/me.png"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page lacks %q", name, want)
			}
		}
	}
}
