//go:build unix

package source

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestNotRegularFiles: a named pipe in the site, or a link to one, is an
// error, never opened (opening a pipe would wait for a writer for ever).
func TestNotRegularFiles(t *testing.T) {
	dir := site(t, nil, map[string]string{"static/p.txt": "pipe"})
	if err := syscall.Mkfifo(filepath.Join(dir, "static", "pipe"), 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
	_, err := Load(context.Background(), os.DirFS(dir))
	want := []string{
		"static/p.txt: symbolic link to pipe: static/pipe is a named pipe; gloss reads only regular files",
		"static/pipe: a named pipe; gloss reads only regular files",
	}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
