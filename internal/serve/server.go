// Package serve owns the dev HTTP server of `gloss serve`: it serves the
// files of the last good in-memory build, tells browsers about new builds
// and failed ones over Server-Sent Events, and injects the small client
// script (client.js) that reloads pages, swaps stylesheets and shows the
// error overlay.
//
// It knows nothing of how builds are made: the caller hands it plain maps
// of output paths to bytes (Publish) or the diagnostics of a failed build
// (Fail), so it can be tested alone.
//
// It is safe to run on a shared machine:
//
//   - Only files of the build map are served. A request path is decoded
//     once, segment by segment; a ".." segment, an encoded slash or
//     backslash, a backslash or a control character is a 400, so nothing is
//     ever resolved against anything but the map (there is no file system
//     behind it either). There are no directory listings.
//   - Every request whose Host is not loopback, the listen address or an
//     allowed name gets a 403, which defeats DNS rebinding: a page on
//     evil.example whose name now resolves to 127.0.0.1 still sends
//     Host: evil.example. The events stream also refuses a foreign Origin.
//
// URLs: /x/ serves x/index.html, / serves index.html, and /x, where
// x/index.html exists, redirects to x/ with a relative Location so the
// redirect also works behind a proxy that adds a prefix.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// The server's own URLs, outside any site's: no site output starts with
// "_gloss/" as far as the server is concerned.
const (
	reservedPrefix = "/_gloss/"
	eventsPath     = "/_gloss/events"
	clientPath     = "/_gloss/client.js"
)

// scriptTag is what HTML responses get before </body>. A classic deferred
// script: it runs after parsing, needs no module support and blocks
// nothing.
const scriptTag = `<script src="/_gloss/client.js" defer></script>`

const (
	// heartbeatInterval is how often an idle event stream gets a comment
	// line. Proxies and some browsers drop connections that carry nothing
	// for a minute or so; 15 s stays well inside that while costing nothing.
	heartbeatInterval = 15 * time.Second

	// clientBuffer is how many events may wait for one client. Builds come
	// at most a few per second and a healthy client drains each in
	// microseconds, so a full buffer means the client has stopped reading;
	// it is dropped (and its browser reconnects) rather than ever blocking
	// Publish.
	clientBuffer = 32

	// writeWait bounds each write to an event stream, so that a client that
	// stopped reading does not hold its handler (and, via Shutdown, the
	// server) forever. It also overrides any http.Server.WriteTimeout, which
	// would otherwise cut long-lived streams.
	writeWait = 10 * time.Second

	// retryMillis is sent to EventSource as its reconnection delay: after
	// `gloss serve` is restarted the page should find the new server within
	// about a second, not the browsers' default of three or more.
	retryMillis = 1000
)

//go:embed client.js
var clientJS []byte

// Options configure a Server.
type Options struct {
	// AllowHosts are extra Host names allowed besides localhost,
	// 127.0.0.1, [::1] and the listen address (for --allow-host).
	AllowHosts []string
	// Logf reports dropped clients and refused hosts; nil is silent.
	Logf func(format string, args ...any)
}

// Server is the dev server. Its zero value is not usable; call New.
type Server struct {
	logf      func(format string, args ...any)
	heartbeat time.Duration // heartbeatInterval; shorter in tests

	hostMu sync.RWMutex
	hosts  map[string]bool // normalized: lower case, no port, no brackets

	mu      sync.Mutex
	files   map[string][]byte // last good build; nil before the first
	build   int               // number of the last good build, 0 before the first
	failed  []byte            // the pending error event, nil when the last build was good
	clients map[*client]struct{}
	closed  bool
}

// client is one connected event stream. Messages are fully formatted
// events. The channel is closed only by whoever drops the client from
// Server.clients (a full buffer or Close), never by its handler.
type client struct {
	ch chan []byte
}

// New returns a server with nothing published yet: until the first Publish
// it answers pages with 503 and a page that reloads once the build is in.
func New(opts Options) *Server {
	s := &Server{
		logf:      opts.Logf,
		heartbeat: heartbeatInterval,
		hosts:     map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		clients:   map[*client]struct{}{},
	}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	for _, h := range opts.AllowHosts {
		if n, ok := normalizeHost(h); ok {
			s.hosts[n] = true
		} else {
			s.logf("serve: ignoring allowed host %q: not a host name", h)
		}
	}
	return s
}

