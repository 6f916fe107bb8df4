package resume

import "testing"

func TestDateValid(t *testing.T) {
	for _, s := range []string{"", "2020", "2020-01", "2020-12", "2020-02-29", "2021-02-28", "1999-12-31"} {
		if !Date(s).Valid() {
			t.Errorf("Date(%q).Valid() = false, want true", s)
		}
	}
	for _, s := range []string{"2020-13", "2020-00", "2021-02-29", "2021-02-30", "2021-04-31", "20", "2020-1", "2020-01-1",
		"0000", "abcd", "2020/01", "2020-01-01T00:00:00Z", " 2020", "Present", "２０２０"} {
		if Date(s).Valid() {
			t.Errorf("Date(%q).Valid() = true, want false", s)
		}
		if _, err := ParseDate(s); s != "" && err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
}

func TestDateFormat(t *testing.T) {
	for in, want := range map[Date]string{
		"2020":       "2020",
		"2020-03":    "Mar 2020",
		"2020-03-14": "Mar 14, 2020",
		"2019-12-01": "Dec 1, 2019",
		"bogus":      "bogus",
	} {
		if got := in.Format(); got != want {
			t.Errorf("Date(%q).Format() = %q, want %q", in, got, want)
		}
	}
}

func TestDateBefore(t *testing.T) {
	for _, c := range []struct {
		a, b Date
		want bool
	}{
		{"2019", "2020", true},
		{"2020", "2019", false},
		{"2020-02", "2020-03", true},
		{"2020-03", "2020-03", false},
		{"2020", "2020-05", false}, // same year at the shared precision
		{"2020-05", "2020", false},
		{"2019-12", "2020", true},
		{"2020-03-14", "2020-03-15", true},
		{"2020-03-14", "2020-03", false},
		{"", "2020", false},
		{"2020-13", "2021", false},
	} {
		if got := c.a.Before(c.b); got != c.want {
			t.Errorf("Date(%q).Before(%q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
