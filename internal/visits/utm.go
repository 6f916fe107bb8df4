package visits

import (
	"net/url"
	"strings"
)

// maxQueryLen bounds the page query the campaign is read from.
const maxQueryLen = 2048

// utm is the campaign a page's query names.
type utm struct{ source, medium, campaign string }

// campaign returns the utm_source, utm_medium and utm_campaign of a page
// query ("utm_source=x&..." or "?utm_source=x"), lower-cased and bounded.
func campaign(query string) utm {
	query = strings.TrimPrefix(query, "?")
	// Most queries name no campaign: they are not parsed ("utm%5F" is
	// "utm_" escaped).
	if len(query) > maxQueryLen || !strings.Contains(query, "utm_") && !strings.Contains(query, "utm%5") {
		return utm{}
	}
	q, _ := url.ParseQuery(query) // what parses is kept
	get := func(k string) string { return strings.ToLower(boundValue(q.Get(k))) }
	return utm{get("utm_source"), get("utm_medium"), get("utm_campaign")}
}