// SetListenAddr tells the server its own address ("127.0.0.1:1313"), which
// is then an allowed Host too. An unspecified address such as ":1313" adds
// nothing: requests must then name a host that is allowed otherwise.
func (s *Server) SetListenAddr(addr string) {
	n, ok := normalizeHost(addr)
	if !ok {
		return
	}
	s.hostMu.Lock()
	s.hosts[n] = true
	s.hostMu.Unlock()
}

// Handler returns the HTTP handler for the whole server.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Publish installs a new good build. files maps output paths
// ("principles/second/index.html") to bytes; the server keeps its own copy
// of the map but not of the bytes, which the caller must not modify
// afterwards. changed lists the output paths whose bytes changed since the
// previous Publish; nil means "not known", and the server then works it out
// itself (everything, on the first build). Every client gets a `reload`
// event, and a pending error is cleared.
func (s *Server) Publish(files map[string][]byte, changed []string) {
	files = maps.Clone(files)
	if files == nil {
		files = map[string][]byte{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if changed == nil {
		changed = diff(s.files, files)
	}
	s.files = files
	s.build++
	s.failed = nil
	s.broadcastLocked(event("reload", reloadData{Build: s.build, Paths: urlPaths(changed)}))
}

// Fail reports a failed build: the last good files stay served and every
// client gets an `error` event with the diagnostics, as does every client
// that connects before the next Publish.
func (s *Server) Fail(diags diag.List) {
	if diags == nil {
		diags = diag.List{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed = event("error", errorData{Build: s.build, Diagnostics: diags})
	s.broadcastLocked(s.failed)
}

// Clients returns the number of connected event clients.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// Close ends every event stream and refuses new ones, so that
// http.Server.Shutdown, which waits for active requests, does not hang on
// them. Files are still served. Register it with
// http.Server.RegisterOnShutdown or call it before Shutdown.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.clients {
		delete(s.clients, c)
		close(c.ch)
	}
}

// broadcastLocked queues msg for every client without waiting: a client
// whose buffer is full is dropped, so one stuck browser tab never delays a
// rebuild for the others.
func (s *Server) broadcastLocked(msg []byte) {
	for c := range s.clients {
		select {
		case c.ch <- msg:
		default:
			delete(s.clients, c)
			close(c.ch)
			s.logf("serve: dropped an event client that stopped reading")
		}
	}
}

type helloData struct {
	Build int `json:"build"`
}

type reloadData struct {
	Build int      `json:"build"`
	Paths []string `json:"paths"`
}

type errorData struct {
	Build       int       `json:"build"`
	Diagnostics diag.List `json:"diagnostics"`
}

// event formats one Server-Sent Event. JSON never contains a raw newline,
// so the data fits on one data: line.
func event(name string, data any) []byte {
	b, err := json.Marshal(data)
	if err != nil {
		// Only plain structs of ints, strings and diagnostics get here.
		panic(fmt.Sprintf("serve: encoding %s event: %v", name, err))
	}
	var buf bytes.Buffer
	buf.Grow(len(b) + len(name) + 16)
	buf.WriteString("event: ")
	buf.WriteString(name)
	buf.WriteString("\ndata: ")
	buf.Write(b)
	buf.WriteString("\n\n")
	return buf.Bytes()
}

// diff lists the outputs that differ between two builds, removed ones
// included (their URLs now answer 404, which a page showing them should
// see). With no previous build everything is new.
func diff(old, cur map[string][]byte) []string {
	var out []string
	for p, b := range cur {
		if ob, ok := old[p]; !ok || !bytes.Equal(ob, b) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// urlPaths turns output paths into the URL paths a browser shows for them
// (x/index.html → /x/, index.html → /), sorted and without duplicates.
func urlPaths(outputs []string) []string {
	out := make([]string, 0, len(outputs))
	for _, p := range outputs {
		p = strings.TrimPrefix(p, "/")
		if p == "index.html" {
			p = ""
		} else if strings.HasSuffix(p, "/index.html") {
			p = strings.TrimSuffix(p, "index.html")
		}
		out = append(out, "/"+p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// normalizeHost reduces a Host header, an address or an allowed name to a
// comparable host: lower case, without port, brackets or a trailing dot
// ("LocalHost.:80" and "localhost" are the same name). It fails for
// something that is not a plain host or host:port, such as a bare IPv6
// address without brackets or an empty host.
func normalizeHost(hostport string) (string, bool) {
	h := hostport
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 || !validPort(h[end+1:]) {
			return "", false
		}
		h = h[1:end]
	} else if i := strings.IndexByte(h, ':'); i >= 0 {
		if !validPort(h[i:]) {
			return "", false
		}
		h = h[:i]
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if h == "" || strings.ContainsAny(h, "/@[] \t") {
		return "", false
	}
	// An unspecified listen address accepts connections on every
	// interface; it is not a name a browser would send, so it allows
	// nothing.
	if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() {
		return "", false
	}
	return h, true
}

// validPort accepts "", ":" and ":digits", what may follow a host.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ':' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (s *Server) hostAllowed(hostport string) bool {
	h, ok := normalizeHost(hostport)
	if !ok {
		return false
	}
	s.hostMu.RLock()
	defer s.hostMu.RUnlock()
	return s.hosts[h]
}

// originAllowed accepts a missing Origin (same-origin GETs and tools such
// as curl send none) and an http(s) origin whose host is allowed; "null"
// (sandboxed frames, file: pages) and anything else is refused.
func (s *Server) originAllowed(origin string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return s.hostAllowed(u.Host)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")

	// The Host check comes first so a rebinding page learns nothing at
	// all, not even which methods or paths exist.
	if !s.hostAllowed(r.Host) {
		s.logf("serve: refused request for host %q (allow it with --allow-host)", r.Host)
		plain(w, http.StatusForbidden, "403 forbidden: this host name is not allowed (see --allow-host)")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		plain(w, http.StatusMethodNotAllowed, "405 method not allowed")
		return
	}
	p, ok := cleanPath(requestPath(r))
	if !ok {
		plain(w, http.StatusBadRequest, "400 bad request: invalid path")
		return
	}
	switch {
	case p == eventsPath:
		s.serveEvents(w, r)
		return
	case p == clientPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		body(w, r, http.StatusOK, clientJS)
		return
	case strings.HasPrefix(p, reservedPrefix):
		plain(w, http.StatusNotFound, "404 page not found")
		return
	}

	s.mu.Lock()
	files, build := s.files, s.build
	s.mu.Unlock()
	if build == 0 {
		h.Set("Retry-After", "1")
		page(w, r, http.StatusServiceUnavailable, "gloss: no build yet",
			"The site has not been built successfully yet. This page reloads when it is.")
		return
	}

	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if b, ok := files[name]; ok {
		serveFile(w, r, http.StatusOK, name, b)
		return
	}
	if !strings.HasSuffix(p, "/") {
		if _, ok := files[name+"/index.html"]; ok {
			// Relative, and starting with "./", so the Location can never
			// be read as another host ("//evil.example/") or a scheme
			// ("javascript:"), and it works under any path prefix.
			loc := "./" + url.PathEscape(path.Base(p)) + "/"
			if r.URL.RawQuery != "" {
				loc += "?" + r.URL.RawQuery
			}
			h.Set("Location", loc)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
	}
	if b, ok := files["404.html"]; ok {
		serveFile(w, r, http.StatusNotFound, "404.html", b)
		return
	}
	page(w, r, http.StatusNotFound, "404 page not found", "There is no page at this address in the current build.")
}

// requestPath returns the request target's path exactly as the client sent
// it, still escaped: only the raw form shows an encoded slash for what it
// is. r.URL.EscapedPath is the fallback for an absolute-form target or a
// request built without RequestURI.
func requestPath(r *http.Request) string {
	if raw := r.RequestURI; strings.HasPrefix(raw, "/") {
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			raw = raw[:i]
		}
		return raw
	}
	return r.URL.EscapedPath()
}

// cleanPath decodes an escaped URL path once, segment by segment, and
// returns it with empty and "." segments removed and a trailing slash
// kept. It refuses ".." segments, encoded slashes, backslashes (which
// some systems take for slashes) and control characters such as NUL:
// none occurs in a link gloss writes, so refusing them outright is simpler
// to trust than resolving them. A double-encoded "%252e" decodes to the
// literal name "%2e", which simply is not in the build.
func cleanPath(escaped string) (string, bool) {
	if !strings.HasPrefix(escaped, "/") {
		return "", false
	}
	var segs []string
	for _, seg := range strings.Split(escaped[1:], "/") {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return "", false
		}
		if dec == ".." || strings.ContainsAny(dec, `/\`) || hasControl(dec) {
			return "", false
		}
		if dec == "" || dec == "." {
			continue
		}
		segs = append(segs, dec)
	}
	p := "/" + strings.Join(segs, "/")
	if len(segs) > 0 && strings.HasSuffix(escaped, "/") {
		p += "/"
	}
	return p, true
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// contentTypes are the types of the files a gloss site has, fixed here
// because mime.TypeByExtension also reads the system's tables, which vary
// (some map .js to application/x-javascript, or lack .webp or .woff2).
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".webp":  "image/webp",
	".woff2": "font/woff2",
	".zip":   "application/zip",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveFile answers with one file of the build, injecting the client
// script into HTML. The build's bytes are never modified: injection
// writes a new slice.
func serveFile(w http.ResponseWriter, r *http.Request, status int, name string, b []byte) {
	ct := contentType(name)
	w.Header().Set("Content-Type", ct)
	if strings.HasPrefix(ct, "text/html") {
		b = inject(b)
	}
	body(w, r, status, b)
}

// inject returns a copy of an HTML document with the script tag before its
// last </body>, or at its end when it has none.
func inject(doc []byte) []byte {
	i := lastIndexFold(doc, "</body>")
	if i < 0 {
		i = len(doc)
	}
	out := make([]byte, 0, len(doc)+len(scriptTag))
	out = append(out, doc[:i]...)
	out = append(out, scriptTag...)
	return append(out, doc[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case, without copying
// the document to lower-case it.
func lastIndexFold(s []byte, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i] == '<' && bytes.EqualFold(s[i:i+len(sub)], []byte(sub)) {
			return i
		}
	}
	return -1
}

// body writes b with its Content-Length, and no body for HEAD.
func body(w http.ResponseWriter, r *http.Request, status int, b []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// plain answers with a short text message, as for refused requests.
func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(msg)+1))
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// page answers with a small HTML page of the server's own, carrying the
// client script so that it reloads once there is something to show.
func page(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	doc := fmt.Sprintf("<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>%s</title>\n<body><h1>%s</h1>\n<p>%s</p>\n</body></html>\n",
		title, title, text)
	serveFile(w, r, status, "page.html", []byte(doc))
}

// serveEvents streams Server-Sent Events to one client until it goes away,
// it is dropped, or the server is closed.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		plain(w, http.StatusMethodNotAllowed, "405 method not allowed")
		return
	}
	if !s.originAllowed(r.Header.Get("Origin")) {
		s.logf("serve: refused events for origin %q", r.Header.Get("Origin"))
		plain(w, http.StatusForbidden, "403 forbidden: this origin is not allowed")
		return
	}
	rc := http.NewResponseController(w)

	c := &client{ch: make(chan []byte, clientBuffer)}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		plain(w, http.StatusServiceUnavailable, "503 server shutting down")
		return
	}
	// The greeting is queued under the lock, so no reload or error can
	// slip in before it or be missed between it and registration.
	c.ch <- []byte(fmt.Sprintf("retry: %d\n\n", retryMillis))
	c.ch <- event("hello", helloData{Build: s.build})
	if s.failed != nil {
		c.ch <- s.failed
	}
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)

	heartbeat := time.NewTicker(s.heartbeat)
	defer heartbeat.Stop()
	send := func(msg []byte) bool {
		// The deadline is best-effort: not every ResponseWriter has one.
		_ = rc.SetWriteDeadline(time.Now().Add(writeWait))
		if _, err := w.Write(msg); err != nil {
			return false // the client went away
		}
		if err := rc.Flush(); err != nil {
			// Most likely a wrapping ResponseWriter without Flush: say so,
			// since the symptom (browsers reconnecting in a loop) is obscure.
			s.logf("serve: event stream: flushing: %v", err)
			return false
		}
		return true
	}
	for {
		select {
		case msg, ok := <-c.ch:
			if !ok {
				return // dropped or closed
			}
			if !send(msg) {
				return
			}
		case <-heartbeat.C:
			if !send([]byte(": heartbeat\n\n")) {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}
