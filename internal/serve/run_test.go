package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
)

// copyRepoSite copies this repository's explainer into a temporary folder.
func copyRepoSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, top := range []string{"content", "layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, top), os.DirFS(filepath.Join("..", "..", top))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type sseEvent struct {
	name string
	data string
}

// startRun runs the dev server loop on a free loopback port and returns
// its URL, a channel of its builds and a stop function.
func startRun(t testing.TB, site string) (url string, builds chan *build.Result, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	builds = make(chan *build.Result, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, RunOptions{Site: site, Addr: "127.0.0.1:0",
			Ready: func(u string) { ready <- u },
			Built: func(res *build.Result) {
				// Hold on to one result at most: a benchmark's hundred
				// retained builds would be measured as the server's memory.
				select {
				case builds <- res:
				default:
				}
			}})
	}()
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("Run ended before it was ready: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the dev server did not start")
	}
	<-builds // the first build
	return url, builds, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop")
		}
	}
}

// serving runs the dev loop on site and subscribes to its events, past
// the first hello; both stop when the test ends.
func serving(t testing.TB, site string) (url string, events <-chan sseEvent) {
	t.Helper()
	url, _, stop := startRun(t, site)
	t.Cleanup(stop)
	events, unsubscribe := subscribe(t, url)
	t.Cleanup(unsubscribe)
	next(t, events, "hello")
	return url, events
}

// subscribe opens the event stream and returns its events.
func subscribe(t testing.TB, url string) (<-chan sseEvent, func()) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"_gloss/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan sseEvent, 100)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				events <- ev
				ev = sseEvent{}
			}
		}
	}()
	return events, func() { resp.Body.Close() }
}

func next(t testing.TB, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("the event stream closed while waiting for %q", name)
			}
			if ev.name == name {
				return ev
			}
			if ev.name != "hello" {
				t.Fatalf("got event %q (%s) while waiting for %q", ev.name, ev.data, name)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no %q event", name)
		}
	}
}

func write(t testing.TB, site, rel, text string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeAtomic replaces a file by renaming a complete new one over it.
func writeAtomic(t testing.TB, site, rel, text string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	tmp := filepath.Join(filepath.Dir(p), ".gloss-test-"+filepath.Base(p)+"~")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, site, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestRunLiveReload drives the whole dev loop with real files, fsnotify and
// an SSE client: an edit reloads its page; a broken front matter gives an
// error event while the last good build is still served; the fix reloads;
// deleting a page others link to reports those links; restoring it
// reloads; a stylesheet edit names only the stylesheet.
func TestRunLiveReload(t *testing.T) {
	site := copyRepoSite(t)
	url, events := serving(t, site)

	second := read(t, site, "content/principles/second.md")
	write(t, site, "content/principles/second.md", second+"\nA sentence added while serving.\n")
	var reload struct{ Paths []string }
	json.Unmarshal([]byte(next(t, events, "reload").data), &reload)
	if !slices.Contains(reload.Paths, "/principles/second/") {
		t.Errorf("reload after an edit names %v, not /principles/second/", reload.Paths)
	}
	if body := get(t, url+"principles/second/"); !strings.Contains(body, "A sentence added while serving.") {
		t.Error("the edited page is not served")
	}

	third := read(t, site, "content/principles/third.md")
	write(t, site, "content/principles/third.md", strings.Replace(third, "title: ", "title: [unclosed", 1))
	var failed struct {
		Diagnostics []struct{ File, Message string }
	}
	json.Unmarshal([]byte(next(t, events, "error").data), &failed)
	if len(failed.Diagnostics) == 0 || failed.Diagnostics[0].File != "content/principles/third.md" {
		t.Errorf("error event: %+v", failed)
	}
	if body := get(t, url+"principles/second/"); !strings.Contains(body, "A sentence added while serving.") {
		t.Error("the last good build is not served while the site is broken")
	}
	write(t, site, "content/principles/third.md", third)
	next(t, events, "reload")

	backdoor := read(t, site, "content/glossary/backdoor.md")
	os.Remove(filepath.Join(site, "content", "glossary", "backdoor.md"))
	json.Unmarshal([]byte(next(t, events, "error").data), &failed)
	linked := 0
	for _, d := range failed.Diagnostics {
		if strings.Contains(d.Message, "backdoor.md") {
			linked++
		}
	}
	if linked == 0 {
		t.Errorf("deleting a linked page reported no broken links: %+v", failed.Diagnostics)
	}
	write(t, site, "content/glossary/backdoor.md", backdoor)
	next(t, events, "reload")

	write(t, site, "static/css/site.css", read(t, site, "static/css/site.css")+"\n/* edited */\n")
	json.Unmarshal([]byte(next(t, events, "reload").data), &reload)
	if !slices.Equal(reload.Paths, []string{"/css/site.css"}) {
		t.Errorf("a stylesheet edit reloads %v", reload.Paths)
	}
}

func get(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRunStableOverEdits edits a page 1,000 times through the whole dev
// loop (fsnotify, rebuild, publish, event stream) and checks that
// goroutines and open files do not pile up.
func TestRunStableOverEdits(t *testing.T) {
	site := copyRepoSite(t)
	_, events := serving(t, site)
	orig := read(t, site, "content/principles/second.md")
	// Each edit is saved whole (a temporary file renamed over the page),
	// as many editors save: this test counts goroutines and open files
	// over many rebuilds, and an in-place write caught half-way by a busy
	// machine would show the reader a passing error instead of a reload.
	cycle := func(i int) {
		writeAtomic(t, site, "content/principles/second.md", fmt.Sprintf("%s\nEdit %d.\n", orig, i))
		next(t, events, "reload")
	}
	for i := range 20 { // warm up: lazily started goroutines, pools
		cycle(i)
	}
	// 1,000 edits; 150 under the race detector, where each rebuild is
	// about ten times slower: a leak of one goroutine or file an edit
	// still shows, against a slack of 3.
	edits := 1000
	if raceEnabled {
		edits = 150
	}
	goroutines, files := runtime.NumGoroutine(), openFiles(t)
	for i := range edits {
		cycle(100 + i)
	}
	time.Sleep(50 * time.Millisecond)
	if g := runtime.NumGoroutine(); g > goroutines+3 {
		t.Errorf("goroutines grew from %d to %d over %d edits", goroutines, g, edits)
	}
	if f := openFiles(t); f > files+3 {
		t.Errorf("open files grew from %d to %d over %d edits", files, f, edits)
	}
}

func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("counting open files: %v", err)
	}
	return len(entries)
}

func TestCheckAddr(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:1313", ":1313", "0.0.0.0:0", "[::1]:8080", "localhost:65535", "my-box.local:1313", "[fe80::1%eth0]:1313"} {
		if err := CheckAddr(addr); err != nil {
			t.Errorf("CheckAddr(%q): %v", addr, err)
		}
	}
	for _, addr := range []string{"", "1313", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:+80", "127.0.0.1:0x50",
		"host:http", "a..b:1", "-a:1", "a_b:1", "::1:1313", "[::1:1313"} {
		if err := CheckAddr(addr); err == nil {
			t.Errorf("CheckAddr(%q) accepted it", addr)
		}
	}
}
