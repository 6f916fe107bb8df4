package transfer

import (
	"encoding/json"
	"time"
)

// Format names the file kind in the header.
const Format = "cloudresume-export"

// Version is the format version this program writes and the newest it
// reads. It goes up whenever a record type or a field is added: an older
// program, which refuses a newer version, would otherwise drop what it
// does not know. TestRecordFields pins the fields of this version.
// Version 2 added the visit_dim records; version 1 files are read as they
// were.
const Version = 2

// Header is the first line of an export.
type Header struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
	Source     string    `json:"source,omitempty"` // the kind of store it came from
}

// Record types, one per line after the header. The last line is the end
// record, which counts the lines before it, so that a truncated file is
// told from a whole one.
const (
	TypeTotals  = "visit_totals" // data: visits.Counts
	TypeDay     = "visit_day"    // data: visits.DayCounts
	TypePath    = "path_views"   // data: visits.PathViews
	TypeDim     = "visit_dim"    // data: visits.DayValue, the daily rows of the dimensions
	TypeSpam    = "spam_count"   // data: spamCount
	TypeMessage = "message"      // data: contact.Message, with its outbox state
	TypeMovie   = "movie"        // data: movies.Movie, info and ratings
	TypeEnd     = "end"          // data: end
)

// record is one line after the header.
type record struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

type spamCount struct {
	Count int64 `json:"count"`
}

type end struct {
	Records int64 `json:"records"` // lines between the header and this one
}

// maxLine bounds one line of an import: a message is at most 64 KB of
// text, which JSON escaping can multiply by six.
const maxLine = 1 << 20
