//go:build unix

package sqlite

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileOwner says who owns fi, for a message.
func fileOwner(fi fs.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf(", owned by uid %d", st.Uid)
	}
	return ""
}
