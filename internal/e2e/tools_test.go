package e2e

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
)

// The programs the tests drive. A test that needs one fails, never skips,
// when it is missing.

// startBrowser starts a headless Chromium with a fresh profile. The browser
// tests use it through startChromium, which also records what goes wrong;
// benchmarks, which record nothing, use it directly.
func startBrowser(tb testing.TB) context.Context {
	tb.Helper()
	if _, err := os.Stat(chromium); err != nil {
		tb.Fatalf("this test needs Debian's chromium at %s (apt-get install -y chromium): %v", chromium, err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // the tests run as root in a container
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(tb.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	// The first action starts the browser; it must have no deadline.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("starting %s: %v", chromium, err)
	}
	return ctx
}

// needPDFText returns the path of poppler's pdftotext, which the print
// tests read Chromium's PDFs with.
func needPDFText(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("this test reads the printed PDF with pdftotext (apt-get install -y poppler-utils): %v", err)
	}
	return p
}

// repoSite reads this repository's site (content, layouts, static) into
// memory, for tests that build it with changed settings.
func repoSite(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"content", "layouts", "static"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}
