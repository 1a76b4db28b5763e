//go:build !linux

package export

import "errors"

// exchangeFolders is not available here: the caller falls back to two renames.
func exchangeFolders(a, b string) error {
	return errors.New("exchanging folders is not supported on this system")
}
