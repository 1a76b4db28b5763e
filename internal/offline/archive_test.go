package offline

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestArchiveAsOneBuffer checks that an Archive holds, byte for byte, the
// zip that archive/zip writes into one buffer from the same entries, and
// that it keeps each entry's compressed bytes instead of a copy: a piece
// of it is the very slice compress left.
func TestArchiveAsOneBuffer(t *testing.T) {
	noise := make([]byte, 1<<20) // stored: deflate does not shrink it
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	files := map[string][]byte{
		"index.html": bytes.Repeat([]byte("<p>gloss</p>"), 100000), // far larger than archive/zip's buffer
		"a/b/ç.css":  []byte("x"),
		"empty.txt":  {},
		"img.png":    noise,
	}
	for i := range 300 { // many entries whose bytes fit in archive/zip's buffer
		files[fmt.Sprintf("p/%03d/index.html", i)] = []byte(strings.Repeat(fmt.Sprintf("<p>page %d</p>", i), i))
	}
	for _, mtime := range []time.Time{time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)} {
		entries, err := entriesOf(files, "site", false)
		if err != nil {
			t.Fatal(err)
		}
		compress(entries, false)
		a, err := archive(entries, mtime)
		if err != nil {
			t.Fatal(err)
		}
		want := oneBuffer(t, entries, mtime)
		got := a.Bytes()
		if !bytes.Equal(got, want) || a.Size() != int64(len(want)) || !a.Equal(want) {
			t.Fatalf("%v: the archive's %d bytes (Size %d) are not archive/zip's %d", mtime, len(got), a.Size(), len(want))
		}
		var out bytes.Buffer
		if n, err := a.WriteTo(&out); err != nil || n != a.Size() || !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("%v: WriteTo wrote %d bytes (%v), not the zip", mtime, n, err)
		}
		changed := bytes.Clone(want)
		changed[len(changed)/2] ^= 1
		if a.Equal(changed) || a.Equal(want[:len(want)-1]) {
			t.Errorf("%v: Equal holds for other bytes", mtime)
		}
		kept := false
		for _, p := range a.pieces {
			if len(p) == len(noise) && &p[0] == &noise[0] {
				kept = true
			}
		}
		if !kept {
			t.Errorf("%v: the stored file's bytes were copied into the archive", mtime)
		}
		r, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
		if err != nil {
			t.Fatal(err)
		}
		read := 0
		for _, f := range r.File {
			if strings.HasSuffix(f.Name, "/") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(data, files[strings.TrimPrefix(f.Name, "site/")]) {
				t.Errorf("%s: read back %d bytes (%v), not the file's", f.Name, len(data), err)
			}
			read++
		}
		if read != len(files) {
			t.Errorf("read back %d files, want %d", read, len(files))
		}
	}
}

// oneBuffer is the zip of entries as archive/zip writes it into one
// buffer, with the headers the archive has.
func oneBuffer(t *testing.T, entries []*entry, mtime time.Time) []byte {
	t.Helper()
	mtime = clampTime(mtime)
	dosDate, dosTime := msDosTime(mtime)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment(ZipComment)
	for _, e := range entries {
		w, err := zw.CreateRaw(fileHeader(e, timeExtra(mtime), dosDate, dosTime))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.comp); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPieceWriterCounts checks that an entry whose bytes did not all
// reach the archive is an error, not a zip with a hole in it.
func TestPieceWriterCounts(t *testing.T) {
	var w pieceWriter
	w.Write([]byte("header"))
	w.begin([]byte("data"))
	w.Write([]byte("da"))
	if err := w.end(); err == nil {
		t.Error("end after 2 of 4 bytes: no error")
	}
	w.Write([]byte(" more"))
	if got := string(w.a.Bytes()); got != "header more" {
		t.Errorf("pieces %q, want the headers joined", got)
	}
	if len(w.a.pieces) != 1 {
		t.Errorf("%d pieces for two adjacent header writes, want 1", len(w.a.pieces))
	}
}

// TestSpill checks that a spilled zip reads as before, leaves no file
// behind where the system can unlink an open one, and is let go by Close.
func TestSpill(t *testing.T) {
	// Noise is stored as it is: the zip is larger than spillMin.
	files := map[string][]byte{"index.html": bytes.Repeat([]byte("<p>gloss</p>"), 10000), "a.css": []byte("x"), "noise.bin": noise(spillMin)}
	a, err := Zip(files, "site", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := a.Bytes()
	dir := t.TempDir()
	small, err := Zip(map[string][]byte{"index.html": []byte("<p>gloss</p>")}, "site", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := small.Spill(dir); err != nil || small.spilled != nil {
		t.Errorf("a zip of %d bytes was spilled (%v): under spillMin it stays in memory", small.Size(), err)
	}
	if err := a.Spill(dir); err != nil {
		t.Fatal(err)
	}
	if a.pieces != nil || a.spilled == nil {
		t.Fatalf("after Spill: %d pieces in memory, file %v", len(a.pieces), a.spilled)
	}
	if err := a.Spill(dir); err != nil { // twice is once
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("Spill left %s in the folder: the file should have no name", left[0].Name())
	}
	var out bytes.Buffer
	if n, err := a.WriteTo(&out); err != nil || n != int64(len(want)) || !bytes.Equal(out.Bytes(), want) ||
		a.Size() != int64(len(want)) || !a.Equal(want) || !bytes.Equal(a.Bytes(), want) {
		t.Fatalf("a spilled zip reads %d bytes (%v), not the zip's %d", n, err, len(want))
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("Close left %s in the folder", left[0].Name())
	}
	if err := a.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	if _, err := a.WriteTo(io.Discard); err == nil {
		t.Error("a closed zip was read without an error")
	}
	var empty Archive
	if err := empty.Spill(dir); err != nil || empty.spilled != nil {
		t.Errorf("an empty zip spilled: %v", err)
	}
}

// TestSpillFails checks that a zip that cannot be kept on disk stays as
// it was, in memory.
func TestSpillFails(t *testing.T) {
	a, err := Zip(map[string][]byte{"noise.bin": noise(spillMin)}, "site", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := a.Bytes()
	if err := a.Spill(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("Spill into a missing folder: no error")
	}
	if a.spilled != nil || !bytes.Equal(a.Bytes(), want) {
		t.Error("a failed Spill lost the zip")
	}
}

// noise is n random bytes, which deflate does not shrink.
func noise(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}
