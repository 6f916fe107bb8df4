package visits

import (
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
)

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

// Bounds of the bot cache: most traffic comes from a few hundred browser
// versions, and a longer User-Agent is rare enough to match afresh.
const (
	botCacheSize  = 4096
	botCacheMaxUA = 512
)

// botCache remembers IsBot's answers: matching the crawler list costs more
// than the rest of counting a view.
type botCache struct {
	known *lru.Cache[string, bool]
}

func newBotCache() botCache {
	known, err := lru.New[string, bool](botCacheSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return botCache{known: known}
}

// isBot answers IsBot(userAgent), from the cache when it can.
func (c botCache) isBot(userAgent string) bool {
	if bot, ok := c.known.Get(userAgent); ok {
		return bot
	}
	bot := IsBot(userAgent)
	if len(userAgent) <= botCacheMaxUA {
		c.known.Add(userAgent, bot)
	}
	return bot
}
