package movies

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// columns is the order of the fields in a row without a header.
var columns = [4]string{"movie_id", "name", "country_of_origin", "release_date"}

// MaxRecordBytes bounds the bytes one CSV record may span, from its first
// line to its last; the blank lines between records do not count.
// encoding/csv keeps a whole record in memory, so an unterminated quote
// would otherwise read the rest of the file into one field; past this bound
// decoding stops instead.
const MaxRecordBytes = 1 << 20

// Rejected is a row that was not stored, with the line it starts on.
type Rejected struct {
	Line    int    `json:"line"`
	Reason  string `json:"reason"`
	MovieID string `json:"movie_id,omitempty"`
}

func (r *Rejected) Error() string { return fmt.Sprintf("line %d: %s", r.Line, r.Reason) }

// Decoder reads movie infos from CSV, one row at a time, in constant
// memory. It does not look for IDs repeated across rows: Import does, in
// bounded memory.
//
// Rows are movie_id,name,country_of_origin,release_date (RFC 4180 quoting,
// LF or CRLF, an optional UTF-8 BOM, blank lines skipped). A first row naming
// the four columns is a header, in any column order.
type Decoder struct {
	csv   *csv.Reader
	in    *guard
	bom   int64
	order [4]int // order[i] is the record index of columns[i]
	first bool   // the next record is the first one, which may be a header
	err   error  // sticky: io.EOF or a read error
}

// NewDecoder returns a decoder reading r.
func NewDecoder(r io.Reader) *Decoder {
	br := bufio.NewReaderSize(r, 64<<10)
	d := &Decoder{order: [4]int{0, 1, 2, 3}, first: true}
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
		d.bom = 3
	}
	d.in = &guard{r: br}
	d.csv = csv.NewReader(d.in)
	d.csv.FieldsPerRecord = -1
	d.csv.ReuseRecord = true
	return d
}

// BytesRead is how many input bytes the decoder has consumed so far.
func (d *Decoder) BytesRead() int64 { return d.bom + d.in.n }

// Next returns the next good row. A bad row is a *Rejected error, after
// which decoding goes on. io.EOF ends the input; any other error means the
// input could not be read and decoding is over.
func (d *Decoder) Next() (Info, error) {
	info, _, err := d.next()
	return info, err
}

// next is Next, with the line the row starts on.
func (d *Decoder) next() (Info, int, error) {
	for d.err == nil {
		before := d.csv.InputOffset()
		rec, err := d.csv.Read()
		d.in.recordEnd()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && d.csv.InputOffset() > before {
				d.first = false
				return Info{}, 0, &Rejected{
					Line:   pe.StartLine,
					Reason: fmt.Sprintf("CSV syntax: %v at line %d, column %d", pe.Err, pe.Line, pe.Column),
				}
			}
			if err == io.EOF {
				d.err = io.EOF
			} else {
				d.err = fmt.Errorf("read csv after line %d: %w", d.lastLine(), err)
			}
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := d.csv.FieldPos(0)
		if d.first {
			d.first = false
			if isHeader, err := d.header(rec, line); err != nil {
				d.err = err
				break
			} else if isHeader {
				continue
			}
		}
		info, err := d.row(rec, line)
		return info, line, err
	}
	return Info{}, 0, d.err
}

func (d *Decoder) row(rec []string, line int) (Info, error) {
	if len(rec) != len(columns) {
		return Info{}, &Rejected{Line: line, Reason: fmt.Sprintf(
			"has %d fields, want 4 (movie_id,name,country_of_origin,release_date)", len(rec))}
	}
	if d.isHeaderRow(rec) {
		return Info{}, &Rejected{Line: line, Reason: "is a header, which only the first row may be"}
	}
	info := Info{
		MovieID:         rec[d.order[0]],
		Name:            rec[d.order[1]],
		CountryOfOrigin: rec[d.order[2]],
		ReleaseDate:     rec[d.order[3]],
	}
	if why := info.Validate(); why != "" {
		rej := &Rejected{Line: line, Reason: why}
		if ValidateID(info.MovieID) == "" {
			rej.MovieID = info.MovieID
		}
		return Info{}, rej
	}
	return info, nil
}

// header reports whether rec is a header row and sets the column order from it.
// A first row that names movie_id but not exactly the four columns is an
// error: the meaning of every following row would be a guess.
func (d *Decoder) header(rec []string, line int) (bool, error) {
	named := false
	for _, f := range rec {
		if strings.EqualFold(strings.TrimSpace(f), columns[0]) {
			named = true
		}
	}
	if !named {
		return false, nil
	}
	bad := fmt.Errorf("line %d: a header must name movie_id, name, country_of_origin and release_date once each", line)
	if len(rec) != len(columns) {
		return false, bad
	}
	found := [4]bool{}
	for i, f := range rec {
		f = strings.TrimSpace(f)
		k := -1
		for j, c := range columns {
			if strings.EqualFold(f, c) {
				k = j
			}
		}
		if k < 0 || found[k] {
			return false, bad
		}
		found[k] = true
		d.order[k] = i
	}
	return true, nil
}

// isHeaderRow reports whether rec names the four columns in the current order,
// as the header of a second file appended to the first would.
func (d *Decoder) isHeaderRow(rec []string) bool {
	for i, c := range columns {
		if !strings.EqualFold(strings.TrimSpace(rec[d.order[i]]), c) {
			return false
		}
	}
	return true
}

func (d *Decoder) lastLine() int {
	line, _ := d.csv.FieldPos(0)
	return line
}

// guard hands the CSV reader one line at most per read, and fails a read
// once the current record spans more than MaxRecordBytes. It follows the
// quotes to tell the line breaks inside a quoted field, which belong to
// its record, from those that end one: a blank line outside quotes ends a
// record of nothing. One line at a time, the CSV reader has read no more
// than the record it returns, so at its end the guard knows it is outside
// any quote, whatever quotes a malformed row held.
type guard struct {
	r      *bufio.Reader
	n      int64 // bytes handed out
	span   int64 // bytes of the record under way
	quoted bool  // the bytes handed out end inside a quoted field
}

var errRecordTooLong = fmt.Errorf("a record spans more than %d bytes (an unterminated quote?)", MaxRecordBytes)

func (g *guard) Read(p []byte) (int, error) {
	if g.span > MaxRecordBytes {
		return 0, errRecordTooLong
	}
	if len(p) == 0 {
		return 0, nil
	}
	if _, err := g.r.Peek(1); err != nil {
		return 0, err
	}
	b, _ := g.r.Peek(min(len(p), g.r.Buffered()))
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	}
	n := copy(p, b)
	g.r.Discard(n)
	g.n += int64(n)
	g.span += int64(n)
	if bytes.Count(b, quote)%2 == 1 {
		g.quoted = !g.quoted
	}
	if b[n-1] == '\n' && !g.quoted {
		g.span = 0
	}
	return n, nil
}

var quote = []byte{'"'}

// recordEnd tells the guard that the CSV reader returned a record (or
// failed on one): what follows starts a record, outside quotes.
func (g *guard) recordEnd() {
	g.span, g.quoted = 0, false
}
