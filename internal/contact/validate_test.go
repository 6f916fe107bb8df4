package contact_test

import (
	"strings"
	"testing"

	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/problem"
)

func TestValidateAccepts(t *testing.T) {
	got, err := contact.Validate(contact.Form{
		Name:    "  Zoë Ö'Brien ",
		Email:   " zoe.o-brien+cv@mail.example.org\t",
		Message: "\n Hello,\r\nline two\rline three \n",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := contact.Form{Name: "Zoë Ö'Brien", Email: "zoe.o-brien+cv@mail.example.org", Message: "Hello,\nline two\nline three"}
	if got != want {
		t.Fatalf("Validate = %+v, want %+v", got, want)
	}

	// Limits count characters, not bytes.
	if _, err := contact.Validate(contact.Form{
		Name: strings.Repeat("é", 100), Email: "a@b.co", Message: strings.Repeat("✓", 5000),
	}); err != nil {
		t.Fatalf("100-character name and 5000-character message: %v", err)
	}
}

func TestValidateProblems(t *testing.T) {
	ok := contact.Form{Name: "Ada", Email: "ada@example.com", Message: "Hi"}
	cases := []struct {
		name  string
		edit  func(*contact.Form)
		field string
	}{
		{"empty name", func(f *contact.Form) { f.Name = "" }, "name"},
		{"blank name", func(f *contact.Form) { f.Name = " \t\n " }, "name"},
		{"long name", func(f *contact.Form) { f.Name = strings.Repeat("é", 101) }, "name"},
		{"name with line break", func(f *contact.Form) { f.Name = "Ada\r\nBcc: evil@x.example" }, "name"},
		{"name with NUL", func(f *contact.Form) { f.Name = "Ada\x00" }, "name"},
		{"name with LF only", func(f *contact.Form) { f.Name = "Ada\nLovelace" }, "name"},
		{"name invalid UTF-8", func(f *contact.Form) { f.Name = "Ada\xff" }, "name"},
		{"empty email", func(f *contact.Form) { f.Email = "" }, "email"},
		{"no at", func(f *contact.Form) { f.Email = "ada.example.com" }, "email"},
		{"no domain", func(f *contact.Form) { f.Email = "ada@" }, "email"},
		{"display name", func(f *contact.Form) { f.Email = "Ada <ada@example.com>" }, "email"},
		{"angle brackets", func(f *contact.Form) { f.Email = "<ada@example.com>" }, "email"},
		{"comment", func(f *contact.Form) { f.Email = "ada@example.com (Ada)" }, "email"},
		{"two addresses", func(f *contact.Form) { f.Email = "ada@example.com, eve@example.com" }, "email"},
		{"header injection", func(f *contact.Form) { f.Email = "ada@example.com\r\nBcc: evil@x.example" }, "email"},
		{"LF injection", func(f *contact.Form) { f.Email = "ada@example.com\nBcc: evil@x.example" }, "email"},
		{"non-ASCII", func(f *contact.Form) { f.Email = "zoë@example.com" }, "email"},
		{"too long", func(f *contact.Form) { f.Email = strings.Repeat("a", 250) + "@b.co" }, "email"},
		{"empty message", func(f *contact.Form) { f.Message = "  \r\n " }, "message"},
		{"long message", func(f *contact.Form) { f.Message = strings.Repeat("✓", 5001) }, "message"},
		{"message with control", func(f *contact.Form) { f.Message = "Hi\x1b[31m" }, "message"},
		{"message with C1 control", func(f *contact.Form) { f.Message = "Hi\u009b31m" }, "message"},
		{"message with bidi override", func(f *contact.Form) { f.Message = "pay to \u202e1234\u202c please" }, "message"},
		{"message with bidi isolate", func(f *contact.Form) { f.Message = "a \u2067b\u2069 c" }, "message"},
		{"name with bidi override", func(f *contact.Form) { f.Name = "Ada\u202eecalevol" }, "name"},
		{"name with bidi mark", func(f *contact.Form) { f.Name = "Ada\u200f" }, "name"},
		{"email with bidi override", func(f *contact.Form) { f.Email = "ada\u202e@example.com" }, "email"},
		{"message invalid UTF-8", func(f *contact.Form) { f.Message = "Hi\xc3" }, "message"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ok
			c.edit(&f)
			_, err := contact.Validate(f)
			p, isFields := problem.AsFields(err)
			if !isFields {
				t.Fatalf("Validate = %v, want problem.Fields", err)
			}
			if len(p) != 1 || p[c.field] == "" {
				t.Fatalf("problems = %v, want one for %q", p, c.field)
			}
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	_, err := contact.Validate(contact.Form{})
	p, _ := problem.AsFields(err)
	for _, f := range []string{"name", "email", "message"} {
		if p[f] != "is required" {
			t.Errorf("problem for %s = %q, want \"is required\"", f, p[f])
		}
	}
	if len(p) != 3 {
		t.Fatalf("problems = %v", p)
	}
}
