package visits

import "strings"

// WithOwnHosts names the site's hosts (a host or host:port, such as the
// configured site URL's) besides the request's Host: referrers from them
// are not counted.
func WithOwnHosts(hosts ...string) Option {
	return func(c *Counter) { c.own = append(c.own, hosts...) }
}

// WithCountry makes the counter look up the country of a view's address
// with lookup (ISO 3166 alpha-2, or "" when unknown) when the view does
// not carry one. The address is not kept.
func WithCountry(lookup func(ip string) string) Option {
	return func(c *Counter) { c.country = lookup }
}

// dims appends to dims the dimensions of a browser's view besides its
// path, each bounded; those without a value are left out.
func (c *Counter) dims(dims []Dim, v View) []Dim {
	add := func(name, value string) {
		if value != "" {
			dims = append(dims, Dim{Name: name, Value: value})
		}
	}
	if v.Referrer != "" {
		add(DimReferrer, c.refs.get(pageRef{v.Host, v.Referrer}))
	}
	if v.Query != "" {
		u := c.utms.get(v.Query)
		add(DimSource, u.source)
		add(DimMedium, u.medium)
		add(DimCampaign, u.campaign)
	}
	a := c.agents.get(v.UserAgent)
	add(DimBrowser, a.Browser)
	add(DimOS, a.OS)
	add(DimDevice, a.Device)
	add(DimScreen, screenBucket(v.Screen))
	country := v.Country
	if country == "" && c.country != nil && v.IP != "" {
		country = c.country(v.IP)
	}
	add(DimCountry, countryCode(country))
	return dims
}

// pageRef is a view's referrer and the host it was sent to, one of the
// site's own.
type pageRef struct{ host, ref string }

// referrer returns referrerSource of r.
func (c *Counter) referrer(r pageRef) string { return referrerSource(r.ref, r.host, c.own) }

// countryCode answers code as an upper-case ISO 3166 alpha-2 code, or ""
// when it is not two ASCII letters (CloudFront's "XX" and the like stay).
func countryCode(code string) string {
	if len(code) != 2 {
		return ""
	}
	code = strings.ToUpper(code)
	for i := range 2 {
		if code[i] < 'A' || code[i] > 'Z' {
			return ""
		}
	}
	return code
}
