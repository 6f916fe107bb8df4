package visits

import (
	"strings"

	agents "github.com/monperrus/crawler-user-agents"
)

// IsBot reports whether userAgent belongs to a crawler, a command-line
// client or no browser at all. The crawler list is the community-maintained
// one from crawler-user-agents.
func IsBot(userAgent string) bool {
	ua := strings.TrimSpace(userAgent)
	if ua == "" || !strings.Contains(ua, "/") {
		return true
	}
	return agents.IsCrawler(ua)
}
