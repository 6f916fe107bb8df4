// Package theme holds the site's themes: the built-in ones (classic,
// modern, compact), embedded so the binary is the whole site, and a theme
// of the owner's own read from a directory. A theme is files, by the
// contract docs/themes.md describes: page.html (the resume page),
// style.css (inlined into every page), and optionally notice.html (a page
// of its own around a message), form.html (the contact form), parts.html
// (partial templates) and static/ (files served at the site root). What a
// theme leaves out comes from the shared files every built-in theme uses.
package theme

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// The files of the contract.
const (
	PageFile   = "page.html"
	StyleFile  = "style.css"
	NoticeFile = "notice.html"
	FormFile   = "form.html"
	PartsFile  = "parts.html"
	StaticDir  = "static"
)

// Bounds of a theme read from a directory: a theme is a few templates and
// icons, and everything in it is held in memory and served.
const (
	MaxFileSize    = 1 << 20 // one template, stylesheet or static file
	MaxStaticFiles = 50
	MaxStaticSize  = 8 << 20 // all static files together
)

// Default is the theme used when none is chosen.
const Default = "classic"

//go:embed shared classic modern compact
var builtin embed.FS

// Theme is a set of templates, a stylesheet and static files, read and
// held in memory when the theme is loaded: a loaded theme cannot fail to
// give a file.
type Theme struct {
	// Name is the built-in theme's name, or the directory as given.
	Name string
	// Dir is the directory of a theme of one's own; "" for a built-in one.
	Dir string

	page, style, notice, form Source
	parts                     []Source
	static                    []File
}

// File is a file of a theme: its name (slash-separated, relative to the
// theme, or to static/ for a static file) and its content.
type File struct {
	Name string
	Data []byte
}

// Source is a template or stylesheet with the name its problems are
// reported under: "classic/page.html", or the file in the theme's
// directory.
type Source struct {
	Name string
	Text string
}

// Names returns the names of the built-in themes, the default first.
func Names() []string { return []string{"classic", "modern", "compact"} }

// Builtin returns the built-in theme called name.
func Builtin(name string) (*Theme, error) {
	if !IsBuiltin(name) {
		return nil, fmt.Errorf("no built-in theme %q: the themes are %s, or a directory such as ./mytheme",
			name, strings.Join(Names(), ", "))
	}
	own, err := fs.Sub(builtin, name)
	if err != nil {
		return nil, fmt.Errorf("theme %s: %w", name, err)
	}
	return load(&Theme{Name: name}, own, name)
}

// Load returns the theme that spec names: a built-in theme by its name,
// else the directory spec (a path with a slash, or that starts with a
// dot: "./mytheme").
func Load(spec string) (*Theme, error) {
	if !IsDir(spec) {
		return Builtin(spec) // its error names the built-in themes
	}
	return Open(spec)
}

// IsBuiltin reports whether name is the name of a built-in theme.
func IsBuiltin(name string) bool { return slices.Contains(Names(), name) }

