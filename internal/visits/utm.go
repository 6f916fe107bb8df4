package visits

import (
	"net/url"
	"strings"
)

// maxQueryLen bounds the page query the campaign is read from.
const maxQueryLen = 2048

// campaign answers the utm_source, utm_medium and utm_campaign of a page
// query ("utm_source=x&..." or "?utm_source=x"), lower-cased and bounded.
func campaign(query string) (source, medium, name string) {
	query = strings.TrimPrefix(query, "?")
	if query == "" || len(query) > maxQueryLen {
		return "", "", ""
	}
	q, _ := url.ParseQuery(query) // what parses is kept
	get := func(k string) string { return strings.ToLower(boundValue(q.Get(k))) }
	return get("utm_source"), get("utm_medium"), get("utm_campaign")
}
