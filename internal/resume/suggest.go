package resume

import (
	"reflect"
	"strconv"
	"strings"
)

// oldName returns what JSON Resume 1.0 calls a field that an older
// schema (see its changelog) named key in struct t.
func oldName(t reflect.Type, key string) (string, bool) {
	var m map[string]string
	switch t {
	case reflect.TypeFor[Resume]():
		m = map[string]string{"bio": "basics", "hobbies": "interests"}
	case reflect.TypeFor[Basics]():
		m = map[string]string{"picture": "image", "website": "url", "websites": "url", "firstName": "name", "lastName": "name"}
	case reflect.TypeFor[Location]():
		m = map[string]string{"state": "region"}
	case reflect.TypeFor[Work]():
		m = map[string]string{"company": "name", "website": "url"}
	case reflect.TypeFor[Volunteer](), reflect.TypeFor[Publication](), reflect.TypeFor[Project]():
		m = map[string]string{"website": "url"}
	case reflect.TypeFor[Education]():
		m = map[string]string{"gpa": "score"}
	case reflect.TypeFor[Award]():
		m = map[string]string{"awardDate": "date"}
	case reflect.TypeFor[Language]():
		m = map[string]string{"name": "language", "level": "fluency"}
	case reflect.TypeFor[Meta]():
		m = map[string]string{"url": "canonical"}
	}
	now, ok := m[key]
	return now, ok
}

// suggest returns, for a member key that struct t does not know, a hint
// when key is a field of the old schema, else the known name closest to
// it when that is close enough to be a typo.
func suggest(t reflect.Type, key string) (hint, typo string) {
	if now, ok := oldName(t, key); ok {
		return "the old schema's " + strconv.Quote(key) + " is " + strconv.Quote(now) + " now", ""
	}
	return "", closest(key, fieldNames(t))
}

// closest returns the name within a small edit distance of s (one edit
// for short names, two for longer ones), or "".
func closest(s string, names []string) string {
	limit := 1
	if len([]rune(s)) > 4 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range names {
		if d := distance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one, so
// "wrok" is one edit from "work".
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
