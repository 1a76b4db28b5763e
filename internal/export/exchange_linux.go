package export

import "golang.org/x/sys/unix"

// exchangeFolders swaps the folders at a and b in one step (renameat2 with
// RENAME_EXCHANGE, Linux 3.15 and later). It fails on file systems
// without it, and the caller falls back to two renames.
func exchangeFolders(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
