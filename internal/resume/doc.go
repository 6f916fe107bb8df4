// Package resume holds the JSON Resume model (jsonresume.org schema), loads it
// from JSON or YAML with problems that name file, line and field, and renders
// the personal site from it.
package resume
