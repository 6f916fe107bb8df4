package visits

// Screen width buckets, in CSS pixels of window.screen.width: phones,
// small tablets and large phones in landscape, tablets, laptops, and
// desktop monitors.
const (
	ScreenPhone   = "<=480"
	ScreenSmall   = "481-768"
	ScreenTablet  = "769-1024"
	ScreenLaptop  = "1025-1440"
	ScreenDesktop = ">1440"
)

// maxScreenWidth is the widest screen believed: 8K is 7680.
const maxScreenWidth = 16384

// screenBucket answers the bucket of width, or "" for none or an absurd
// one.
func screenBucket(width int) string {
	switch {
	case width <= 0 || width > maxScreenWidth:
		return ""
	case width <= 480:
		return ScreenPhone
	case width <= 768:
		return ScreenSmall
	case width <= 1024:
		return ScreenTablet
	case width <= 1440:
		return ScreenLaptop
	}
	return ScreenDesktop
}
