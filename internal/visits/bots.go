package visits

import "strings"

// IsBot reports whether userAgent belongs to a crawler, a command-line
// client or no browser at all. The crawler list is the community-maintained
// one from crawler-user-agents (see crawlers.go).
func IsBot(userAgent string) bool {
	ua := strings.TrimSpace(userAgent)
	if ua == "" || !strings.Contains(ua, "/") {
		return true
	}
	return crawlers().match(ua)
}
