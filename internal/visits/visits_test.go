package visits

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/problem"
)

func TestVisitorID(t *testing.T) {
	salt := []byte("0123456789abcdef0123456789abcdef")
	id := VisitorID(salt, "203.0.113.9", "Mozilla/5.0 Firefox/130.0")
	if len(id) != 2*idBytes {
		t.Fatalf("id %q has %d hex digits, want %d", id, len(id), 2*idBytes)
	}
	if id != VisitorID(salt, "203.0.113.9", "Mozilla/5.0 Firefox/130.0") {
		t.Fatal("same salt, IP and User-Agent must give the same ID")
	}
	others := []string{
		VisitorID([]byte("another salt"), "203.0.113.9", "Mozilla/5.0 Firefox/130.0"),
		VisitorID(salt, "203.0.113.10", "Mozilla/5.0 Firefox/130.0"),
		VisitorID(salt, "203.0.113.9", "Mozilla/5.0 Chrome/130.0"),
		// The separator keeps ("1.2.3.4", "5x") apart from ("1.2.3.45", "x").
		VisitorID(salt, "203.0.113.", "9Mozilla/5.0 Firefox/130.0"),
	}
	for i, o := range others {
		if o == id {
			t.Errorf("variant %d gives the same ID", i)
		}
	}
}

func TestDaySaltMatchesVisitorID(t *testing.T) {
	salt := []byte("0123456789abcdef0123456789abcdef")
	d := newDaySalt(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), salt)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := range 8 {
		wg.Go(func() {
			for i := range 200 {
				ip, ua := fmt.Sprintf("203.0.113.%d", (w*200+i)%250), fmt.Sprintf("Mozilla/5.0 Firefox/%d.0", i%7)
				if got, want := d.visitorID(ip, ua), VisitorID(salt, ip, ua); got != want {
					errs <- fmt.Sprintf("visitorID(%q, %q) = %s, want %s", ip, ua, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// botCases are User-Agents and whether each is a bot.
var botCases = map[string]bool{
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36":                                   false,
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1": false,
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                                                true,
	"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)":                                                                 true,
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36":                           true,
	"curl/8.5.0":           true,
	"python-requests/2.31": true,
	"":                     true,
	"   ":                  true,
	"nothing-like-a-ua":    true,
}

func TestIsBot(t *testing.T) {
	for ua, want := range botCases {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

func TestBotMemo(t *testing.T) {
	c := newStringMemo(IsBot)
	for range 2 { // the second round answers from memory
		for ua, want := range botCases {
			if got := c.get(ua); got != want {
				t.Errorf("isBot(%q) = %v, want %v", ua, got, want)
			}
		}
	}
	if n := c.known.Len(); n != len(botCases) {
		t.Errorf("memo holds %d agents, want %d", n, len(botCases))
	}
	long := "Mozilla/5.0 (compatible; Googlebot/2.1) " + strings.Repeat("x", memoMaxKey)
	if !c.get(long) {
		t.Error("a long crawler agent must still be a bot")
	}
	if c.known.Contains(long) {
		t.Error("agents longer than memoMaxKey must not be kept")
	}
	for i := range 2 * memoSize { // every hit a new client: the memo stays bounded
		c.get(fmt.Sprintf("Mozilla/5.0 Firefox/130.0 v%d", i))
	}
	if n := c.known.Len(); n != memoSize {
		t.Errorf("memo holds %d agents after %d distinct ones, want %d", n, 2*memoSize, memoSize)
	}
}

func TestCleanPath(t *testing.T) {
	good := map[string]string{"": "/", "/": "/", "/movies?x=1": "/movies", "/a#top": "/a"}
	for in, want := range good {
		got, err := cleanPath(in)
		if err != nil || got != want {
			t.Errorf("cleanPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"movies", "/" + string(make([]byte, maxPathLen)), "/a\nb", "/\xff",
		"/a\x1b[2Jb", "/a\u0085b", "/a\u2028b", // controls of C0, C1 and the line separator
		"/admin\u202egnp.exe", "/a\u2066b\u2069", "/a\u200fb", // bidirectional overrides, isolates, marks
	} {
		_, err := cleanPath(in)
		if f, ok := problem.AsFields(err); !ok || f["path"] == "" {
			t.Errorf("cleanPath(%q) = %v, want a path problem", in, err)
		}
	}
}
