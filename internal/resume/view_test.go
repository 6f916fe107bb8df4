package resume

import (
	"strings"
	"testing"
)

func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		start, end       Date
		text, startT, eT string
		single, ongoing  bool
	}{
		{"2021-04", "", "Apr 2021 – Present", "Apr 2021", "Present", false, true},
		{"2013-12-01", "2014-12-01", "Dec 2013 – Dec 2014", "Dec 2013", "Dec 2014", false, false},
		{"2016", "2018", "2016 – 2018", "2016", "2018", false, false},
		{"2016", "2018-05", "2016 – May 2018", "2016", "May 2018", false, false},
		{"2020-03-02", "2020-03-30", "Mar 2020", "Mar 2020", "Mar 2020", true, false},
		{"", "2019-06", "Jun 2019", "", "Jun 2019", false, false},
		{"", "", "", "", "", false, false},
	} {
		p := NewPeriod(c.start, c.end)
		if p.Text != c.text || p.StartText != c.startT || p.EndText != c.eT || p.Single() != c.single || p.Ongoing() != c.ongoing {
			t.Errorf("NewPeriod(%q, %q) = %+v single=%v ongoing=%v", c.start, c.end, p, p.Single(), p.Ongoing())
		}
		if p.Start != c.start || p.End != c.end {
			t.Errorf("NewPeriod(%q, %q) lost the machine dates: %+v", c.start, c.end, p)
		}
	}
	if p := OnDate("2023-11-05"); p.Text != "Nov 2023" || !p.Single() || p.Start != "2023-11-05" {
		t.Errorf("OnDate = %+v", p)
	}
	if p := OnDate(""); !p.IsZero() || p.Text != "" {
		t.Errorf("OnDate empty = %+v", p)
	}
	for in, want := range map[Date]string{"2020": "2020", "2020-03": "Mar 2020", "2020-03-14": "Mar 2020", "bogus": "bogus"} {
		if got := in.Short(); got != want {
			t.Errorf("Date(%q).Short() = %q, want %q", in, got, want)
		}
	}
}

func TestPlace(t *testing.T) {
	for _, c := range []struct {
		l    Location
		want string
	}{
		{Location{City: "Berlin", Region: "Berlin", CountryCode: "DE"}, "Berlin, Germany"},
		{Location{City: "Seattle", Region: "Washington", CountryCode: "us"}, "Seattle, Washington, United States"},
		{Location{City: "Luxembourg", CountryCode: "LU"}, "Luxembourg"}, // the country repeats the city
		{Location{City: "Paris", CountryCode: "France"}, "Paris, France"},
		{Location{City: " Zürich ", Region: "ZH", CountryCode: "CH"}, "Zürich, ZH, Switzerland"},
		{Location{CountryCode: "XX"}, "XX"},
		{Location{Region: "Bretagne"}, "Bretagne"},
		{Location{}, ""},
	} {
		if got := c.l.Place(); got != c.want {
			t.Errorf("%+v.Place() = %q, want %q", c.l, got, c.want)
		}
	}
	l := Location{Address: "Glücklichkeit Straße 1\nHinterhaus 5. Etage li.", PostalCode: "10115", City: "Berlin", Region: "Berlin", CountryCode: "DE"}
	if got := strings.Join(l.Lines(), " / "); got != "Glücklichkeit Straße 1 / Hinterhaus 5. Etage li. / 10115 Berlin / Germany" {
		t.Errorf("Lines() = %q", got)
	}
}

func TestCountryName(t *testing.T) {
	for code, want := range map[string]string{"DE": "Germany", "gb": "United Kingdom", "UK": "United Kingdom", "US": "United States",
		"CI": "Côte d’Ivoire", "KR": "South Korea", "ZW": "Zimbabwe", "AD": "Andorra", "XK": "Kosovo", "ZZ": "", "": "", "DEU": ""} {
		if got := CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", code, got, want)
		}
	}
	// Every assigned code is known: the table has the 249 of ISO 3166-1.
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if CountryName(string([]rune{a, b})) != "" {
				n++
			}
		}
	}
	if n != 249+2 {
		t.Errorf("%d codes known, want 249 and UK, XK", n)
	}
}

