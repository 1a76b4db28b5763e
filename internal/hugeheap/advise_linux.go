package hugeheap

import "syscall"

// advise marks b's memory MADV_HUGEPAGE.
func advise(b []byte) error {
	return syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
