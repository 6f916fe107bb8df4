package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/web"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	var apiURL, out string
	var withContact bool
	f := newFlags(e, "build", "[flags]",
		"Write the static site (index.html, resume.pdf, 404.html, the theme's files, the photo, robots.txt, resume.json,\n"+
			"and with a site URL sitemap.xml) for any static host. The counter and the contact form call the API at\n"+
			"--api-url: without one the site has neither. The owner's dashboard is admin/index.html and its files, calling\n"+
			"the API there too, signing in with the admin token or, with --cognito-client-id, the Cognito user pool.",
		"resume", "site-url", "theme", "cognito-client-id", "cognito-region", "cognito-endpoint")
	f.StringVar(&apiURL, "api-url", "", `base URL of the API: "/" when it is on the site's own origin (behind the same CDN), or an absolute URL`)
	f.StringVar(&out, "o", "dist/site", "output directory")
	f.BoolVar(&withContact, "contact", true, "include the contact form (with --api-url); it posts to the API, and its script fetches the form token")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		return usageError("build: unexpected argument %q", f.Arg(0))
	}
	r, th, err := app.LoadSite(cfg)
	if err != nil {
		return err
	}
	photo, err := app.LoadPhoto(cfg, r)
	if err != nil {
		return err
	}
	apiBase, apiOrigin, err := apiLocation(apiURL)
	if err != nil {
		return err
	}
	site := web.Config{Resume: r, Theme: th} // the pages as serve would show them, and their policy
	opts := resume.PageOptions{SiteURL: cfg.SiteURL, APIURL: apiBase, Counter: apiURL != "", PDF: "/resume.pdf",
		CSP: web.PagePolicy(site, apiOrigin)}
	if withContact && apiURL != "" {
		// No token: a built page outlives any token; the page's script
		// fetches a fresh one when it loads.
		opts.Contact = &resume.ContactForm{Action: apiBase + "/api/contact"}
	}
	if err := resume.NewSite(r, th).Build(out, opts, photo); err != nil {
		return fmt.Errorf("build site: %w", err)
	}
	if _, err := writePDF(e, filepath.Join(out, "resume.pdf"), r, ""); err != nil {
		return fmt.Errorf("build site: %w", err)
	}
	if err := writeDashboard(out, cfg.Dashboard(apiBase)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote the site to %s\n", out)
	if apiURL == "" {
		fmt.Fprintln(e.stderr, "cloudresume: no --api-url: the site has no visitor counter and no contact form")
	}
	return nil
}

// apiLocation reads --api-url: "/" is the site's own origin (base ""), an
// absolute URL another origin, which the pages' policy must then allow.
func apiLocation(s string) (base, origin string, err error) {
	if s == "" || s == "/" {
		return "", "", nil
	}
	u, perr := url.Parse(s)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", "", usageError(`--api-url %q: want "/" or an absolute http(s) URL such as https://api.example.org`, s)
	}
	return strings.TrimRight(s, "/"), u.Scheme + "://" + u.Host, nil
}

// writeDashboard writes the /admin page and its files under out.
func writeDashboard(out string, d web.Dashboard) error {
	files, err := web.DashboardPage(d)
	if err != nil {
		return usageError("build: %v", err)
	}
	for name, data := range files {
		path := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("build dashboard: %w", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("build dashboard: %w", err)
		}
	}
	return nil
}
