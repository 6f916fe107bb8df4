package movies

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

type decoded struct {
	infos    []Info
	lines    []int // line of each info
	rejected []Rejected
	err      error // the error that ended decoding; nil at io.EOF
}

func decodeAll(t testing.TB, r io.Reader) decoded {
	t.Helper()
	var out decoded
	d := NewDecoder(r)
	for i := 0; ; i++ {
		if i > 1_000_000 {
			t.Fatal("decoder does not end")
		}
		info, err := d.Next()
		var rej *Rejected
		switch {
		case err == nil:
			out.infos = append(out.infos, info)
			out.lines = append(out.lines, d.lastLine())
		case errors.As(err, &rej):
			out.rejected = append(out.rejected, *rej)
		case err == io.EOF:
			return out
		default:
			out.err = err
			return out
		}
	}
}

func TestDecodeAcceptedVariants(t *testing.T) {
	want := []Info{
		{"tt0111161", "The Shawshank Redemption", "United States", "1994-09-23"},
		{"tt0050083", "12 Angry Men, the film", "United States", "1957-04-10"},
	}
	tests := []struct {
		name  string
		input string
		lines []int
	}{
		{"LF", "tt0111161,The Shawshank Redemption,United States,1994-09-23\n" +
			"tt0050083,\"12 Angry Men, the film\",United States,1957-04-10\n", []int{1, 2}},
		{"CRLF without final newline", "tt0111161,The Shawshank Redemption,United States,1994-09-23\r\n" +
			"tt0050083,\"12 Angry Men, the film\",United States,1957-04-10", []int{1, 2}},
		{"BOM and header", "\ufeffmovie_id,name,country_of_origin,release_date\r\n" +
			"tt0111161,The Shawshank Redemption,United States,1994-09-23\r\n" +
			"tt0050083,\"12 Angry Men, the film\",United States,1957-04-10\r\n", []int{2, 3}},
		{"BOM without header", "\ufefftt0111161,The Shawshank Redemption,United States,1994-09-23\n" +
			"tt0050083,\"12 Angry Men, the film\",United States,1957-04-10\n", []int{1, 2}},
		{"header in another order and case", " Name ,RELEASE_DATE,movie_id,country_of_origin\n" +
			"The Shawshank Redemption,1994-09-23,tt0111161,United States\n" +
			"\"12 Angry Men, the film\",1957-04-10,tt0050083,United States\n", []int{2, 3}},
		{"blank and space-only lines", "\n\ntt0111161,The Shawshank Redemption,United States,1994-09-23\n" +
			"   \r\n\r\n" +
			"tt0050083,\"12 Angry Men, the film\",United States,1957-04-10\n\n", []int{3, 6}},
		{"quoted everything", "\"tt0111161\",\"The Shawshank Redemption\",\"United States\",\"1994-09-23\"\n" +
			"\"tt0050083\",\"12 Angry Men, the film\",\"United States\",\"1957-04-10\"\n", []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeAll(t, strings.NewReader(tt.input))
			if got.err != nil || len(got.rejected) != 0 {
				t.Fatalf("err %v, rejected %v", got.err, got.rejected)
			}
			if len(got.infos) != len(want) {
				t.Fatalf("infos %q, want %q", got.infos, want)
			}
			for i := range want {
				if got.infos[i] != want[i] || got.lines[i] != tt.lines[i] {
					t.Errorf("row %d = %q on line %d, want %q on line %d", i, got.infos[i], got.lines[i], want[i], tt.lines[i])
				}
			}
		})
	}
}

func TestDecodeQuotingAndOptionalFields(t *testing.T) {
	input := "m1,\"Say \"\"Hi\"\", again\",,\n" + // escaped quotes and a comma inside a name; no country, no date
		"m0,\"Two\nlines\",France,2001-04-25\n" + // a quoted line break: parsed, then refused as a control character
		"m2,Amélie,France,2001-04-25\n" +
		"m3," + strings.Repeat("n", MaxFieldBytes) + ",Japan,2000-02-29\n" // a leap day and the longest name
	got := decodeAll(t, strings.NewReader(input))
	if got.err != nil || len(got.infos) != 3 {
		t.Fatalf("got %+v", got)
	}
	if got.infos[0] != (Info{MovieID: "m1", Name: "Say \"Hi\", again"}) {
		t.Errorf("quoted row = %q", got.infos[0])
	}
	if len(got.rejected) != 1 || got.rejected[0].Line != 2 || !strings.Contains(got.rejected[0].Reason, "control character") {
		t.Errorf("rejected = %+v, want the two-line name on line 2", got.rejected)
	}
	if got.lines[1] != 4 || got.lines[2] != 5 {
		t.Errorf("lines after a two-line record = %v, want 4 and 5", got.lines[1:])
	}
}

