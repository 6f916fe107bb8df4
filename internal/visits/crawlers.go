package visits

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
)

// The crawler patterns are those of github.com/monperrus/crawler-user-agents
// (crawlerPatterns, in crawlers_list.go), matched here rather than by that
// package: it builds its matcher when the program starts, which costs more
// than the rest of a Lambda function's start, while most starts never see
// a User-Agent. This matcher is built on first need, in well under a
// millisecond, and gives the same answers (crawlers_test.go).

// crawlerMatcher tells whether a User-Agent matches any crawler pattern.
type crawlerMatcher struct {
	// literals finds any of the patterns that are plain text: a
	// strings.Replacer with empty replacements changes a text exactly when
	// one of them occurs in it, and finds them in one pass.
	literals *strings.Replacer
	// others are the remaining patterns, each with a text that all its
	// matches contain, so that the expression runs only where it can match.
	others []crawlerRegexp
}

type crawlerRegexp struct {
	needle string // "" when the pattern has no such text
	re     *regexp.Regexp
}

// crawlers returns the matcher of crawlerPatterns, built on first call.
var crawlers = sync.OnceValue(func() *crawlerMatcher { return newCrawlerMatcher(crawlerPatterns) })

// newCrawlerMatcher compiles patterns, regular expressions in Go's
// syntax. It panics on an invalid one: the list is fixed at build time
// and a test compiles it.
func newCrawlerMatcher(patterns []string) *crawlerMatcher {
	m := &crawlerMatcher{}
	var oldnew []string
	for _, p := range patterns {
		if lit, ok := literalPattern(p); ok {
			oldnew = append(oldnew, lit, "")
			continue
		}
		parsed, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			panic("visits: crawler pattern " + p + ": " + err.Error())
		}
		m.others = append(m.others, crawlerRegexp{needle: mustContain(parsed.Simplify()), re: regexp.MustCompile(p)})
	}
	m.literals = strings.NewReplacer(oldnew...)
	return m
}

// match reports whether userAgent matches any of the patterns.
func (m *crawlerMatcher) match(userAgent string) bool {
	if m.literals.Replace(userAgent) != userAgent {
		return true
	}
	for _, o := range m.others {
		if (o.needle == "" || strings.Contains(userAgent, o.needle)) && o.re.MatchString(userAgent) {
			return true
		}
	}
	return false
}

// literalPattern returns the text that pattern matches when it is plain
// text with punctuation escaped (`Googlebot\/`), and false for anything
// else. In Go's syntax a backslash before ASCII punctuation always stands
// for the character itself; the other metacharacters, outside a
// backslash, make the pattern an expression.
func literalPattern(pattern string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\':
			i++
			if i == len(pattern) || !isASCIIPunct(pattern[i]) {
				return "", false
			}
			b.WriteByte(pattern[i])
		case strings.IndexByte(`.+*?()|[]{}^$`, c) >= 0:
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), pattern != ""
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z')
}

// mustContain returns a text that every match of re contains, the longest
// it finds, or "" when it finds none.
func mustContain(re *syntax.Regexp) string {
	if re.Flags&syntax.FoldCase != 0 {
		return ""
	}
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune)
	case syntax.OpCapture, syntax.OpPlus:
		return mustContain(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return mustContain(re.Sub[0])
		}
	case syntax.OpConcat:
		longest := ""
		for _, sub := range re.Sub {
			if s := mustContain(sub); len(s) > len(longest) {
				longest = s
			}
		}
		return longest
	}
	return ""
}
