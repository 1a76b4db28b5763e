package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestZipCommand: gloss zip writes only the zip, to -o or to
// ZIP_NAME.zip in the current folder; gloss build writes the very same zip
// into public/ beside the hosted site, whose pages link to it.
func TestZipCommand(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	site := writeSite(t, goodSite)
	out := filepath.Join(t.TempDir(), "class.zip")
	code, stdout, stderr := gloss(t, "", "zip", "--site", site, "-o", out)
	if code != 0 || stdout != "" {
		t.Fatalf("zip: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	if !regexp.MustCompile(`^gloss: wrote .*class\.zip \(3 pages, \d+ KB\) in \S+\n$`).MatchString(stderr) {
		t.Errorf("zip summary: %q", stderr)
	}
	zipped, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"test-site/", "test-site/index.html", "test-site/README.txt", "test-site/notes/one/index.html"} {
		if !names[want] {
			t.Errorf("the zip has no %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("gloss zip wrote public/ (%v)", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// Without -o: ZIP_NAME.zip in the current folder.
	t.Chdir(t.TempDir())
	if code, _, stderr := gloss(t, "", "zip", "--site", site); code != 0 {
		t.Fatalf("zip without -o: exit %d: %s", code, stderr)
	}
	if again, err := os.ReadFile("test-site.zip"); err != nil || !bytes.Equal(again, zipped) {
		t.Errorf("zip without -o: %v, or other bytes than with -o", err)
	}

	// gloss build: the same zip, inside public/, linked from the pages.
	if code, _, stderr := gloss(t, "", "build", "--site", site); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	built, err := os.ReadFile(filepath.Join(site, "public", "test-site.zip"))
	if err != nil || !bytes.Equal(built, zipped) {
		t.Errorf("public/test-site.zip: %v, or other bytes than gloss zip's", err)
	}

	// SOURCE_DATE_EPOCH sets every time in the zip.
	t.Setenv("SOURCE_DATE_EPOCH", "1600000000")
	if code, _, stderr := gloss(t, "", "zip", "--site", site, "-o", out); code != 0 {
		t.Fatalf("zip with SOURCE_DATE_EPOCH: exit %d: %s", code, stderr)
	}
	stamped, _ := os.ReadFile(out)
	zr, err = zip.NewReader(bytes.NewReader(stamped), int64(len(stamped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(time.Unix(1_600_000_000, 0)) {
			t.Errorf("%s: time %v, want SOURCE_DATE_EPOCH's", f.Name, f.Modified)
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	// A bad setting is a usage error, found before anything is built.
	for _, args := range [][]string{
		{"zip", "--site", site, "-o", out},
		{"build", "--site", site, "--out", filepath.Join(t.TempDir(), "out")},
		{"check", "--site", site},
	} {
		code, _, stderr := gloss(t, "", args...)
		if code != 2 || stderr != "gloss: SOURCE_DATE_EPOCH=\"soon\" is not a whole number of seconds since 1970\n" {
			t.Errorf("%s with a bad SOURCE_DATE_EPOCH: exit %d, stderr %q", args[0], code, stderr)
		}
	}
}

// TestZipCommandFails: a site with errors writes no zip, and leaves an
// old one (gloss's) as it was; usage errors exit 2.
func TestZipCommandFails(t *testing.T) {
	site := writeSite(t, goodSite+brokenPage)
	out := filepath.Join(t.TempDir(), "old.zip")
	if code, _, stderr := gloss(t, "", "zip", "--site", writeSite(t, goodSite), "-o", out); code != 0 {
		t.Fatalf("zip of the good site: exit %d: %s", code, stderr)
	}
	old, _ := os.ReadFile(out)
	code, _, stderr := gloss(t, "", "zip", "--site", site, "-o", out)
	if code != 1 || !strings.Contains(stderr, "content/notes/one.md:") ||
		!strings.HasSuffix(stderr, "gloss: build failed with 3 errors; "+out+" not written\n") {
		t.Errorf("zip of a broken site: exit %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(out); !bytes.Equal(data, old) {
		t.Error("the old zip changed")
	}
	if code, _, _ := gloss(t, "", "build", "--site", site); code != 1 {
		t.Errorf("build of a broken site: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed build wrote public/ (%v)", err)
	}
	for _, args := range [][]string{{"zip", "extra"}, {"zip", "--nope"}, {"zip", "--site", filepath.Join(site, "missing")}} {
		if code, _, _ := gloss(t, "", args...); code != 2 {
			t.Errorf("gloss %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
