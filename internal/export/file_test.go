package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteFile: the zip is written into a folder made for it if missing,
// replaces gloss's earlier zip whole, and clears the temporary files of
// killed runs, only those: named as WriteFile names them and holding the
// start of a zip.
func TestWriteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "handouts", "week-1")
	name := filepath.Join(dir, "class.zip")
	if err := WriteFile(name, bytes.NewReader([]byte("PK\x03\x04first"))); err != nil {
		t.Fatal(err)
	}
	write(t, dir,
		".class.zip.new-123", "PK\x03\x04half a zip",
		".class.zip.new-12a", "PK\x03\x04not named as WriteFile names them",
		".class.zip.new-456", "not a zip",
		".other.zip.new-789", "PK\x03\x04another file's")
	if err := WriteFile(name, bytes.NewReader([]byte("PK\x03\x04second"))); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(name); err != nil || string(data) != "PK\x03\x04second" {
		t.Errorf("class.zip: %q, %v", data, err)
	}
	want := []string{".class.zip.new-12a", ".class.zip.new-456", ".other.zip.new-789", "class.zip"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("beside the zip: %q, want %q", got, want)
	}
	if st, err := os.Stat(name); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("class.zip mode: %v, %v", st, err)
	}
}
