package visits

import (
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/mileusna/useragent"
)

// Agent is what a User-Agent says of the browser: family and major
// version, operating system and kind of device. An unknown part is "".
type Agent struct {
	Browser string // "Chrome 131"
	OS      string // "Windows", "macOS", "iOS", "Android", "Linux", ...
	Device  string // "desktop", "mobile" or "tablet"
}

// Device kinds.
const (
	DeviceDesktop = "desktop"
	DeviceMobile  = "mobile"
	DeviceTablet  = "tablet"
)

// ParseAgent answers what userAgent says of the browser.
func ParseAgent(userAgent string) Agent {
	ua := useragent.Parse(userAgent)
	var a Agent
	name := ua.Name
	if name == useragent.MobileSafari {
		name = useragent.Safari // the device says it is mobile
	}
	if name != "" {
		a.Browser = name
		if ua.VersionNo.Major > 0 {
			a.Browser += " " + strconv.Itoa(ua.VersionNo.Major)
		}
		a.Browser = boundValue(a.Browser)
	}
	a.OS = boundValue(ua.OS)
	switch {
	case ua.Tablet:
		a.Device = DeviceTablet
	case ua.Mobile:
		a.Device = DeviceMobile
	case ua.Desktop:
		a.Device = DeviceDesktop
	}
	return a
}

// agentCacheSize bounds the parsed User-Agents kept: most traffic comes
// from a few hundred browser versions.
const agentCacheSize = 4096

// agentCache remembers ParseAgent's answers; User-Agents longer than
// botCacheMaxUA are parsed afresh so that no entry is large.
type agentCache struct {
	known *lru.Cache[string, Agent]
}

func newAgentCache() agentCache {
	known, err := lru.New[string, Agent](agentCacheSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return agentCache{known: known}
}

// parse answers ParseAgent(userAgent), from the cache when it can.
func (c agentCache) parse(userAgent string) Agent {
	if a, ok := c.known.Get(userAgent); ok {
		return a
	}
	a := ParseAgent(userAgent)
	if len(userAgent) <= botCacheMaxUA {
		c.known.Add(userAgent, a)
	}
	return a
}
