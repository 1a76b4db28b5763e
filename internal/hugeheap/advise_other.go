//go:build !linux

package hugeheap

import "errors"

// advise does nothing where transparent huge pages are Linux's.
func advise([]byte) error {
	return errors.New("huge pages are advised on Linux only")
}
