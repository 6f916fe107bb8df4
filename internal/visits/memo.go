package visits

import lru "github.com/hashicorp/golang-lru/v2"

// Bounds of a memo: most traffic comes from a few hundred browser versions
// and links, and a longer key is rare enough to work out afresh, so that
// no entry is large whatever a client sends.
const (
	memoSize   = 4096
	memoMaxKey = 512
)

// memo remembers the answers of a function of strings that costs more
// than a lookup (the crawler list, the User-Agent parser, URL parsing),
// the least recently used forgotten first. size tells a key's length.
type memo[K comparable, T any] struct {
	known *lru.Cache[K, T]
	fn    func(K) T
	size  func(K) int
}

func newMemo[K comparable, T any](fn func(K) T, size func(K) int) memo[K, T] {
	known, err := lru.New[K, T](memoSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return memo[K, T]{known: known, fn: fn, size: size}
}

// newStringMemo returns a memo of fn, a function of one string.
func newStringMemo[T any](fn func(string) T) memo[string, T] {
	return newMemo(fn, func(s string) int { return len(s) })
}

// get returns fn(key), from memory when it can.
func (m memo[K, T]) get(key K) T {
	if v, ok := m.known.Get(key); ok {
		return v
	}
	v := m.fn(key)
	if m.size(key) <= memoMaxKey {
		m.known.Add(key, v)
	}
	return v
}
