package main

import "syscall"

// hugePagesAsked says whether gloss asks for huge pages here (see
// hugepages.go): where it cannot, it does not grow the heap for them.
const hugePagesAsked = true

// adviseHugePages asks Linux to back the memory at [start, start+size)
// with transparent huge pages.
func adviseHugePages(start, size uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, size, syscall.MADV_HUGEPAGE); errno != 0 {
		return errno
	}
	return nil
}
