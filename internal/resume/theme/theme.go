// Package theme holds the site's template, stylesheet, script and icon,
// embedded so the binary is the whole site.
package theme

import (
	"embed"
	"io/fs"
)

//go:embed page.html form.html notice.html style.css static
var files embed.FS

// Page returns the html/template source of index.html.
func Page() string { return mustRead("page.html") }

// Form returns the html/template source of the contact form, shared by
// the page and the notices.
func Form() string { return mustRead("form.html") }

// Notice returns the html/template source of a page of its own around a
// short message (a thank-you, an error, the form sent back).
func Notice() string { return mustRead("notice.html") }

// Style returns the stylesheet that is inlined into every page.
func Style() string { return mustRead("style.css") }

// Static returns the files served as they are at the site root
// (counter.js, favicon.svg).
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic("theme: " + err.Error()) // "static" is embedded above
	}
	return sub
}

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("theme: " + err.Error()) // every name is embedded above
	}
	return string(b)
}
