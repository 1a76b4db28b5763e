//go:build !linux

package main

import "errors"

// adviseHugePages does nothing where transparent huge pages are Linux's.
func adviseHugePages([]byte) error {
	return errors.New("huge pages are advised on Linux only")
}
