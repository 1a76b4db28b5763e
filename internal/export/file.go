package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile writes data (a zip: offline.Archive) to the file name, which
// CheckFile has allowed: to a temporary file beside it, renamed into
// place, so a reader never sees half a zip and a failure leaves the
// previous file as it was. The folder
// is made if it is missing, as Write makes an output's. Temporary files
// of earlier, killed runs are removed first: those named as this one
// names them and holding the start of a zip.
func WriteFile(name string, data io.WriterTo) (err error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	removeZipLeftovers(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".new-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := data.WriteTo(f); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// removeZipLeftovers removes ".NAME.new-DIGITS" files beside name that
// start as a zip does: what a killed WriteFile leaves.
func removeZipLeftovers(name string) {
	prefix := "." + filepath.Base(name) + ".new-"
	entries, _ := os.ReadDir(filepath.Dir(name))
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		m := filepath.Join(filepath.Dir(name), e.Name())
		if f, err := os.Open(m); err == nil {
			head := make([]byte, 4)
			n, _ := io.ReadFull(f, head)
			f.Close()
			if n == 4 && string(head) == "PK\x03\x04" {
				os.Remove(m)
			}
		}
	}
}
