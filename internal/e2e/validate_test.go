package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/internal/build"
)

// TestHTMLValid runs html-validate (the "standard" and "document" rule
// sets: HTML's content models, attributes, IDs and document structure)
// over every page of both builds of this repository's site, hosted and
// offline. It first checks that the validator does reject a broken page,
// so that a validator that checks nothing cannot pass the site.
func TestHTMLValid(t *testing.T) {
	dir := nodeTools(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("this test runs html-validate under node (apt-get install -y nodejs): %v", err)
	}
	validate := func(files ...string) (string, error) {
		args := append([]string{filepath.Join(dir, "node_modules", "html-validate", "bin", "html-validate.mjs"),
			"--config", filepath.Join(dir, "htmlvalidate.json")}, files...)
		out, err := exec.Command(node, args...).CombinedOutput()
		return string(out), err
	}

	broken := filepath.Join(t.TempDir(), "broken.html")
	if err := os.WriteFile(broken, []byte(`<!doctype html><html lang="en"><head><title>x</title></head>`+
		`<body><p><div id="a">block in a paragraph</div><span id="a">twice</span></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := validate(broken); err == nil || !strings.Contains(out, "no-dup-id") {
		t.Fatalf("html-validate passed a page with a duplicate id (err %v):\n%s", err, out)
	}

	o := buildRepo(t)
	for _, variant := range []struct {
		name string
		res  *build.Result
	}{{"hosted", o.Hosted}, {"offline", o.Offline}} {
		name, out := variant.name, t.TempDir()
		writeOutput(t, variant.res, out, func(p string) bool { return strings.HasSuffix(p, ".html") })
		var pages []string
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				pages = append(pages, p)
			}
			return nil
		})
		if len(pages) < 40 {
			t.Fatalf("%s: only %d pages to validate", name, len(pages))
		}
		if report, err := validate(pages...); err != nil {
			t.Errorf("%s build: html-validate found errors (%v):\n%s", name, err, strings.ReplaceAll(report, out+string(filepath.Separator), ""))
		}
	}
}
