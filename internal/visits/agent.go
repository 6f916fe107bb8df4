package visits

import (
	"strconv"

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
