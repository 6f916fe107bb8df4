package visits

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseAgent(t *testing.T) {
	for _, tc := range []struct {
		ua   string
		want Agent
	}{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			Agent{"Chrome 131", "Windows", DeviceDesktop}},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
			Agent{"Firefox 133", "Windows", DeviceDesktop}},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
			Agent{"Safari 18", "macOS", DeviceDesktop}},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
			Agent{"Edge 131", "Windows", DeviceDesktop}},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
			Agent{"Chrome 130", "Linux", DeviceDesktop}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
			Agent{"Safari 18", "iOS", DeviceMobile}},
		{"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
			Agent{"Chrome 131", "Android", DeviceMobile}},
		{"Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
			Agent{"Safari 17", "iOS", DeviceTablet}},
		{"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
			Agent{"Samsung Browser 26", "Android", DeviceMobile}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
			Agent{"Chrome 131", "iOS", DeviceMobile}},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
			Agent{"Opera 115", "Windows", DeviceDesktop}},
		{"", Agent{}},
	} {
		if got := ParseAgent(tc.ua); got != tc.want {
			t.Errorf("ParseAgent(%q)\n = %+v, want %+v", tc.ua, got, tc.want)
		}
	}
}

func TestReferrerSource(t *testing.T) {
	own := []string{"cv.example.org:8080", "www.cv.example.org", "site.example"}
	for ref, want := range map[string]string{
		"https://www.google.com/":                                   "google.com",
		"https://www.google.co.uk/search?q=secret":                  "google.co.uk",
		"https://www.linkedin.com/feed/":                            "linkedin.com",
		"https://lnkd.in/eAbC123":                                   "linkedin.com",
		"android-app://com.linkedin.android/":                       "linkedin.com",
		"android-app://com.google.android.gm/":                      "mail.google.com",
		"android-app://com.example.unknown":                         "android-app:com.example.unknown",
		"https://news.ycombinator.com/item?id=42424242":             "news.ycombinator.com/item?id=42424242",
		"https://news.ycombinator.com/":                             "news.ycombinator.com",
		"https://news.ycombinator.com/item?id=1;drop":               "news.ycombinator.com",
		"https://www.reddit.com/r/golang/comments/abc/title/":       "reddit.com/r/golang",
		"https://old.reddit.com/r/Programming/":                     "reddit.com/r/programming",
		"https://github.com/CloudResume/cloudresume/blob/main/x.go": "github.com/cloudresume/cloudresume",
		"https://github.com/":                                       "github.com",
		"https://t.co/AbCdEf":                                       "x.com",
		"http://Example.COM:8443/page":                              "example.com",
		"https://cv.example.org/":                                   "",
		"https://www.cv.example.org/movies":                         "",
		"https://site.example:443/":                                 "",
		"ftp://example.com/":                                        "",
		"javascript:alert(1)":                                       "",
		"not a url":                                                 "",
		"https://":                                                  "",
		"%zz":                                                       "",
		"":                                                          "",
		"https://" + strings.Repeat("a", 3000) + ".com/":            "",
	} {
		if got := referrerSource(ref, own[0], own[1:]); got != want {
			t.Errorf("referrerSource(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestCampaign(t *testing.T) {
	for _, tc := range []struct{ query, source, medium, name string }{
		{"?utm_source=Newsletter&utm_medium=Email&utm_campaign=Spring%202026", "newsletter", "email", "spring 2026"},
		{"utm_source=%20HN%20", "hn", "", ""},
		{"?ref=x", "", "", ""},
		{"", "", "", ""},
		{"?utm_source=a%00b%E2%80%AEc", "abc", "", ""},
		{"?utm_source=" + strings.Repeat("x", 500), strings.Repeat("x", maxValueLen), "", ""},
		{"?utm_source=x&" + strings.Repeat("y", maxQueryLen), "", "", ""},
		{"?utm_source=%zz&utm_medium=cpc", "", "cpc", ""},
		{"?utm%5Fsource=escaped", "escaped", "", ""},
	} {
		u := campaign(tc.query)
		s, m, n := u.source, u.medium, u.campaign
		if s != tc.source || m != tc.medium || n != tc.name {
			t.Errorf("campaign(%.40q) = %q, %q, %q; want %q, %q, %q", tc.query, s, m, n, tc.source, tc.medium, tc.name)
		}
	}
}

func TestScreenBucket(t *testing.T) {
	for width, want := range map[int]string{
		-1: "", 0: "", 1: ScreenPhone, 390: ScreenPhone, 480: ScreenPhone, 481: ScreenSmall, 768: ScreenSmall,
		769: ScreenTablet, 1024: ScreenTablet, 1280: ScreenLaptop, 1440: ScreenLaptop, 1920: ScreenDesktop,
		7680: ScreenDesktop, 16384: ScreenDesktop, 16385: "", 1 << 40: "",
	} {
		if got := screenBucket(width); got != want {
			t.Errorf("screenBucket(%d) = %q, want %q", width, got, want)
		}
	}
}

func TestBoundValue(t *testing.T) {
	for in, want := range map[string]string{
		"  plain  ":                "plain",
		"a\x00b\x1bc\u202ed\u2066": "abcd",
		"bad \xff utf8":            "bad  utf8",
		strings.Repeat("é", 80):    strings.Repeat("é", 50),
	} {
		if got := boundValue(in); got != want {
			t.Errorf("boundValue(%q) = %q, want %q", in, got, want)
		}
	}
	long := boundValue(strings.Repeat("ab€", 10000))
	if len(long) > maxValueLen || !utf8.ValidString(long) {
		t.Errorf("boundValue of a long value = %d bytes, valid %v", len(long), utf8.ValidString(long))
	}
}

func TestSitePaths(t *testing.T) {
	c := &Counter{}
	WithPaths([]string{"/", "/movies"})(c)
	paths := c.paths
	for in, want := range map[string]string{
		"/": "/", "/index.html": "/", "/movies": "/movies", "/movies/": "/movies", "/movies/index.html": "/movies",
		"/wp-admin.php": Other, "/movies/x": Other, "//": "/", "/" + strings.Repeat("a", 500): Other,
	} {
		if got := paths.name(in); got != want {
			t.Errorf("name(%.40q) = %q, want %q", in, got, want)
		}
	}
	if got := sitePaths(nil).name("/any/thing/"); got != "/any/thing" {
		t.Errorf("without a site, name = %q", got)
	}
}

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{"gb": "GB", "US": "US", "XX": "XX", "": "", "USA": "", "1A": "", "é": ""} {
		if got := countryCode(in); got != want {
			t.Errorf("countryCode(%q) = %q, want %q", in, got, want)
		}
	}
}
