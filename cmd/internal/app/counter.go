package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/cloudresume/cloudresume/internal/geoip"
	"github.com/cloudresume/cloudresume/internal/visits"
	"github.com/cloudresume/cloudresume/internal/web"
)

// newCounter answers the visit counter of cfg: it counts by name only the
// site's pages, drops the site's own referrers and, with --geoip, looks
// up countries, closing the database with the stores.
func (a *App) newCounter(cfg *Config) (*visits.Counter, error) {
	opts := []visits.Option{visits.WithLogger(a.Log), visits.WithPaths(sitePaths(cfg))}
	if u, err := url.Parse(cfg.SiteURL); err == nil && u.Host != "" {
		opts = append(opts, visits.WithOwnHosts(u.Host))
	}
	if cfg.GeoIP != "" {
		db, err := geoip.Open(cfg.GeoIP)
		if err != nil {
			return nil, &Error{Problems: []string{fmt.Sprintf("--geoip (%s): %v", EnvName("geoip"), err)}}
		}
		a.Stores.closers = append(a.Stores.closers, db)
		opts = append(opts, visits.WithCountry(db.Country))
	}
	return visits.NewCounter(a.Stores.Visits, opts...), nil
}

// sitePaths answers the paths of the site's pages: the routes that are
// pages rather than files, less the movies page when it is off.
func sitePaths(cfg *Config) []string {
	var out []string
	for _, rt := range web.PageRoutes() {
		p := rt.Path
		if strings.ContainsAny(p, ".{") || p == "/movies" && !(cfg.Runtime == Serve && cfg.MoviesPage) {
			continue
		}
		out = append(out, p)
	}
	return out
}
