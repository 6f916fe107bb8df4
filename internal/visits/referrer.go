package visits

import (
	"net"
	"net/url"
	"strings"
)

// maxReferrerLen bounds the referrer a client may send: longer ones are
// not parsed.
const maxReferrerLen = 2048

// aliasHosts names the site behind a host that only redirects or
// mirrors: link shorteners and mobile or link-tracking hosts.
var aliasHosts = map[string]string{
	"lnkd.in":         "linkedin.com",
	"lm.linkedin.com": "linkedin.com",
	"t.co":            "x.com",
	"l.facebook.com":  "facebook.com",
	"lm.facebook.com": "facebook.com",
	"m.facebook.com":  "facebook.com",
	"old.reddit.com":  "reddit.com",
	"m.reddit.com":    "reddit.com",
	"out.reddit.com":  "reddit.com",
	"l.instagram.com": "instagram.com",
}

// androidApps names the site of an Android app that sends an
// android-app:// referrer.
var androidApps = map[string]string{
	"com.linkedin.android":                    "linkedin.com",
	"com.google.android.gm":                   "mail.google.com",
	"com.google.android.googlequicksearchbox": "google.com",
	"com.google.android.apps.messaging":       "messages.google.com",
	"com.slack":                               "slack.com",
	"com.reddit.frontpage":                    "reddit.com",
	"com.twitter.android":                     "x.com",
	"org.telegram.messenger":                  "telegram.org",
	"com.whatsapp":                            "whatsapp.com",
	"com.facebook.katana":                     "facebook.com",
}

// referrerSource answers where a view came from: the referrer's host
// (lower-case, without "www." or port), with the path kept for the few
// sites where it names the source (a Hacker News item, a subreddit, a
// GitHub repository). Own-site referrers, from host (the request's) or
// one listed in own, and anything that is not an http(s) URL answer "".
func referrerSource(ref, host string, own []string) string {
	if ref == "" || len(ref) > maxReferrerLen {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "android-app":
		app := strings.ToLower(u.Host)
		if site, ok := androidApps[app]; ok {
			return site
		}
		return boundValue("android-app:" + app)
	default:
		return ""
	}
	from := siteHost(u.Host)
	if from == "" || strings.ContainsAny(from, "/\\@ ") {
		return ""
	}
	if host != "" && siteHost(host) == from {
		return ""
	}
	for _, o := range own {
		if o != "" && siteHost(o) == from {
			return ""
		}
	}
	if site, ok := aliasHosts[from]; ok {
		from = site
	}
	return boundValue(from + sourcePath(from, u))
}

// siteHost answers hostport lower-cased, without port or "www.".
func siteHost(hostport string) string {
	host := strings.ToLower(hostport)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	return strings.TrimPrefix(host, "www.")
}

// sourcePath answers the part of a referrer's path that names the source
// on host, or "".
func sourcePath(host string, u *url.URL) string {
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "news.ycombinator.com":
		if parts[0] == "item" {
			if id := u.Query().Get("id"); id != "" && allDigits(id) {
				return "/item?id=" + id
			}
		}
	case "reddit.com":
		if len(parts) >= 2 && parts[0] == "r" && parts[1] != "" {
			return "/r/" + strings.ToLower(parts[1])
		}
	case "github.com":
		if len(parts) >= 2 && parts[0] != "" && parts[1] != "" {
			return "/" + strings.ToLower(parts[0]) + "/" + strings.ToLower(parts[1])
		}
	}
	return ""
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) <= 12
}
