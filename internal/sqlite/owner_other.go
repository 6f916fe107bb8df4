//go:build !unix

package sqlite

import "io/fs"

// fileOwner says who owns fi, for a message: nothing where files have no
// numeric owner.
func fileOwner(fs.FileInfo) string { return "" }
