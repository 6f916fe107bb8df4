package movies

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
)

// diskSet is an exact set of strings kept in two files, so that its memory
// stays the same however many it holds: the strings appended to a log
// (uvarint length, bytes), and an open-addressing table of 8-byte slots,
// each a hash tag and the offset of its string in the log. An add costs a
// read or two of the table and, for a tag that matches, one of the log; the
// files are unlinked at once, so nothing is left behind, whatever happens.
type diskSet struct {
	dir   string
	seed  maphash.Seed
	table *os.File
	slots uint64 // a power of two
	n     uint64
	log   *os.File
	w     *bufio.Writer
	size  int64 // bytes of the log, buffered ones included
	saved int64 // bytes of the log written to the file
	slot  [8]byte
	buf   []byte
}

const (
	diskTagShift = 40 // offsets below 2⁴⁰; the top 24 bits of a slot hold hash bits
	diskOffMask  = 1<<diskTagShift - 1
)

// newDiskSet creates the files of a set in dir ("": os.TempDir()).
func newDiskSet(dir string, slots uint64) (*diskSet, error) {
	s := &diskSet{dir: dir, seed: maphash.MakeSeed(), buf: make([]byte, binary.MaxVarintLen64+MaxFieldBytes)}
	var err error
	if s.log, err = tempFile(dir, "movie-ids-*"); err != nil {
		return nil, err
	}
	s.w = bufio.NewWriterSize(s.log, 64<<10)
	if s.table, err = newTable(dir, slots); err != nil {
		s.log.Close()
		return nil, err
	}
	s.slots = slots
	return s, nil
}

// tempFile creates a file in dir and unlinks it: it lives as long as it
// is open.
func tempFile(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, fmt.Errorf("set of movie IDs: %w", err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("set of movie IDs: %w", err)
	}
	return f, nil
}

// newTable creates an empty table of slots; the file is sparse until
// written.
func newTable(dir string, slots uint64) (*os.File, error) {
	f, err := tempFile(dir, "movie-id-table-*")
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(int64(slots * 8)); err != nil {
		f.Close()
		return nil, fmt.Errorf("set of movie IDs: %w", err)
	}
	return f, nil
}

// add records id and reports whether it was not there yet.
func (s *diskSet) add(id string) (bool, error) {
	h := maphash.String(s.seed, id)
	i, found, err := s.find(s.table, s.slots, h, id)
	if err != nil || found {
		return false, err
	}
	off := s.size
	head := binary.AppendUvarint(s.buf[:0], uint64(len(id)))
	s.w.Write(head)
	s.w.WriteString(id)
	s.size += int64(len(head) + len(id))
	if err := s.put(s.table, i, h, off); err != nil {
		return false, err
	}
	s.n++
	if s.n*4 >= s.slots*3 {
		if err := s.grow(); err != nil {
			return false, err
		}
	}
	return true, nil
}

// find returns the slot holding id, or the empty slot where it belongs.
func (s *diskSet) find(table *os.File, slots, h uint64, id string) (uint64, bool, error) {
	tag := h >> diskTagShift
	mask := slots - 1
	for i := h & mask; ; i = (i + 1) & mask {
		if _, err := table.ReadAt(s.slot[:], int64(i*8)); err != nil {
			return 0, false, fmt.Errorf("set of movie IDs: %w", err)
		}
		e := binary.LittleEndian.Uint64(s.slot[:])
		if e == 0 {
			return i, false, nil
		}
		if e>>diskTagShift != tag {
			continue
		}
		got, err := s.load(int64(e&diskOffMask - 1))
		if err != nil {
			return 0, false, err
		}
		if got == id {
			return i, true, nil
		}
	}
}

// put writes the slot of the ID at off with hash h.
func (s *diskSet) put(table *os.File, i, h uint64, off int64) error {
	binary.LittleEndian.PutUint64(s.slot[:], h>>diskTagShift<<diskTagShift|uint64(off+1))
	if _, err := table.WriteAt(s.slot[:], int64(i*8)); err != nil {
		return fmt.Errorf("set of movie IDs: %w", err)
	}
	return nil
}

// load reads the ID at off of the log.
func (s *diskSet) load(off int64) (string, error) {
	if off+int64(len(s.buf)) > s.saved && s.saved < s.size {
		if err := s.w.Flush(); err != nil {
			return "", fmt.Errorf("set of movie IDs: %w", err)
		}
		s.saved = s.size
	}
	n, err := s.log.ReadAt(s.buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("set of movie IDs: %w", err)
	}
	l, w := binary.Uvarint(s.buf[:n])
	if w <= 0 || w+int(l) > n {
		return "", errors.New("set of movie IDs: corrupt log")
	}
	return string(s.buf[w : w+int(l)]), nil
}

// grow rebuilds the table twice as large, from the log read in order.
func (s *diskSet) grow() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("set of movie IDs: %w", err)
	}
	s.saved = s.size
	slots := 2 * s.slots
	table, err := newTable(s.dir, slots)
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.NewSectionReader(s.log, 0, s.size), 64<<10)
	var off int64
	for off < s.size {
		l, err := binary.ReadUvarint(r)
		if err != nil {
			table.Close()
			return fmt.Errorf("set of movie IDs: %w", err)
		}
		id := s.buf[:l]
		if _, err := io.ReadFull(r, id); err != nil {
			table.Close()
			return fmt.Errorf("set of movie IDs: %w", err)
		}
		h := maphash.Bytes(s.seed, id)
		mask := slots - 1
		i := h & mask
		for {
			if _, err := table.ReadAt(s.slot[:], int64(i*8)); err != nil {
				table.Close()
				return fmt.Errorf("set of movie IDs: %w", err)
			}
			if binary.LittleEndian.Uint64(s.slot[:]) == 0 {
				break
			}
			i = (i + 1) & mask
		}
		if err := s.put(table, i, h, off); err != nil {
			table.Close()
			return err
		}
		off += int64(len(binary.AppendUvarint(s.slot[:0], l))) + int64(l)
	}
	s.table.Close()
	s.table, s.slots = table, slots
	return nil
}

// close removes the set's files.
func (s *diskSet) close() error {
	return errors.Join(s.table.Close(), s.log.Close())
}
