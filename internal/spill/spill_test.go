package spill_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/gloss-ssg/gloss/internal/spill"
)

// TestAppendFromManyGoroutines: pieces appended at once each read back
// as written, the size counts them all, and the file leaves no name
// behind where the system can unlink an open file, nor any after Close.
func TestAppendFromManyGoroutines(t *testing.T) {
	dir := t.TempDir()
	f, err := spill.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	pieces := make([][]byte, 200)
	offs := make([]int64, len(pieces))
	var total int64
	for i := range pieces {
		pieces[i] = bytes.Repeat([]byte(fmt.Sprintf("piece %d;", i)), i%7+1)
		total += int64(len(pieces[i]))
	}
	var wg sync.WaitGroup
	for i := range pieces {
		wg.Go(func() {
			off, err := f.Append(pieces[i])
			if err != nil {
				t.Error(err)
			}
			offs[i] = off
		})
	}
	wg.Wait()
	if f.Size() != total {
		t.Errorf("size %d, want %d", f.Size(), total)
	}
	for i, want := range pieces {
		got := make([]byte, len(want))
		if _, err := f.ReadAt(got, offs[i]); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("piece %d read back as %q (%v), want %q", i, got, err, want)
		}
	}
	if left, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("the file has a name, %s: a killed gloss would leave it behind", left[0].Name())
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("Close left %s in the folder", left[0].Name())
	}
	if _, err := f.ReadAt(make([]byte, 1), 0); err == nil {
		t.Error("a closed file was read without an error")
	}
	if err := f.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	var none *spill.File
	if err := none.Close(); err != nil {
		t.Errorf("closing no file: %v", err)
	}
}

// TestWriteAppends: io.Copy into a File writes its bytes in order.
func TestWriteAppends(t *testing.T) {
	f, err := spill.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := bytes.Repeat([]byte("0123456789"), 10000)
	if _, err := io.CopyBuffer(f, bytes.NewReader(want), make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(io.NewSectionReader(f, 0, f.Size()))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(want))
	}
}

func TestCreateInAMissingFolder(t *testing.T) {
	if f, err := spill.Create(filepath.Join(t.TempDir(), "missing")); err == nil {
		f.Close()
		t.Fatal("no error")
	}
}
