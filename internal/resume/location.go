package resume

import "strings"

// Country returns the country of the location by name: the name of its
// ISO 3166-1 code, or the code as written when it is not one ("Germany"
// stays "Germany").
func (l Location) Country() string {
	if n := CountryName(l.CountryCode); n != "" {
		return n
	}
	return strings.TrimSpace(l.CountryCode)
}

// Place returns where the person is, as a resume says it: "Berlin,
// Germany". The region is left out when it repeats the city (Berlin is a
// city and a region), and so is any part that repeats an earlier one.
func (l Location) Place() string {
	return joinDistinct([]string{l.City, l.Region, l.Country()}, ", ")
}

// Lines returns the full postal address, one line per element: the
// street lines ("\n" in address separates them), postal code and city,
// region, country.
func (l Location) Lines() []string {
	var lines []string
	for s := range strings.SplitSeq(l.Address, "\n") {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	if s := joinDistinct([]string{l.PostalCode, l.City}, " "); s != "" {
		lines = append(lines, s)
	}
	if r := strings.TrimSpace(l.Region); r != "" && !strings.EqualFold(r, strings.TrimSpace(l.City)) {
		lines = append(lines, r)
	}
	if c := l.Country(); c != "" {
		lines = append(lines, c)
	}
	return lines
}

// joinDistinct joins the non-empty parts, leaving out any that repeats an
// earlier one (in any case).
func joinDistinct(parts []string, sep string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, p)
		}
		if !dup {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
