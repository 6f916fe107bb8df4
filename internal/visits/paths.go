package visits

import "strings"

// sitePaths is the set of paths the site has; nil counts every path by
// name.
type sitePaths map[string]bool

// WithPaths makes the counter count by name only the given page paths
// (normalised as by normalPath); any other path is counted as Other, so
// that made-up paths cannot grow the store.
func WithPaths(paths []string) Option {
	return func(c *Counter) {
		c.paths = sitePaths{}
		for _, p := range paths {
			c.paths[normalPath(p)] = true
		}
	}
}

// normalPath answers p with "index.html" and a trailing slash dropped, so
// "/", "/index.html" and "/movies/" name the pages "/" and "/movies".
func normalPath(p string) string {
	p = strings.TrimSuffix(p, "index.html")
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
	}
	if p == "" {
		return "/"
	}
	return p
}

// name answers the path a hit is counted under.
func (s sitePaths) name(p string) string {
	p = normalPath(p)
	if s == nil || s[p] {
		return p
	}
	return Other
}
