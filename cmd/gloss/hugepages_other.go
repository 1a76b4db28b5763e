//go:build !linux

package main

// hugePagesAsked says whether gloss asks for huge pages here (see
// hugepages.go): where it cannot, it does not grow the heap for them.
const hugePagesAsked = false

// adviseHugePages does nothing: transparent huge pages are Linux's.
func adviseHugePages(start, size uintptr) error { return nil }
