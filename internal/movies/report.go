package movies

import "time"

// Report records one import of one file, for a person or a program to read
// afterwards (the CLI's --report, the inbox's <name>.report.json).
type Report struct {
	File     string    `json:"file"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Summary
	// Error is why the import stopped before the end of the file; empty
	// when the whole file was read.
	Error string `json:"error,omitempty"`
}