func TestDecodeRejectsBadRows(t *testing.T) {
	long := strings.Repeat("x", MaxFieldBytes+1)
	tests := []struct {
		name, row, reason, id string
	}{
		{"too few fields", "m1,Name,France", "has 3 fields, want 4", ""},
		{"too many fields", "m1,Name,France,2001-01-01,extra", "has 5 fields, want 4", ""},
		{"one field", "m1", "has 1 fields, want 4", ""},
		{"empty id", ",Name,France,2001-01-01", "movie_id is empty", ""},
		{"id with a space", "m 1,Name,France,2001-01-01", "contains a slash, a space", ""},
		{"id with a slash", "a/b,Name,France,2001-01-01", "contains a slash, a space", ""},
		{"empty name", "m1, ,France,2001-01-01", "name is empty", "m1"},
		{"impossible date", "m1,Name,France,2021-02-30", "is not a real date", "m1"},
		{"not a leap year", "m1,Name,France,2021-02-29", "is not a real date", "m1"},
		{"short date", "m1,Name,France,2021-2-3", "is not a real date", "m1"},
		{"other date form", "m1,Name,France,03/02/2021", "is not a real date", "m1"},
		{"long id", long + ",Name,France,2001-01-01", "movie_id is longer than 1000 bytes", ""},
		{"long name", "m1," + long + ",France,2001-01-01", "name is longer than 1000 bytes", "m1"},
		{"long country", "m1,Name," + long + ",2001-01-01", "country_of_origin is longer than 1000 bytes", "m1"},
		{"invalid UTF-8", "m1,Na\xffme,France,2001-01-01", "name is not valid UTF-8", "m1"},
		{"invalid UTF-8 id", "m\xc3,Name,France,2001-01-01", "movie_id is not valid UTF-8", ""},
		{"NUL byte", "m1,Na\x00me,France,2001-01-01", "name contains a NUL byte", "m1"},
		{"escape in name", "m1,Na\x1b[2Jme,France,2001-01-01", "name contains a control character or a bidirectional override", "m1"},
		{"bidi override in name", "m1,Na\u202eem,France,2001-01-01", "name contains a control character or a bidirectional override", "m1"},
		{"bidi isolate in country", "m1,Name,Fr\u2066ance,2001-01-01", "country_of_origin contains a control character or a bidirectional override", "m1"},
		{"bidi override in id", "m\u202e1,Name,France,2001-01-01", "movie_id contains a control character or a bidirectional override", ""},
		{"bare quote", "m1,Na\"me,France,2001-01-01", "CSV syntax: bare \" in non-quoted-field", ""},
		{"text after closing quote", "m1,\"Name\"x,France,2001-01-01", "CSV syntax: extraneous or missing \" in quoted-field", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := "ok1,Good,France,2001-01-01\n" + tt.row + "\nok2,Good,Spain,2002-02-02\n"
			got := decodeAll(t, strings.NewReader(input))
			if got.err != nil {
				t.Fatalf("read error %v", got.err)
			}
			if len(got.infos) != 2 || got.infos[0].MovieID != "ok1" || got.infos[1].MovieID != "ok2" {
				t.Errorf("good rows around the bad one = %q", got.infos)
			}
			if len(got.rejected) != 1 {
				t.Fatalf("rejected = %+v, want one", got.rejected)
			}
			r := got.rejected[0]
			if r.Line != 2 || !strings.Contains(r.Reason, tt.reason) || r.MovieID != tt.id {
				t.Errorf("rejected = %+v, want line 2, reason containing %q, id %q", r, tt.reason, tt.id)
			}
		})
	}
}

func TestDecodeLeavesRepeatedIDsToImport(t *testing.T) {
	input := "m1,First,France,2001-01-01\nm2,Other,Spain,2002-02-02\nm1,Again,Italy,2003-03-03\n"
	got := decodeAll(t, strings.NewReader(input))
	if len(got.infos) != 3 || len(got.rejected) != 0 {
		t.Fatalf("got %+v; the decoder keeps no set of IDs, so it returns every good row", got)
	}
}

