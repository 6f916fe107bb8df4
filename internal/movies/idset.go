package movies

import (
	"encoding/binary"
	"hash/maphash"
)

// idSet is an exact set of strings built for many short IDs: the IDs are
// copied end to end into fixed-size chunks and an open-addressing table holds
// one 8-byte entry per ID (a hash tag and the ID's offset). A million IDs of
// 10 bytes take about 26 MB, all of it pointer-free, so the garbage collector
// does not scan it; a map[uint64]struct{} of mere hashes takes 38 MB.
type idSet struct {
	seed   maphash.Seed
	table  []uint64 // 0 = empty; else tag<<tagShift | offset+1
	n      int
	chunks [][]byte // uvarint length + bytes, per ID
}

const (
	chunkBits = 20 // 1 MiB chunks, larger than the largest entry
	chunkSize = 1 << chunkBits
	tagShift  = 40 // offsets below 2⁴⁰; the top 24 bits hold hash bits
	offMask   = 1<<tagShift - 1
)

func newIDSet() idSet {
	return idSet{seed: maphash.MakeSeed(), table: make([]uint64, 1024)}
}

// add records id and reports whether it was not there yet.
func (s *idSet) add(id string) bool {
	h := maphash.String(s.seed, id)
	tag := h >> tagShift
	mask := uint64(len(s.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := s.table[i]
		if e == 0 {
			s.table[i] = tag<<tagShift | (s.store(id) + 1)
			s.n++
			if s.n*4 >= len(s.table)*3 {
				s.grow()
			}
			return true
		}
		if e>>tagShift == tag && string(s.load(e&offMask-1)) == id {
			return false
		}
	}
}

// store copies id into the chunks and returns its offset.
func (s *idSet) store(id string) uint64 {
	need := binary.MaxVarintLen64 + len(id)
	if len(s.chunks) == 0 {
		s.chunks = append(s.chunks, make([]byte, 0, 4096))
	}
	if last := s.chunks[len(s.chunks)-1]; len(last)+need > cap(last) {
		// Chunks double up to chunkSize, so that a small file costs little.
		s.chunks = append(s.chunks, make([]byte, 0, min(2*cap(last), chunkSize)))
	}
	k := len(s.chunks) - 1
	c := s.chunks[k]
	off := uint64(k)<<chunkBits | uint64(len(c))
	c = binary.AppendUvarint(c, uint64(len(id)))
	s.chunks[k] = append(c, id...)
	return off
}

// load returns the bytes of the ID stored at off.
func (s *idSet) load(off uint64) []byte {
	c := s.chunks[off>>chunkBits][off&(chunkSize-1):]
	n, w := binary.Uvarint(c)
	return c[w : w+int(n)]
}

func (s *idSet) grow() {
	old := s.table
	s.table = make([]uint64, 2*len(old))
	mask := uint64(len(s.table) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		h := maphash.Bytes(s.seed, s.load(e&offMask-1)) // equal to maphash.String of the same ID
		i := h & mask
		for s.table[i] != 0 {
			i = (i + 1) & mask
		}
		s.table[i] = e
	}
}

// each calls f with every ID of the set, in the order they were added.
func (s *idSet) each(f func(id []byte) error) error {
	for _, c := range s.chunks {
		for len(c) > 0 {
			n, w := binary.Uvarint(c)
			if err := f(c[w : w+int(n)]); err != nil {
				return err
			}
			c = c[w+int(n):]
		}
	}
	return nil
}