// IsDir reports whether spec names a directory rather than a built-in
// theme: it holds a slash or starts with a dot.
func IsDir(spec string) bool {
	return strings.ContainsAny(spec, `/\`) || strings.HasPrefix(spec, ".")
}

// Open reads the theme in dir: every file at once, so that a missing
// file or one too large is an error here and not at the first page.
func Open(dir string) (*Theme, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("theme %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("theme %s: not a directory", dir)
	}
	return load(&Theme{Name: dir, Dir: dir}, os.DirFS(dir), strings.TrimSuffix(dir, "/"))
}

// load reads the files of own into t; prefix names them in problems.
func load(t *Theme, own fs.FS, prefix string) (*Theme, error) {
	shared := sharedFS()
	var err error
	for name, dst := range map[string]*Source{PageFile: &t.page, StyleFile: &t.style} {
		if *dst, err = readSource(own, prefix, name); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("theme: %s is missing: a theme has at least %s and %s", path.Join(prefix, name), PageFile, StyleFile)
		}
		if err != nil {
			return nil, err
		}
	}
	if t.notice, err = readOr(own, prefix, NoticeFile); err != nil {
		return nil, err
	}
	if t.form, err = readOr(own, prefix, FormFile); err != nil {
		return nil, err
	}
	sharedParts, err := readSource(shared, "shared", PartsFile)
	if err != nil {
		return nil, err
	}
	t.parts = []Source{sharedParts}
	switch parts, err := readSource(own, prefix, PartsFile); {
	case err == nil:
		t.parts = append(t.parts, parts)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	base, err := readStatic(shared)
	if err != nil {
		return nil, fmt.Errorf("theme shared: %w", err)
	}
	top, err := readStatic(own)
	if err != nil {
		return nil, fmt.Errorf("theme %s: %w", prefix, err)
	}
	t.static = overlay(base, top)
	return t, nil
}

// Page returns page.html, the template of the resume page.
func (t *Theme) Page() Source { return t.page }

// Style returns style.css, the stylesheet inlined into every page.
func (t *Theme) Style() Source { return t.style }

// Notice returns notice.html, the template of a page of its own: the
// theme's, else the shared one.
func (t *Theme) Notice() Source { return t.notice }

// Form returns form.html, which defines the templates "contact-section"
// and "contact-form": the theme's, else the shared one.
func (t *Theme) Form() Source { return t.form }

// Parts returns the partial templates, in the order they are parsed: the
// shared parts.html, then the theme's own, whose definitions replace the
// shared ones of the same name.
func (t *Theme) Parts() []Source { return t.parts }

// Static returns the files served as they are at the site root, sorted by
// name: the shared counter.js and favicon.svg, and the theme's static/
// files, which replace shared ones of the same name.
func (t *Theme) Static() []File { return t.static }

// readOr returns the file name of own, else the shared one.
func readOr(own fs.FS, prefix, name string) (Source, error) {
	s, err := readSource(own, prefix, name)
	if errors.Is(err, fs.ErrNotExist) {
		return readSource(sharedFS(), "shared", name)
	}
	return s, err
}

func readSource(fsys fs.FS, prefix, name string) (Source, error) {
	label := path.Join(prefix, name)
	f, err := fsys.Open(name)
	if err != nil {
		return Source{}, fmt.Errorf("theme: %s: %w", label, unwrapPath(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Source{}, fmt.Errorf("theme: %s: %w", label, unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return Source{}, fmt.Errorf("theme: %s: not a file", label)
	}
	if fi.Size() > MaxFileSize {
		return Source{}, fmt.Errorf("theme: %s: %d bytes; a theme's file may be at most 1 MB", label, fi.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return Source{}, fmt.Errorf("theme: %s: %w", label, unwrapPath(err))
	}
	if len(b) > MaxFileSize {
		return Source{}, fmt.Errorf("theme: %s: larger than 1 MB, the most a theme's file may be", label)
	}
	return Source{Name: label, Text: string(b)}, nil
}

func sharedFS() fs.FS {
	sub, err := fs.Sub(builtin, "shared")
	if err != nil {
		panic("theme: " + err.Error()) // "shared" is embedded above
	}
	return sub
}

// readStatic reads the files of static/ in fsys, within the bounds.
func readStatic(fsys fs.FS) ([]File, error) {
	entries, err := fs.ReadDir(fsys, StaticDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("static/: %w", unwrapPath(err))
	}
	if len(entries) > MaxStaticFiles {
		return nil, fmt.Errorf("static/ holds %d files; a theme may have at most %d", len(entries), MaxStaticFiles)
	}
	var (
		out   []File
		total int64
	)
	for _, e := range entries {
		n := e.Name()
		if why := staticNameProblem(n); why != "" {
			return nil, fmt.Errorf("static/%s: %s", n, why)
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("static/%s: not a file (static/ is served flat: no directories or links)", n)
		}
		fi, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("static/%s: %w", n, unwrapPath(err))
		}
		if total += fi.Size(); fi.Size() > MaxFileSize || total > MaxStaticSize {
			return nil, fmt.Errorf("static/%s: a static file may be at most 1 MB, and all of them 8 MB", n)
		}
		b, err := fs.ReadFile(fsys, path.Join(StaticDir, n))
		if err != nil {
			return nil, fmt.Errorf("static/%s: %w", n, unwrapPath(err))
		}
		out = append(out, File{Name: n, Data: b})
	}
	return out, nil
}

// reserved are the names at the site root that the site itself serves.
var reserved = []string{
	"index.html", "404.html", "resume.json", "resume.pdf", "robots.txt", "sitemap.xml",
	"movies", "movies.css", "healthz", "api", "photo", "contact", "admin",
}

// staticNameProblem says why name cannot be a static file at the site
// root, or "".
func staticNameProblem(name string) string {
	if slices.Contains(reserved, strings.ToLower(name)) {
		return "the site serves this name itself"
	}
	if strings.HasPrefix(name, ".") {
		return "hidden files are not served"
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return "a static file's name may hold only letters, digits, '.', '-' and '_'"
		}
	}
	return ""
}

// overlay returns base with the files of top added, replacing those of
// the same name, sorted by name.
func overlay(base, top []File) []File {
	out := slices.Clone(top)
	for _, f := range base {
		if !slices.ContainsFunc(top, func(g File) bool { return g.Name == f.Name }) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// unwrapPath drops the operation and path of an *fs.PathError, which the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