func TestViewOfExample(t *testing.T) {
	v := NewView(example(t))
	if v.Name != "Alex Rivera" || v.Label != "Cloud Engineer" || v.Location != "Seattle, Washington, United States" ||
		v.PhoneURL != "tel:+15550134" || v.URL != "https://alexrivera.example.com" || v.Email != "alex.rivera@example.com" {
		t.Errorf("basics: %+v", v)
	}
	if len(v.Profiles) != 2 || v.Profiles[0].Text != "github.com/alexrivera-example" || v.Profiles[0].Network != "GitHub" {
		t.Errorf("profiles: %+v", v.Profiles)
	}
	if v.About.Label != "About" || len(v.About.Text) != 1 || strings.Contains(v.About.Text[0], "\n") {
		t.Errorf("about: %+v", v.About)
	}
	var names, labels []string
	for _, s := range v.Sections {
		names = append(names, s.Name)
		labels = append(labels, s.Label)
	}
	if strings.Join(names, ",") != strings.Join(SectionNames(), ",") {
		t.Errorf("sections %v, want every section in the default order", names)
	}
	if labels[0] != "Experience" || labels[len(labels)-1] != "References" {
		t.Errorf("labels %v", labels)
	}
	work := v.Sections[0].Entries
	if len(work) != 3 {
		t.Fatalf("work entries: %+v", work)
	}
	w := work[0]
	if w.Title != "Senior Cloud Engineer" || w.Org != "Northwind Cloud" || w.OrgURL != "https://northwind.example.com" ||
		w.About != "Managed hosting for online retailers" || w.Location != "Seattle, WA" ||
		w.Dates.Text != "Apr 2021 – Present" || w.Dates.Start != "2021-04" || len(w.Highlights) != 3 || len(w.Text) != 1 {
		t.Errorf("first job: %+v", w)
	}
	edu := section(t, v, SectionEducation).Entries[0]
	if edu.Title != "Bachelor of Science, Computer Science" || edu.Org != "Oregon State University" || edu.Score != "3.7" || len(edu.Courses) != 3 {
		t.Errorf("education: %+v", edu)
	}
	cert := section(t, v, SectionCertificates).Entries[0]
	if cert.Dates.Text != "Mar 2019" || cert.Dates.Start != "2019-03-14" || cert.URL == "" || cert.Org != "Amazon Web Services" {
		t.Errorf("certificate: %+v", cert)
	}
	proj := section(t, v, SectionProjects).Entries[1]
	if proj.Title != "lambda-cost-report" || strings.Join(proj.Roles, ",") != "Author,Maintainer" || proj.About != "application" ||
		proj.Dates.Text != "Sep 2022 – Feb 2023" || len(proj.Keywords) != 2 {
		t.Errorf("project: %+v", proj)
	}
	ref := section(t, v, SectionReferences).Entries[0]
	if !strings.HasPrefix(ref.Title, "Jordan Lee") || !strings.HasPrefix(ref.Text[0], "Alex made our releases") {
		t.Errorf("reference: %+v", ref)
	}
}

func section(t *testing.T, v *View, name string) Section {
	t.Helper()
	for _, s := range v.Sections {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no section %s", name)
	return Section{}
}

func TestViewSectionsAndLabels(t *testing.T) {
	y := `basics: {name: Ada, summary: "Writes\nprograms.\n\nSecond paragraph."}
work: [{name: Engines, position: Analyst}]
skills: [{name: Maths}]
awards: [{title: Prize}]
interests: [{}]
meta:
  sections: [skills, work, interests, nope]
  sectionLabels: {work: Berufserfahrung, about: Profil, skills: "  "}
`
	r, err := Parse("r.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(r)
	var got []string
	for _, s := range v.Sections {
		got = append(got, s.Name+"="+s.Label)
	}
	// meta.sections orders and filters, as in the even theme; an empty
	// section (interests holds only an empty entry) is left out.
	if strings.Join(got, ",") != "skills=Skills,work=Berufserfahrung" {
		t.Errorf("sections = %v", got)
	}
	if v.About.Label != "Profil" || strings.Join(v.About.Text, "|") != "Writes programs.|Second paragraph." {
		t.Errorf("about = %+v", v.About)
	}
	// An entry without a title shows its organisation in its place.
	r.Work[0].Position = ""
	if e := NewView(r).Sections[1].Entries[0]; e.Title != "Engines" || e.Org != "" {
		t.Errorf("entry without title: %+v", e)
	}
	// Links are vetted: only absolute http(s) URLs.
	r.Work[0].URL = "javascript:alert(1)"
	if e := NewView(r).Sections[1].Entries[0]; e.URL != "" || e.OrgURL != "" {
		t.Errorf("unsafe link kept: %+v", e)
	}
}
