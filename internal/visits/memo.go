package visits

import lru "github.com/hashicorp/golang-lru/v2"

// Bounds of a memo: most traffic comes from a few hundred browser versions
// and links, and a longer key is rare enough to work out afresh, so that
// no entry is large whatever a client sends.
const (
	memoSize   = 4096
	memoMaxKey = 512
)

// memo remembers the answers of a function of a string that costs more
// than a lookup (the crawler list, the User-Agent parser, URL parsing),
// the least recently used forgotten first.
type memo[T any] struct {
	known *lru.Cache[string, T]
	fn    func(string) T
}

func newMemo[T any](fn func(string) T) memo[T] {
	known, err := lru.New[string, T](memoSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return memo[T]{known: known, fn: fn}
}

// get returns fn(key), from memory when it can.
func (m memo[T]) get(key string) T {
	if v, ok := m.known.Get(key); ok {
		return v
	}
	v := m.fn(key)
	if len(key) <= memoMaxKey {
		m.known.Add(key, v)
	}
	return v
}
