package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
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
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		tb.Fatalf("asking %s for its version (Browser.getVersion): %v", chromium, err)
	}
	chromiumVersion.Store(v.Product)
	return ctx
}

// chromiumVersion is the product version the running Chromium reports
// (such as "Chrome/156.0.8078.114"), for failure messages.
var chromiumVersion atomic.Value

// call runs one DevTools protocol command on the page of ctx. When
// Chromium refuses it, the error names the Chromium version and the
// method, so a failure on another machine says what moved. Tests use only
// methods the protocol marks stable (TestDevToolsMethodsAreStable).
func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], params P) (R, error) {
	res, err := chromedp.Call(ctx, cmd, params)
	if err != nil {
		err = refused(cmd.Method, err)
	}
	return res, err
}

// callOn is call for actions, which are handed their target.
func callOn[P, R any](ctx context.Context, tg *chromedp.Target, cmd cdp.Command[P, R], params P) (R, error) {
	res, err := cdp.Call(ctx, tg, cmd, params)
	if err != nil {
		err = refused(cmd.Method, err)
	}
	return res, err
}

func refused(method string, err error) error {
	v, _ := chromiumVersion.Load().(string)
	if v == "" {
		v = "an unknown version"
	}
	return fmt.Errorf("Chromium (%s) refused %s: %w", v, method, err)
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