// TestDecodeBlankLinesAreNotARecord: blank lines between records count
// toward no record's size, however many there are.
func TestDecodeBlankLinesAreNotARecord(t *testing.T) {
	for _, blank := range []string{"\n", "\r\n"} {
		input := io.MultiReader(strings.NewReader("m1,First,France,2001-01-01\n"),
			&repeatReader{s: blank, n: 5_000_000}, strings.NewReader("m2,Second,Spain,2002-02-02\n"))
		got := decodeAll(t, input)
		if got.err != nil || len(got.infos) != 2 || got.infos[1].MovieID != "m2" || got.lines[1] != 5_000_002 {
			t.Fatalf("%q: err %v, %d infos %v at lines %v; want m2 on line 5000002", blank, got.err, len(got.infos), got.infos, got.lines)
		}
	}
	// Inside a quoted field the line breaks are the record's own.
	input := io.MultiReader(strings.NewReader("m1,\"First"), &repeatReader{s: "\n", n: 2 * MaxRecordBytes},
		strings.NewReader("\",France,2001-01-01\n"))
	if got := decodeAll(t, input); !errors.Is(got.err, errRecordTooLong) {
		t.Fatalf("a quoted field of 2 MB of line breaks: err %v, want errRecordTooLong", got.err)
	}
}

// repeatReader reads s n times.
type repeatReader struct {
	s   string
	n   int
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) && r.n > 0 {
		c := copy(p[w:], r.s[r.off:])
		w += c
		if r.off += c; r.off == len(r.s) {
			r.off = 0
			r.n--
		}
	}
	if w == 0 {
		return 0, io.EOF
	}
	return w, nil
}

func TestDecodeUnterminatedQuote(t *testing.T) {
	// The quote opened on line 2 runs to the end of the input: one bad record, then the end.
	input := "m1,Good,France,2001-01-01\nm2,\"Open,France,2001-01-01\nm3,Lost,Spain,2002-02-02\n"
	got := decodeAll(t, strings.NewReader(input))
	if got.err != nil || len(got.infos) != 1 || len(got.rejected) != 1 || got.rejected[0].Line != 2 {
		t.Fatalf("got %+v", got)
	}
}

func TestDecodeStopsOnRecordLongerThanLimit(t *testing.T) {
	// An unterminated quote early in a large input must not be buffered whole.
	big := strings.Repeat("filler line,\n", 2*MaxRecordBytes/13)
	input := "m1,Good,France,2001-01-01\nm2,\"Open\n" + big
	d := NewDecoder(strings.NewReader(input))
	if _, err := d.Next(); err != nil {
		t.Fatalf("first row: %v", err)
	}
	_, err := d.Next()
	if !errors.Is(err, errRecordTooLong) {
		t.Fatalf("err = %v, want errRecordTooLong", err)
	}
	if n := d.BytesRead(); n > MaxRecordBytes+200<<10 {
		t.Errorf("read %d bytes before giving up", n)
	}
	if _, err2 := d.Next(); err2 != err {
		t.Errorf("error is not sticky: %v", err2)
	}
}

func TestDecodeHeaderErrors(t *testing.T) {
	for _, h := range []string{
		"movie_id,name,country_of_origin",
		"movie_id,name,country_of_origin,release_date,imdb",
		"movie_id,name,name,release_date",
		"movie_id,title,country_of_origin,release_date",
	} {
		got := decodeAll(t, strings.NewReader(h+"\nm1,Good,France,2001-01-01\n"))
		if got.err == nil || !strings.Contains(got.err.Error(), "line 1: a header must name") || len(got.infos) != 0 {
			t.Errorf("header %q: got %+v", h, got)
		}
	}
	// A header after the first row (two files put end to end) is a bad row.
	got := decodeAll(t, strings.NewReader("m1,Good,France,2001-01-01\nmovie_id,name,country_of_origin,release_date\nm2,Good,Spain,2002-02-02\n"))
	if got.err != nil || len(got.infos) != 2 || len(got.rejected) != 1 || got.rejected[0].Line != 2 ||
		!strings.Contains(got.rejected[0].Reason, "is a header") {
		t.Fatalf("got %+v", got)
	}
}

func TestDecodeReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("m1,Good,France,2001-01-01\nm2,Go"), iotest.ErrReader(boom))
	got := decodeAll(t, r)
	if !errors.Is(got.err, boom) || len(got.infos) != 1 {
		t.Fatalf("got %+v, want the read error after one row", got)
	}
}

func TestDecodeBytesRead(t *testing.T) {
	input := "\ufeffm1,Good,France,2001-01-01\n"
	d := NewDecoder(iotest.OneByteReader(strings.NewReader(input)))
	for {
		if _, err := d.Next(); err == io.EOF {
			break
		}
	}
	if d.BytesRead() != int64(len(input)) {
		t.Fatalf("BytesRead = %d, want %d", d.BytesRead(), len(input))
	}
}
