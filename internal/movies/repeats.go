package movies

import "errors"

// memIDs is how many IDs an import holds in memory; past it, its set of
// IDs moves to files, so that memory stays the same however large the
// input. 2¹⁸ IDs of 10 bytes take about 7 MB.
const memIDs = 1 << 18

// repeatFinder tells which movie IDs an input had before: in memory while
// few, then in a diskSet.
type repeatFinder struct {
	dir   string // for the files; "": os.TempDir()
	limit int    // IDs held in memory at most
	mem   idSet
	disk  *diskSet
}

// newRepeatFinder returns a finder holding limit IDs in memory at most
// (<= 0: memIDs).
func newRepeatFinder(dir string, limit int) *repeatFinder {
	if limit <= 0 {
		limit = memIDs
	}
	return &repeatFinder{dir: dir, limit: limit, mem: newIDSet()}
}

// seen records id and reports whether it was recorded before.
func (f *repeatFinder) seen(id string) (bool, error) {
	if f.disk != nil {
		added, err := f.disk.add(id)
		return !added, err
	}
	added := f.mem.add(id)
	if f.mem.n >= f.limit {
		if err := f.spill(); err != nil {
			return false, err
		}
	}
	return !added, nil
}

// spill moves the IDs in memory to a diskSet.
func (f *repeatFinder) spill() error {
	disk, err := newDiskSet(f.dir, nextPow2(uint64(4*f.limit)))
	if err != nil {
		return err
	}
	if err := f.mem.each(func(id []byte) error {
		_, err := disk.add(string(id))
		return err
	}); err != nil {
		return errors.Join(err, disk.close())
	}
	f.disk, f.mem = disk, idSet{}
	return nil
}

// close removes the files, if any.
func (f *repeatFinder) close() error {
	if f.disk == nil {
		return nil
	}
	return f.disk.close()
}

// nextPow2 returns the least power of two >= n.
func nextPow2(n uint64) uint64 {
	p := uint64(1)
	for p < n {
		p <<= 1
	}
	return p
}
