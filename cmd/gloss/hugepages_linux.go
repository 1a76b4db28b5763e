package main

import "syscall"

// adviseHugePages asks Linux to back the memory at [start, start+size)
// with transparent huge pages.
func adviseHugePages(start, size uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, size, syscall.MADV_HUGEPAGE); errno != 0 {
		return errno
	}
	return nil
}
