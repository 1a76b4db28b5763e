//go:build !linux

package main

// adviseHugePages does nothing: transparent huge pages are Linux's.
func adviseHugePages(start, size uintptr) error { return nil }
