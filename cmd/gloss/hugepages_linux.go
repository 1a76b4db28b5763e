package main

import "syscall"

// adviseHugePages marks b's memory MADV_HUGEPAGE.
func adviseHugePages(b []byte) error {
	return syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
