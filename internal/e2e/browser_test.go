package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// chromium is Debian's chromium package (apt-get install -y chromium).
const chromium = "/usr/bin/chromium"

// stepTimeout bounds each step of the browser test; a page from disk
// loads in milliseconds.
const stepTimeout = 20 * time.Second

// TestOfflineInChromium unzips the offline zip, as a classroom would, and
// opens it from disk in headless Chromium with the network off: every
// request to anything but a file:// URL is blocked and recorded. It
// follows a reader — home, a principle, one of its counter-examples, back
// — checking each page's title, then searches for the counter-example by
// its title and opens the first result with Enter. Any console error,
// uncaught exception, browser error or failed request fails the test.
//
// The browser runs with its default security: nothing such as
// --allow-file-access-from-files or --disable-web-security is passed.
func TestOfflineInChromium(t *testing.T) {
	o := buildRepo(t) // the zip is the one gloss build writes
	dir := t.TempDir()
	unzip(t, o.Zip.Bytes(), dir)
	root := filepath.Join(dir, o.ZipName)
	fileURL := func(p string) string {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, filepath.FromSlash(p)))}).String()
	}
	// The titles to expect, read from the pages themselves.
	title := func(p string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("the zip has no %s: %v", p, err)
		}
		return pageTitle(data)
	}

	// A principle with a counter-example, and that counter-example.
	var principle, example *graph.Page
	for _, p := range o.Offline.Site.Pages {
		if p.Section != "principles" || p.Kind != graph.Regular {
			continue
		}
		for _, rel := range p.Relations {
			if len(rel.Pages) > 0 && principle == nil {
				principle, example = p, rel.Pages[0]
			}
		}
	}
	if principle == nil {
		t.Fatal("no principle names a counter-example")
	}

	ctx, rec := startChromium(t)
	var errs []string
	do, open := actions(t, ctx, rec)
	expectTitle := func(at, want string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		got, err := chromedp.Run(sctx, chromedp.Title())
		if err != nil {
			t.Fatalf("%s: reading the title: %v", at, err)
		}
		if got != want {
			loc, _ := chromedp.Run(sctx, chromedp.Location())
			t.Fatalf("%s: title %q, want %q (at %s)", at, got, want, loc)
		}
		// The stylesheet loaded: the notice for a page opened without its
		// files stays hidden.
		shown, err := chromedp.Run(sctx, chromedp.Evaluate[bool](
			`[...document.querySelectorAll(".offline-hint")].some(e => getComputedStyle(e).display !== "none")`))
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		if shown {
			errs = append(errs, at+": the notice for a page opened without its files is shown: the stylesheet did not load")
		}
	}
	link := func(from, to *graph.Page) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href=%q]`, graph.Href(from, to, graph.Files))))
	}

	home := o.Offline.Site.Home
	open("opening index.html from disk", chromedp.Navigate(fileURL("index.html")))
	expectTitle("home", title("index.html"))
	open("home → "+principle.OutPath, link(home, principle))
	expectTitle(principle.OutPath, title(principle.OutPath))
	open(principle.OutPath+" → "+example.OutPath, link(principle, example))
	expectTitle(example.OutPath, title(example.OutPath))
	do("back", chromedp.NavigateBack())
	expectTitle("back on "+principle.OutPath, title(principle.OutPath))

	// Search: "/" focuses the box, the results come as one types, and
	// Enter opens the first, which is the page whose title was typed.
	query := example.Meta.Title
	do("typing a search", chromedp.KeyEvent("/"), chromedp.SendKeys(chromedp.ID("_search-input"), query),
		// The index may load while the query is half typed, and list the
		// results for that part: wait for those of the whole query (the
		// list's data-query names the text it shows results for).
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](fmt.Sprintf(`(() => { const v = document.getElementById("_search-input").value;
				return v.endsWith(%q) && document.getElementById("_search-results").dataset.query === v; })()`, query))(ctx, tg)
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("#_search-results li a")))
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	first, err := chromedp.Run(sctx, chromedp.Evaluate[string](`document.querySelector("#_search-results li a").href`))
	cancel()
	if err != nil {
		t.Fatalf("reading the first result: %v", err)
	}
	want := fileURL(example.OutPath)
	if got, _, _ := strings.Cut(first, "#"); got != want {
		t.Errorf("searching %q: the first result is %s, want %s", query, first, want)
	}
	open("opening the first result with Enter", chromedp.KeyEvent(kb.Enter))
	expectTitle("the first result", title(example.OutPath))

	// Let anything late (a script error after load) arrive.
	do("waiting", chromedp.Sleep(200*time.Millisecond))
	for _, e := range errs {
		t.Error(e)
	}
	for _, p := range rec.problems() {
		t.Error(p)
	}
	t.Logf("%d requests", rec.requestCount())
}

// startChromium starts a headless Chromium with a fresh profile and the
// network off, and records what goes wrong in it: every request fails but
// file:// ones and those for URLs that begin with one of allow (a test
// server's).
func startChromium(t *testing.T, allow ...string) (context.Context, *recorder) {
	t.Helper()
	ctx := startBrowser(t)
	rec := &recorder{urls: map[network.RequestID]string{}, paused: make(chan *fetch.EventRequestPaused, 256), allow: allow}
	if err := chromedp.Listen(ctx, rec.event); err != nil {
		t.Fatal(err)
	}
	go rec.decide(ctx)
	// The Fetch domain (stable) pauses every request; decide fails each
	// one that is not a file or an allowed prefix, as a machine without a
	// network would. No network emulation is needed, and the experimental
	// ones (Network.emulateNetworkConditionsByRule, overrideNetworkState)
	// are refused by some Chromium releases.
	if _, err := call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("intercepting requests: %v", err)
	}
	return ctx, rec
}

// recorder keeps what goes wrong in the browser: console errors, uncaught
// exceptions, the browser's own error log, failed requests and requests to
// anything but a file.
type recorder struct {
	mu     sync.Mutex
	probs  []string
	urls   map[network.RequestID]string
	count  int
	paused chan *fetch.EventRequestPaused
	allow  []string // URL prefixes let through besides file://
}

// allowed reports whether a request for u may go through.
func (r *recorder) allowed(u string) bool {
	if strings.HasPrefix(u, "file://") {
		return true
	}
	for _, a := range r.allow {
		if strings.HasPrefix(u, a) {
			return true
		}
	}
	return false
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	r.probs = append(r.probs, fmt.Sprintf(format, args...))
	r.mu.Unlock()
}

// event runs on the browser's message loop: it must not block or call
// the browser.
func (r *recorder) event(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		r.add("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			r.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			r.add("browser error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		r.mu.Lock()
		r.urls[ev.RequestID] = ev.Request.URL
		r.count++
		r.mu.Unlock()
		if u := ev.Request.URL; !r.allowed(u) && !strings.HasPrefix(u, "data:") {
			r.add("request to the network: %s", u)
		}
	case *network.EventLoadingFailed:
		r.mu.Lock()
		u := r.urls[ev.RequestID]
		r.mu.Unlock()
		r.add("failed request: %s: %s %s", u, ev.ErrorText, ev.BlockedReason)
	case *fetch.EventRequestPaused:
		select {
		case r.paused <- ev:
		default:
			r.add("too many paused requests; %s left paused", ev.Request.URL)
		}
	}
}

// decide lets file:// requests (and those allowed) through and fails
// every other one.
func (r *recorder) decide(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-r.paused:
			var err error
			if r.allowed(ev.Request.URL) {
				_, err = call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			} else {
				r.add("blocked a request to the network: %s", ev.Request.URL)
				_, err = call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID,
					ErrorReason: network.ErrorReasonInternetDisconnected})
			}
			if err != nil && ctx.Err() == nil {
				r.add("answering the paused request for %s: %v", ev.Request.URL, err)
			}
		}
	}
}

func (r *recorder) problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.probs...)
}

func (r *recorder) requestCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count
}

func (r *recorder) report() string {
	if ps := r.problems(); len(ps) > 0 {
		return "the browser reported:\n" + strings.Join(ps, "\n")
	}
	return ""
}

// pageTitle returns the text of a page's <title>.
func pageTitle(doc []byte) string {
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "title" && z.Next() == html.TextToken {
				return strings.TrimSpace(html.UnescapeString(string(z.Text())))
			}
		}
	}
}

// unzip extracts the zip as an "Extract all" does.
func unzip(t *testing.T, data []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !fs.ValidPath(strings.TrimSuffix(f.Name, "/")) {
			t.Fatalf("zip entry %q is not a plain relative path", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if strings.HasSuffix(f.Name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, f.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// actions returns the two ways the browser tests drive a page: do runs
// steps with a time limit, failing the test with what the browser
// recorded; open runs a trigger and waits for the page it opens to load.
func actions(t *testing.T, ctx context.Context, rec *recorder) (
	do func(what string, steps ...chromedp.Action[chromedp.Void]),
	open func(what string, trigger chromedp.Action[chromedp.Void]),
) {
	do = func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, rec.report())
		}
	}
	open = func(what string, trigger chromedp.Action[chromedp.Void]) {
		t.Helper()
		do(what, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.WaitEvent(page.LoadEventFired, nil, trigger)(ctx, tg)
			return err
		}))
	}
	return do, open
}
