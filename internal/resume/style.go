package resume

import (
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"slices"
	"strings"
)

// colorVars maps the colour names of meta.themeOptions.colors, which are
// those of the "even" theme, to the CSS custom properties every theme
// defines (docs/themes.md).
var colorVars = map[string]string{
	"background": "--bg",     // the page
	"dimmed":     "--soft",   // tags, panels
	"primary":    "--fg",     // the text
	"secondary":  "--muted",  // dates, places, labels
	"accent":     "--accent", // links, headings' marks, buttons
}

// ColorNames returns the colour names meta.themeOptions.colors takes,
// sorted.
func ColorNames() []string { return slices.Sorted(maps.Keys(colorVars)) }

// isCSSColor accepts a hex colour or a colour name: nothing that could
// end the declaration it is written into.
func isCSSColor(s string) bool {
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		switch len(hex) {
		case 3, 4, 6, 8:
		default:
			return false
		}
		for _, c := range hex {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}
	if len(s) < 3 || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// colorCSS returns the rules that set the colours of opts over the
// theme's, on screen: on paper each theme keeps its own print colours.
// It returns "" when no colour is given; invalid colours are left out
// (validation reports them).
func colorCSS(opts ThemeOptions) string {
	var light, dark []string
	for _, name := range ColorNames() {
		c := opts.Colors[name]
		if len(c) == 0 || len(c) > 2 || !isCSSColor(c[0]) || (len(c) == 2 && !isCSSColor(c[1])) {
			continue
		}
		light = append(light, colorVars[name]+":"+c[0])
		if len(c) == 2 {
			dark = append(dark, colorVars[name]+":"+c[1])
		}
	}
	var b strings.Builder
	if len(light) > 0 {
		b.WriteString("\n@media screen{:root{" + strings.Join(light, ";") + "}}")
	}
	if len(dark) > 0 {
		b.WriteString("\n@media screen and (prefers-color-scheme:dark){:root{" + strings.Join(dark, ";") + "}}")
	}
	return b.String()
}

// hashSource returns the CSP source expression of an inline block.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
