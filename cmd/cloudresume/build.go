package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cloudresume/cloudresume/internal/resume"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	var resumePath, apiURL, siteURL, out string
	var withContact bool
	f := newFlags(e, "build", "[flags]", "Write the static site (index.html, counter.js, favicon, robots.txt, sitemap.xml, resume.json, resume.pdf) for any static host.")
	f.String(&resumePath, "resume", "", "resume file, JSON or YAML (default: the built-in example)")
	f.String(&apiURL, "api-url", "", "base URL of the API (default: the site's own origin)")
	f.String(&siteURL, "site-url", "", "public URL of the site, for canonical links and the sitemap")
	f.String(&out, "o", "dist/site", "output directory")
	f.Bool(&withContact, "contact", true, "include the contact form; it posts to the API, and its script fetches the form token")
	if help, err := parseArgs(f, args); help || err != nil {
		return err
	}
	r, err := loadResume(e, resumePath)
	if err != nil {
		return err
	}
	opts := resume.PageOptions{SiteURL: siteURL, APIURL: apiURL, Counter: true}
	if withContact {
		// No token: a built page outlives any token; the page's script
		// fetches a fresh one when it loads.
		opts.Contact = &resume.ContactForm{Action: strings.TrimRight(apiURL, "/") + "/api/contact"}
	}
	if err := resume.Build(out, r, opts); err != nil {
		return fmt.Errorf("build site: %w", err)
	}
	if _, err := writePDF(e, filepath.Join(out, "resume.pdf"), r, ""); err != nil {
		return fmt.Errorf("build site: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote the site to %s\n", out)
	return nil
}
