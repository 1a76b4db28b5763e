// Package spill owns the temporary files that hold bytes waiting between
// two stages of a big build (the offline zip, and the page templates the
// offline variant leaves to the hosted one) outside the heap: at its soft
// memory limit, every byte the heap holds makes the collector run more
// often, while a file's bytes cost nothing until they are read back.
//
// Where the system allows it a File loses its name as soon as it is
// made, so that a killed gloss leaves nothing behind; elsewhere Close
// removes it. Where the temporary folder is itself in memory (tmpfs),
// the bytes stay in memory, but out of the heap.
package spill

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"
)

// File is a temporary file that is written by appending, from any
// number of goroutines at once, and read at the offsets Append returned.
type File struct {
	f    *os.File
	name string // the file's name while it has one (see Close)
	end  atomic.Int64
}

// Create makes a File in dir (os.TempDir() if "").
func Create(dir string) (*File, error) {
	f, err := os.CreateTemp(dir, "gloss-spill-*")
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	name := f.Name()
	if os.Remove(name) == nil {
		name = "" // unlinked: the open file is all there is
	}
	return &File{f: f, name: name}, nil
}

// Append writes b after everything appended before (or being appended
// at the same time) and returns the offset it starts at. On an error
// the bytes at that offset are not to be read.
func (f *File) Append(b []byte) (int64, error) {
	n := int64(len(b))
	off := f.end.Add(n) - n
	if _, err := f.f.WriteAt(b, off); err != nil {
		return 0, fmt.Errorf("spill: %w", err)
	}
	return off, nil
}

// Write appends b (io.Writer), for writing a File in one sequence.
func (f *File) Write(b []byte) (int, error) {
	if _, err := f.Append(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// ReadAt reads len(p) bytes from offset off (io.ReaderAt).
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if f.f == nil {
		return 0, errors.New("spill: read after Close")
	}
	return f.f.ReadAt(p, off)
}

// Size is how many bytes have been appended.
func (f *File) Size() int64 { return f.end.Load() }

// Close lets go of the file, which cannot be read after it. A nil File
// or a second Close does nothing.
func (f *File) Close() error {
	if f == nil || f.f == nil {
		return nil
	}
	err := f.f.Close()
	if f.name != "" {
		if rerr := os.Remove(f.name); err == nil {
			err = rerr
		}
	}
	f.f, f.name = nil, ""
	return err
}
