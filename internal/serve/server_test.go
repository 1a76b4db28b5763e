package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// site is a small build: pages, assets of every type the server names,
// and, under "..", stand-ins for files outside the build that no request
// may ever reach.
func site() map[string][]byte {
	return map[string][]byte{
		"index.html":                   []byte("<!doctype html><html><head><link rel=stylesheet href=css/site.css></head><body><h1>Home</h1></body></html>\n"),
		"principles/second/index.html": []byte("<!doctype html><title>Second</title><BODY><p>second</p></BODY></html>"),
		"principles/second/notes.html": []byte("<p>a fragment with no body element"),
		"nested/script.html":           []byte("<body><script>var s = \"</body>\";</script><p>x</p></body>"),
		"404.html":                     []byte("<!doctype html><title>Missing</title><body><p>custom not found</p></body>"),
		"css/site.css":                 []byte("body { color: #111 } /* </body> */"),
		"js/site.js":                   []byte("document.write('</body>');"),
		"search.json":                  []byte(`{"pages":[]}`),
		"img/logo.svg":                 []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`),
		"sitemap.xml":                  []byte(`<?xml version="1.0"?><urlset/>`),
		"robots.txt":                   []byte("User-agent: *\n"),
		"img/photo.webp":               []byte("RIFF....WEBP"),
		"fonts/body.woff2":             []byte("wOF2...."),
		"site.zip":                     []byte("PK\x03\x04"),
		"img/photo.png":                []byte("\x89PNG\r\n\x1a\n"),
		"data/blob.gloss-unknown":      []byte("\x00\x01"),
		"LICENSE":                      []byte("no extension"),
		"../outside.txt":               []byte("SECRET-OUTSIDE-1"),
		"..\\outside.txt":              []byte("SECRET-OUTSIDE-2"),
		"/etc/passwd":                  []byte("SECRET-OUTSIDE-3"),
		"etc/passwd/../x":              []byte("SECRET-OUTSIDE-4"),
	}
}

type testServer struct {
	*Server
	ts     *httptest.Server
	addr   string // host:port of the listener
	client *http.Client
}

// start runs s on a real loopback listener with its listen address set, as
// `gloss serve` does. The HTTP client keeps no idle connections so that
// goroutine counts are not muddied by the transport's.
func start(t *testing.T, s *Server) *testServer {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	s.SetListenAddr(ts.Listener.Addr().String())
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(func() {
		s.Close() // first, or ts.Close waits for the event streams
		ts.Close()
		tr.CloseIdleConnections()
	})
	return &testServer{
		Server: s,
		ts:     ts,
		addr:   ts.Listener.Addr().String(),
		client: &http.Client{
			Transport: tr,
			// Redirects are asserted, not followed, unless a test says so.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

func startSite(t *testing.T, opts Options) *testServer {
	s := New(opts)
	s.Publish(site(), nil)
	return start(t, s)
}

type result struct {
	status int
	header http.Header
	body   string
}

// get sends method target with the given Host (the listener's when empty)
// and extra header lines, through the ordinary client.
func (ts *testServer) do(t *testing.T, method, target, host string, hdr ...string) result {
	t.Helper()
	req, err := http.NewRequest(method, ts.ts.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, target, err)
	}
	return result{resp.StatusCode, resp.Header, string(b)}
}

// raw writes a request line and headers exactly as given on a fresh TCP
// connection, so that the server sees paths no client library would
// normalize (dot segments, backslashes, odd escapes).
func (ts *testServer) raw(t *testing.T, requestLine string, headers ...string) result {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	b.WriteString(requestLine + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	method, _, _ := strings.Cut(requestLine, " ")
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%q: reading response: %v", requestLine, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return result{resp.StatusCode, resp.Header, string(body)}
}

func TestHostCheck(t *testing.T) {
	ts := startSite(t, Options{AllowHosts: []string{"gloss.test", "Box.LAN:8080", "[fd00::1]"}})
	_, port, _ := net.SplitHostPort(ts.addr)
	tests := []struct {
		host string
		want int
	}{
		{"localhost", 200},
		{"localhost:1313", 200},
		{"LocalHost:" + port, 200},
		{"localhost.", 200}, // the same fully qualified name
		{"127.0.0.1", 200},
		{"127.0.0.1:" + port, 200},
		{"[::1]", 200},
		{"[::1]:1313", 200},
		{ts.addr, 200},
		{"gloss.test", 200},
		{"GLOSS.test:9999", 200},
		{"box.lan", 200},
		{"[fd00::1]:80", 200},

		{"evil.example", 403},
		{"evil.example:" + port, 403},
		{"localhost.evil.example", 403},
		{"localhost.evil.example:1313", 403},
		{"127.0.0.1.nip.io", 403},
		{"127.0.0.1.nip.io:" + port, 403},
		{"sub.gloss.test", 403},
		{"gloss.test.evil.example", 403},
		{"127.0.0.2", 403},
		{"0.0.0.0", 403},
		{"[::]", 403},
		{"::1", 403}, // an IPv6 Host must be bracketed
		{"[::1", 403},
		{"[::1]x", 403},
		{"localhost:http", 403},
		{"user@localhost", 403},
	}
	for _, tt := range tests {
		got := ts.do(t, "GET", "/", tt.host)
		if got.status != tt.want {
			t.Errorf("Host %q: status %d, want %d", tt.host, got.status, tt.want)
		}
		if tt.want == 403 && strings.Contains(got.body, "Home") {
			t.Errorf("Host %q: refused response carries the page", tt.host)
		}
	}

	// The host check also covers the events stream and the client script,
	// and comes before the method check.
	for _, target := range []string{"/_gloss/events", "/_gloss/client.js", "/css/site.css", "/nope"} {
		if got := ts.do(t, "GET", target, "evil.example"); got.status != 403 {
			t.Errorf("GET %s with foreign Host: %d, want 403", target, got.status)
		}
	}
	if got := ts.do(t, "POST", "/", "evil.example"); got.status != 403 {
		t.Errorf("POST with foreign Host: %d, want 403", got.status)
	}

	// A request without Host (HTTP/1.0), and one in absolute form naming
	// another host whatever its Host header says.
	if got := ts.raw(t, "GET / HTTP/1.0"); got.status != 403 {
		t.Errorf("HTTP/1.0 without Host: %d, want 403", got.status)
	}
	if got := ts.raw(t, "GET http://evil.example/ HTTP/1.1", "Host: localhost"); got.status != 403 {
		t.Errorf("absolute-form to evil.example: %d, want 403", got.status)
	}
	if got := ts.raw(t, "GET http://localhost/ HTTP/1.1", "Host: localhost"); got.status != 200 {
		t.Errorf("absolute-form to localhost: %d, want 200", got.status)
	}
}

func TestListenAddrHost(t *testing.T) {
	s := New(Options{})
	s.Publish(site(), nil)
	h := s.Handler()
	status := func(host string) int {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if got := status("devbox:1313"); got != 403 {
		t.Fatalf("before SetListenAddr: %d, want 403", got)
	}
	s.SetListenAddr("devbox:1313")
	if got := status("devbox:1313"); got != 200 {
		t.Errorf("listen host: %d, want 200", got)
	}
	// Listening on every interface allows no extra name.
	s.SetListenAddr(":1313")
	s.SetListenAddr("0.0.0.0:1313")
	s.SetListenAddr("[::]:1313")
	for _, host := range []string{"0.0.0.0:1313", "[::]:1313", ":1313"} {
		if got := status(host); got != 403 {
			t.Errorf("Host %q after an unspecified listen address: %d, want 403", host, got)
		}
	}
}

func TestEventsOrigin(t *testing.T) {
	ts := startSite(t, Options{AllowHosts: []string{"gloss.test"}})
	tests := []struct {
		origin string
		want   int
	}{
		{"", 200},
		{"http://localhost:1313", 200},
		{"http://" + ts.addr, 200},
		{"http://[::1]:1313", 200},
		{"https://gloss.test", 200},

		{"http://evil.example", 403},
		{"http://localhost.evil.example:1313", 403},
		{"http://127.0.0.1.nip.io", 403},
		{"null", 403},
		{"file://", 403},
		{"chrome-extension://abcdef", 403},
		{"ftp://localhost", 403},
		{"localhost", 403},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.ts.URL+"/_gloss/events", nil)
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		resp, err := ts.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.want {
			t.Errorf("Origin %q: status %d, want %d", tt.origin, resp.StatusCode, tt.want)
		}
		if resp.StatusCode == 200 {
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
				t.Errorf("Origin %q: Content-Type %q", tt.origin, ct)
			}
		}
		cancel()
		resp.Body.Close()
	}
	// Pages themselves do not check Origin: a cross-origin read of them
	// is the browser's to refuse, and links from elsewhere must work.
	if got := ts.do(t, "GET", "/", "", "Origin", "http://evil.example"); got.status != 200 {
		t.Errorf("page with foreign Origin: %d, want 200", got.status)
	}
}

func TestTraversal(t *testing.T) {
	ts := startSite(t, Options{})
	tests := []struct {
		target string
		want   int
	}{
		{"/..", 400},
		{"/../", 400},
		{"/../outside.txt", 400},
		{"/a/../index.html", 400}, // a ".." segment is refused even when it would stay inside
		{"/css/../../outside.txt", 400},
		{"/%2e%2e/outside.txt", 400},
		{"/%2E%2E/outside.txt", 400},
		{"/%2E%2E/", 400},
		{"/.%2e/outside.txt", 400},
		{"/%2e./outside.txt", 400},
		{"/..%2foutside.txt", 400},
		{"/..%2Foutside.txt", 400},
		{"/css%2fsite.css", 400}, // an encoded slash, even one that would stay inside
		{"/%2f", 400},
		{"/%2fetc%2fpasswd", 400},
		{"/..%5coutside.txt", 400},
		{"/%5c", 400},
		{"/css%5Csite.css", 400},
		{`/..\outside.txt`, 400},
		{`/css\site.css`, 400},
		{`/\etc\passwd`, 400},
		{"/index.html%00", 400},
		{"/index.html%00.css", 400},
		{"/%00", 400},
		{"/%0a", 400},
		{"/%zz", 400},
		{"/%", 400},
		{"/%252e%252e/outside.txt", 404}, // decoded once: the literal name "%2e%2e"
		{"/%252e%252e%252foutside.txt", 404},
		{"/%25%32%65%25%32%65/outside.txt", 404},
		{"/%c0%ae%c0%ae/outside.txt", 404}, // overlong UTF-8 is not "."
		{"//etc/passwd", 404},
		{"///etc/passwd", 404},
		{"/etc/passwd", 404},
		{"/etc/passwd/../x", 400},
		// Cleaned paths that stay inside, without "..", are served.
		{"/./index.html", 200},
		{"/css/./site.css", 200},
		{"//css//site.css", 200},
		{"/%2e/index.html", 200},
		{"/%63ss/site.css", 200},
	}
	secrets := []string{"SECRET-OUTSIDE"}
	for _, tt := range tests {
		for _, method := range []string{"GET", "HEAD"} {
			got := ts.raw(t, method+" "+tt.target+" HTTP/1.1", "Host: localhost")
			if got.status != tt.want {
				t.Errorf("%s %s: status %d, want %d", method, tt.target, got.status, tt.want)
			}
			for _, s := range secrets {
				if strings.Contains(got.body, s) {
					t.Errorf("%s %s: reached a file outside the build", method, tt.target)
				}
			}
		}
	}
}

func TestNotFound(t *testing.T) {
	ts := startSite(t, Options{})
	for _, target := range []string{"/missing", "/missing/", "/css/", "/principles/", "/_gloss/", "/_gloss/other", "/index.html/"} {
		got := ts.do(t, "GET", target, "")
		if got.status != 404 {
			t.Errorf("GET %s: status %d, want 404", target, got.status)
			continue
		}
		// /css/ is a folder of the build but gets no listing.
		if strings.Contains(got.body, "site.css") {
			t.Errorf("GET %s: looks like a directory listing:\n%s", target, got.body)
		}
		if !strings.HasPrefix(target, "/_gloss/") && !strings.Contains(got.body, "custom not found") {
			t.Errorf("GET %s: not the site's 404.html:\n%s", target, got.body)
		}
	}
	got := ts.do(t, "GET", "/missing/", "")
	if ct := got.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("404.html Content-Type %q", ct)
	}
	if !strings.Contains(got.body, scriptTag) {
		t.Errorf("404.html without the client script:\n%s", got.body)
	}

	// Without a 404.html: a small page of the server's own.
	files := site()
	delete(files, "404.html")
	ts.Publish(files, nil)
	got = ts.do(t, "GET", "/missing/", "")
	if got.status != 404 || !strings.Contains(got.body, "404 page not found") || strings.Contains(got.body, "custom") {
		t.Errorf("without 404.html: %d\n%s", got.status, got.body)
	}
	if !strings.Contains(got.body, scriptTag) {
		t.Errorf("fallback 404 page without the client script (it should reload once the page exists)")
	}
}

func TestNoBuildYet(t *testing.T) {
	ts := start(t, New(Options{}))
	got := ts.do(t, "GET", "/", "")
	if got.status != 503 || !strings.Contains(got.body, scriptTag) {
		t.Errorf("before the first build: %d\n%s", got.status, got.body)
	}
	ts.Fail(diag.List{diag.Errorf("content/_index.md", 1, 1, "bad")})
	if got := ts.do(t, "GET", "/", ""); got.status != 503 {
		t.Errorf("after a failed first build: %d, want 503", got.status)
	}
	ts.Publish(site(), nil)
	if got := ts.do(t, "GET", "/", ""); got.status != 200 {
		t.Errorf("after the first good build: %d, want 200", got.status)
	}
}

func TestFolderRedirect(t *testing.T) {
	ts := startSite(t, Options{})
	tests := []struct{ target, loc string }{
		{"/principles/second", "./second/"},
		{"/principles/second?x=1&y=2", "./second/?x=1&y=2"},
		{"//principles//second", "./second/"},
	}
	for _, tt := range tests {
		got := ts.do(t, "GET", tt.target, "")
		if got.status != 301 || got.header.Get("Location") != tt.loc {
			t.Errorf("GET %s: %d Location %q, want 301 %q", tt.target, got.status, got.header.Get("Location"), tt.loc)
		}
		if got.header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: redirect may be cached (a folder can become a file)", tt.target)
		}
	}
	// An absolute-looking path never redirects to another host.
	files := site()
	files["evil.example/index.html"] = []byte("<body>x</body>")
	ts.Publish(files, nil)
	got := ts.raw(t, "GET //evil.example HTTP/1.1", "Host: localhost")
	if loc := got.header.Get("Location"); got.status != 301 || loc != "./evil.example/" {
		t.Errorf("GET //evil.example: %d Location %q, want a relative redirect", got.status, loc)
	}

	// Followed by a browser-like client, the redirect lands on the page.
	c := &http.Client{Transport: ts.client.Transport}
	resp, err := c.Get(ts.ts.URL + "/principles/second")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/principles/second/" || !strings.Contains(string(b), "second") {
		t.Errorf("following the redirect: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
	// Not a folder of the build: no redirect.
	if got := ts.do(t, "GET", "/principles", ""); got.status != 404 {
		t.Errorf("GET /principles (no index.html): %d, want 404", got.status)
	}
}

func TestContentTypes(t *testing.T) {
	ts := startSite(t, Options{})
	tests := []struct{ target, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/principles/second/", "text/html; charset=utf-8"},
		{"/principles/second/index.html", "text/html; charset=utf-8"},
		{"/css/site.css", "text/css; charset=utf-8"},
		{"/js/site.js", "text/javascript; charset=utf-8"},
		{"/search.json", "application/json"},
		{"/img/logo.svg", "image/svg+xml"},
		{"/sitemap.xml", "application/xml; charset=utf-8"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/img/photo.webp", "image/webp"},
		{"/fonts/body.woff2", "font/woff2"},
		{"/site.zip", "application/zip"},
		{"/img/photo.png", "image/png"},
		{"/data/blob.gloss-unknown", "application/octet-stream"},
		{"/LICENSE", "application/octet-stream"},
		{"/_gloss/client.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		got := ts.do(t, "GET", tt.target, "")
		if got.status != 200 {
			t.Errorf("GET %s: status %d", tt.target, got.status)
		}
		if ct := got.header.Get("Content-Type"); ct != tt.want {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.target, ct, tt.want)
		}
		if got.header.Get("X-Content-Type-Options") != "nosniff" || got.header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: headers %v", tt.target, got.header)
		}
	}
}

func TestHeadAndMethods(t *testing.T) {
	ts := startSite(t, Options{})
	for _, target := range []string{"/", "/css/site.css", "/_gloss/client.js", "/missing"} {
		get := ts.do(t, "GET", target, "")
		head := ts.do(t, "HEAD", target, "")
		if head.status != get.status || head.body != "" {
			t.Errorf("HEAD %s: %d with %d body bytes, GET gave %d", target, head.status, len(head.body), get.status)
		}
		if head.header.Get("Content-Length") != fmt.Sprint(len(get.body)) || head.header.Get("Content-Type") != get.header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Length %s Content-Type %q, GET has %d bytes of %q", target,
				head.header.Get("Content-Length"), head.header.Get("Content-Type"), len(get.body), get.header.Get("Content-Type"))
		}
	}
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
		for _, target := range []string{"/", "/missing", "/_gloss/events"} {
			got := ts.do(t, method, target, "")
			if got.status != 405 {
				t.Errorf("%s %s: %d, want 405", method, target, got.status)
			}
			if !strings.Contains(got.header.Get("Allow"), "GET") {
				t.Errorf("%s %s: Allow %q", method, target, got.header.Get("Allow"))
			}
		}
	}
	if got := ts.do(t, "HEAD", "/_gloss/events", ""); got.status != 405 {
		t.Errorf("HEAD on the events stream: %d, want 405", got.status)
	}
}

func TestScriptInjection(t *testing.T) {
	files := site()
	before := map[string][]byte{}
	for k, v := range files {
		before[k] = bytes.Clone(v)
	}
	s := New(Options{})
	s.Publish(files, nil)
	ts := start(t, s)

	tests := []struct {
		target, want string
	}{
		{"/", "<body><h1>Home</h1>" + scriptTag + "</body></html>\n"},
		{"/principles/second/", "<p>second</p>" + scriptTag + "</BODY></html>"},
		{"/principles/second/notes.html", "<p>a fragment with no body element" + scriptTag},
		{"/nested/script.html", `<p>x</p>` + scriptTag + "</body>"},
	}
	for _, tt := range tests {
		got := ts.do(t, "GET", tt.target, "")
		if !strings.HasSuffix(got.body, tt.want) || strings.Count(got.body, scriptTag) != 1 {
			t.Errorf("GET %s:\n%s\nwant it to end with\n%s", tt.target, got.body, tt.want)
		}
		if got.header.Get("Content-Length") != fmt.Sprint(len(got.body)) {
			t.Errorf("GET %s: Content-Length %s, body has %d bytes", tt.target, got.header.Get("Content-Length"), len(got.body))
		}
	}
	for _, target := range []string{"/css/site.css", "/js/site.js", "/img/logo.svg", "/sitemap.xml", "/search.json", "/_gloss/client.js"} {
		got := ts.do(t, "GET", target, "")
		if strings.Contains(got.body, scriptTag) {
			t.Errorf("GET %s: script injected into a non-HTML response", target)
		}
		if name := strings.TrimPrefix(target, "/"); before[name] != nil && got.body != string(before[name]) {
			t.Errorf("GET %s: bytes differ from the build's", target)
		}
	}
	// Neither the caller's map nor the bytes it holds were touched.
	if !maps.EqualFunc(files, before, bytes.Equal) {
		t.Errorf("serving modified the caller's build")
	}
	// The server keeps its own map: the caller may reuse its own.
	files["index.html"] = []byte("changed behind the server's back")
	delete(files, "css/site.css")
	if got := ts.do(t, "GET", "/", ""); !strings.Contains(got.body, "Home") {
		t.Errorf("the caller's later map edits leaked into the served build")
	}
	if got := ts.do(t, "GET", "/css/site.css", ""); got.status != 200 {
		t.Errorf("the caller's later map delete leaked into the served build")
	}
}

func TestClientScript(t *testing.T) {
	ts := startSite(t, Options{})
	got := ts.do(t, "GET", "/_gloss/client.js", "")
	if got.status != 200 || got.body != string(clientJS) {
		t.Fatalf("client.js: %d", got.status)
	}
	// Cheap guards on the properties promised for the script: a classic
	// script on plain EventSource, the three events, the overlay's
	// accessibility, and no imports or network calls besides the stream.
	for _, want := range []string{`new EventSource("/_gloss/events")`, `"hello"`, `"reload"`, `"error"`,
		`role="alertdialog"`, `aria-labelledby`, `Dismiss`, `"Escape"`, `location.reload()`, `.css$`, `textContent`} {
		if !strings.Contains(got.body, want) {
			t.Errorf("client.js lacks %s", want)
		}
	}
	for _, bad := range []string{"import ", "export ", "fetch(", "XMLHttpRequest", "eval("} {
		if strings.Contains(got.body, bad) {
			t.Errorf("client.js contains %q", bad)
		}
	}
}

// sseClient reads an event stream the plain way: one GET, lines through
// bufio.
type sseClient struct {
	t      *testing.T
	resp   *http.Response
	r      *bufio.Reader
	cancel context.CancelFunc
}

func (ts *testServer) connect(t *testing.T) *sseClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.ts.URL+"/_gloss/events", nil)
	resp, err := ts.client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		cancel()
		t.Fatalf("events: status %d", resp.StatusCode)
	}
	c := &sseClient{t: t, resp: resp, r: bufio.NewReader(resp.Body), cancel: cancel}
	t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() {
	c.cancel()
	c.resp.Body.Close()
}

// next returns the next event's name and data, skipping comments and the
// retry field. A comment is returned as the name ":" when comments is set.
func (c *sseClient) next(comments bool) (name, data string) {
	c.t.Helper()
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			c.t.Fatalf("reading events: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if name != "" || data != "" {
				return name, data
			}
		case strings.HasPrefix(line, ":"):
			if comments {
				return ":", line
			}
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case strings.HasPrefix(line, "retry: "):
		default:
			c.t.Fatalf("unexpected line in the event stream: %q", line)
		}
	}
}

func (c *sseClient) expect(name, data string) {
	c.t.Helper()
	gotName, gotData := c.next(false)
	if gotName != name || (data != "" && gotData != data) {
		c.t.Fatalf("got event %s %s\nwant %s %s", gotName, gotData, name, data)
	}
}

func TestEvents(t *testing.T) {
	ts := startSite(t, Options{})
	c := ts.connect(t)
	if ct := c.resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	c.expect("hello", `{"build":1}`)
	if n := ts.Clients(); n != 1 {
		t.Errorf("Clients() = %d, want 1", n)
	}

	files := site()
	files["principles/second/index.html"] = []byte("<body>edited</body>")
	files["css/site.css"] = []byte("body{}")
	files["index.html"] = []byte("<body>home</body>")
	ts.Publish(files, []string{"principles/second/index.html", "css/site.css", "index.html", "css/site.css"})
	c.expect("reload", `{"build":2,"paths":["/","/css/site.css","/principles/second/"]}`)

	diags := diag.List{
		diag.Errorf("content/principles/second.md", 3, 7, "unknown key %q", "titel").WithHint(`did you mean "title"?`),
		diag.Warnf("layouts/page.html", 12, 1, "unused block"),
	}
	ts.Fail(diags)
	_, data := c.next(false)
	var got struct {
		Build       int
		Diagnostics []map[string]any
	}
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatalf("error event data %s: %v", data, err)
	}
	want := `{"build":2,"diagnostics":[` +
		`{"file":"content/principles/second.md","line":3,"col":7,"severity":"error","message":"unknown key \"titel\"","hint":"did you mean \"title\"?"},` +
		`{"file":"layouts/page.html","line":12,"col":1,"severity":"warning","message":"unused block"}]}`
	if data != want {
		t.Errorf("error event data\n%s\nwant\n%s", data, want)
	}
	// The last good build is still served.
	if body := ts.do(t, "GET", "/principles/second/", "").body; !strings.Contains(body, "edited") {
		t.Errorf("after a failure the last good build is not served:\n%s", body)
	}

	ts.Publish(files, []string{})
	c.expect("reload", `{"build":3,"paths":[]}`)
}

func TestLateClientDuringFailure(t *testing.T) {
	ts := startSite(t, Options{})
	ts.Fail(diag.List{diag.Errorf("layouts/base.html", 4, 2, "template: bad")})
	c := ts.connect(t)
	c.expect("hello", `{"build":1}`)
	c.expect("error", `{"build":1,"diagnostics":[{"file":"layouts/base.html","line":4,"col":2,"severity":"error","message":"template: bad"}]}`)

	// Fail with nothing to say still sends a list, not null.
	ts.Fail(nil)
	c.expect("error", `{"build":1,"diagnostics":[]}`)

	ts.Publish(site(), []string{"index.html"})
	c.expect("reload", `{"build":2,"paths":["/"]}`)

	// Once fixed, a new client gets no stale error.
	c2 := ts.connect(t)
	c2.expect("hello", `{"build":2}`)
	ts.Publish(site(), []string{"robots.txt"})
	c2.expect("reload", `{"build":3,"paths":["/robots.txt"]}`)
}

func TestPublishWorksOutChanges(t *testing.T) {
	s := New(Options{})
	ts := start(t, s)
	c := ts.connect(t)
	c.expect("hello", `{"build":0}`)

	// The first build: everything is new.
	s.Publish(map[string][]byte{"index.html": []byte("a"), "x/index.html": []byte("b"), "c.css": []byte("c")}, nil)
	c.expect("reload", `{"build":1,"paths":["/","/c.css","/x/"]}`)
	// Without a list, the server compares: edited and removed outputs.
	s.Publish(map[string][]byte{"index.html": []byte("a"), "x/index.html": []byte("B"), "new.txt": []byte("n")}, nil)
	c.expect("reload", `{"build":2,"paths":["/c.css","/new.txt","/x/"]}`)
}

func TestURLPaths(t *testing.T) {
	got := urlPaths([]string{"index.html", "principles/second/index.html", "css/site.css", "a/b.html", "/lead/index.html", "index.html", "notindex.html"})
	want := []string{"/", "/a/b.html", "/css/site.css", "/lead/", "/notindex.html", "/principles/second/"}
	if !slices.Equal(got, want) {
		t.Errorf("urlPaths = %q, want %q", got, want)
	}
}

func TestHeartbeat(t *testing.T) {
	s := New(Options{})
	s.heartbeat = 20 * time.Millisecond
	s.Publish(site(), nil)
	ts := start(t, s)
	c := ts.connect(t)
	if name, data := c.next(true); name != "hello" {
		t.Fatalf("first event %s %s", name, data)
	}
	if name, line := c.next(true); name != ":" || line != ": heartbeat" {
		t.Fatalf("after hello: %s %q, want a heartbeat comment", name, line)
	}
}

func TestSlowClientDoesNotBlockPublish(t *testing.T) {
	var logs bytes.Buffer
	logDone := make(chan struct{}, 1)
	s := New(Options{Logf: func(f string, a ...any) {
		if strings.Contains(f, "dropped") {
			fmt.Fprintf(&logs, f, a...)
			select {
			case logDone <- struct{}{}:
			default:
			}
		}
	}})
	s.Publish(site(), nil)
	ts := start(t, s)

	// A healthy client that keeps reading, in its own goroutine.
	good := ts.connect(t)
	good.expect("hello", "")
	var lastRead atomic.Int64
	go func() {
		for {
			line, err := good.r.ReadString('\n')
			if err != nil {
				return
			}
			if rest, ok := strings.CutPrefix(line, `data: {"build":`); ok {
				var n int64
				fmt.Sscanf(rest, "%d", &n)
				lastRead.Store(n)
			}
		}
	}()

	// A client that sends its request and then never reads: once the
	// socket buffers fill, its handler blocks writing and its queue fills.
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /_gloss/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
	waitFor(t, "both clients connected", func() bool { return s.Clients() == 2 })

	// Large events fill the socket buffers quickly.
	changed := make([]string, 2000)
	for i := range changed {
		changed[i] = fmt.Sprintf("section-%04d/a-fairly-long-page-slug-%04d/index.html", i, i)
	}
	files := site()
	var worst time.Duration
	published := 0
	for published < 5000 && s.Clients() == 2 {
		start := time.Now()
		s.Publish(files, changed)
		worst = max(worst, time.Since(start))
		published++
		// The healthy client reads each build before the next: on a
		// machine busy with other work it could otherwise fall a queue
		// behind and be dropped as slow too, which is not what this
		// test is about.
		want := int64(published + 1)
		waitFor(t, "the healthy client to read each build", func() bool { return lastRead.Load() >= want })
	}
	if s.Clients() != 1 {
		t.Fatalf("after %d publishes the slow client is still connected (%d clients)", published, s.Clients())
	}
	if worst > time.Second {
		t.Errorf("a Publish took %v with a stuck client connected", worst)
	}
	<-logDone
	// The healthy client kept up throughout and sees the last build.
	s.Publish(files, []string{"index.html"})
	last := int64(published + 2)
	waitFor(t, "the healthy client to read the last build", func() bool { return lastRead.Load() == last })
	t.Logf("slow client dropped after %d publishes; slowest Publish %v; %s", published, worst, logs.String())
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settle waits for the goroutine count to come back to at most want+slack:
// finished handlers and connections take a moment to wind down.
func settle(t *testing.T, what string, want int) {
	t.Helper()
	const slack = 3
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want+slack {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%s: %d goroutines, want at most %d+%d\n%s", what, n, want, slack, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestGoroutinesPublishCycles(t *testing.T) {
	ts := startSite(t, Options{})
	base := runtime.NumGoroutine()
	c := ts.connect(t)
	c.expect("hello", "")
	connected := runtime.NumGoroutine()
	files := site()
	for i := 0; i < 1000; i++ {
		files["index.html"] = []byte(fmt.Sprintf("<body>%d</body>", i))
		ts.Publish(files, []string{"index.html"})
		c.expect("reload", fmt.Sprintf(`{"build":%d,"paths":["/"]}`, i+2))
		if i%100 == 99 {
			ts.Fail(diag.List{diag.Errorf("content/x.md", 1, 1, "broken")})
			c.expect("error", "")
		}
	}
	settle(t, "after 1,000 publishes with a client connected", connected)
	if n := ts.Clients(); n != 1 {
		t.Errorf("Clients() = %d, want 1", n)
	}
	c.close()
	waitFor(t, "the client to go", func() bool { return ts.Clients() == 0 })
	settle(t, "after the client left", base)
}

func TestGoroutinesConnectCycles(t *testing.T) {
	ts := startSite(t, Options{})
	base := runtime.NumGoroutine()
	for i := 0; i < 100; i++ {
		c := ts.connect(t)
		c.expect("hello", "")
		if i%2 == 0 {
			ts.Publish(site(), []string{"index.html"})
			c.expect("reload", "")
		}
		c.close()
	}
	waitFor(t, "every client to go", func() bool { return ts.Clients() == 0 })
	settle(t, "after 100 connect/disconnect cycles", base)
}

func TestClose(t *testing.T) {
	s := New(Options{})
	s.Publish(site(), nil)
	ts := start(t, s)
	c := ts.connect(t)
	c.expect("hello", "")
	s.Close()
	if _, err := c.r.ReadString('\n'); err != io.EOF {
		t.Errorf("after Close the stream should end, got %v", err)
	}
	if n := s.Clients(); n != 0 {
		t.Errorf("Clients() after Close = %d", n)
	}
	if got := ts.do(t, "GET", "/_gloss/events", ""); got.status != 503 {
		t.Errorf("events after Close: %d, want 503", got.status)
	}
	if got := ts.do(t, "GET", "/", ""); got.status != 200 {
		t.Errorf("pages after Close: %d, want 200", got.status)
	}
	s.Publish(site(), nil) // harmless after Close
	s.Fail(nil)

	// Shutdown of a real http.Server with a stream open returns promptly
	// once Close runs on shutdown.
	s2 := New(Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s2.Handler()}
	srv.RegisterOnShutdown(s2.Close)
	s2.SetListenAddr(ln.Addr().String())
	go srv.Serve(ln)
	resp, err := http.Get("http://" + ln.Addr().String() + "/_gloss/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	waitFor(t, "the stream to open", func() bool { return s2.Clients() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown with an event stream open: %v", err)
	}
}

// TestCleanPath checks the path rules on their own, whatever net/http
// already refuses before a handler runs (it rejects some of these itself).
func TestCleanPath(t *testing.T) {
	tests := []struct {
		in, want string // want "" means refused
	}{
		{"/", "/"},
		{"//", "/"},
		{"/a/b/", "/a/b/"},
		{"/a//b", "/a/b"},
		{"/./a/./", "/a/"},
		{"/%2e/a", "/a"},
		{"/caf%C3%A9/", "/café/"},
		{"/a%20b", "/a b"},
		{"/%252e%252e/", "/%2e%2e/"},
		{"//etc/passwd", "/etc/passwd"},
		{"", ""},
		{"a/b", ""},
		{"*", ""},
		{"/..", ""},
		{"/a/..", ""},
		{"/a/../b", ""},
		{"/%2e%2e", ""},
		{"/%2E%2e/", ""},
		{"/..%2f", ""},
		{"/a%2Fb", ""},
		{"/a%5cb", ""},
		{`/a\b`, ""},
		{"/a%00", ""},
		{"/a\x00", ""},
		{"/a%7f", ""},
		{"/a%0d%0aX: y", ""},
		{"/%", ""},
		{"/%g0", ""},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if (tt.want == "") != !ok || got != tt.want {
			t.Errorf("cleanPath(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestNormalizeHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"localhost", "localhost"},
		{"LOCALHOST:1313", "localhost"},
		{"localhost.", "localhost"},
		{"localhost:", "localhost"},
		{"127.0.0.1:80", "127.0.0.1"},
		{"[::1]", "::1"},
		{"[::1]:1313", "::1"},
		{"[FD00::1]", "fd00::1"},
		{"", ""},
		{":1313", ""},
		{"0.0.0.0:1", ""},
		{"[::]:1", ""},
		{"::1", ""},
		{"[::1", ""},
		{"[::1]:x", ""},
		{"host:port", ""},
		{"a/b", ""},
		{"u@h", ""},
	}
	for _, tt := range tests {
		got, ok := normalizeHost(tt.in)
		if (tt.want == "") != !ok || got != tt.want {
			t.Errorf("normalizeHost(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
