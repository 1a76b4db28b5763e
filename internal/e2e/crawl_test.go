package e2e

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/theme"
)

// subpath is where the hosted build is served in TestHostedUnderSubpath:
// a project page on GitHub Pages, a folder of a CDN.
const subpath = "/some/sub/path/"

// buildRepo builds this repository's site as gloss build does.
func buildRepo(t *testing.T) *publish.Report {
	t.Helper()
	o, err := publish.Run(context.Background(), theme.Overlay(os.DirFS("../..")), publish.Options{KeepOffline: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.Failed() {
		var b strings.Builder
		o.Diags.Write(&b, "text")
		t.Fatalf("the repository's site does not build:\n%s", b.String())
	}
	return o
}

// subpathHandler serves files under prefix the way a plain static host
// does: "x/" is x/index.html, anything else is the file of that name or a
// 404, and nothing outside prefix exists. It records every path asked for.
type subpathHandler struct {
	prefix string
	files  map[string][]byte
	mu     sync.Mutex
	asked  []string
}

func (h *subpathHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.asked = append(h.asked, r.URL.Path)
	h.mu.Unlock()
	rel, ok := strings.CutPrefix(r.URL.Path, h.prefix)
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	data, ok := h.files[rel]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(rel)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Write(data)
}

// TestHostedUnderSubpath serves the hosted build under /some/sub/path/
// over real HTTP and crawls it from the home page, following every link
// and loading every resource (stylesheets, scripts, images, the search
// index, the zip) as a browser would resolve them: no request may get
// anything but 200, none may leave the subpath, every #fragment must be
// an id of its page, and every page of the build must be reached.
func TestHostedUnderSubpath(t *testing.T) {
	o := buildRepo(t)
	h := &subpathHandler{prefix: subpath, files: o.Hosted.Files}
	srv := httptest.NewServer(h)
	defer srv.Close()
	home, err := url.Parse(srv.URL + subpath)
	if err != nil {
		t.Fatal(err)
	}

	c := &crawler{t: t, client: srv.Client(), host: home.Host, seen: map[string]string{}, ids: map[string]map[string]bool{}}
	c.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		return http.ErrUseLastResponse // a static host answers, it does not redirect
	}
	c.visit(home.String(), "the start")
	for len(c.queue) > 0 {
		next := c.queue[0]
		c.queue = c.queue[1:]
		c.fetch(next)
	}

	for _, f := range c.frags {
		ids, isPage := c.ids[f.target]
		if isPage && !ids[f.frag] {
			t.Errorf("%s links to %s#%s: no such id there", f.from, f.target, f.frag)
		}
	}
	for _, p := range h.asked {
		if !strings.HasPrefix(p, subpath) {
			t.Errorf("request for %s, outside %s", p, subpath)
		}
	}
	reached := map[string]bool{}
	for u := range c.seen {
		pu, _ := url.Parse(u)
		rel := strings.TrimPrefix(pu.Path, subpath)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		reached[rel] = true
	}
	pages := 0
	for _, p := range o.Hosted.Paths() {
		if strings.HasSuffix(p, ".html") && p != "404.html" {
			pages++
			if !reached[p] {
				t.Errorf("%s is not reached from the home page", p)
			}
		}
	}
	if pages < 10 {
		t.Errorf("only %d pages in the hosted build", pages)
	}
	t.Logf("%d requests under %s, %d pages", len(h.asked), subpath, pages)
}

type fragment struct{ from, target, frag string }

type crawler struct {
	t      *testing.T
	client *http.Client
	host   string
	seen   map[string]string // URL (no fragment) → the page that first linked to it
	queue  []string
	ids    map[string]map[string]bool // page URL → its ids
	frags  []fragment
}

// visit queues the URL u, found in page from, once.
func (c *crawler) visit(u, from string) {
	if _, ok := c.seen[u]; ok {
		return
	}
	c.seen[u] = from
	c.queue = append(c.queue, u)
}

func (c *crawler) fetch(u string) {
	resp, err := c.client.Get(u)
	if err != nil {
		c.t.Errorf("GET %s (linked from %s): %v", u, c.seen[u], err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Errorf("GET %s: %v", u, err)
		return
	}
	if resp.StatusCode != http.StatusOK {
		c.t.Errorf("GET %s (linked from %s): %s", u, c.seen[u], resp.Status)
		return
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch ct {
	case "text/html":
		c.page(u, body)
	case "text/css":
		for _, m := range cssURL.FindAllSubmatch(body, -1) {
			c.ref(u, string(m[1]))
		}
	}
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")\s]+)`)

// page reads a page's ids and follows its URLs.
func (c *crawler) page(u string, body []byte) {
	ids := map[string]bool{}
	c.ids[u] = ids
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			switch a.Key {
			case "id":
				ids[a.Val] = true
			case "name":
				if tok.Data == "a" {
					ids[a.Val] = true
				}
			case "href", "src", "poster",
				// The search box's index and the root its results
				// are resolved against (layouts/_partials/search.html).
				"data-index", "data-root":
				c.ref(u, a.Val)
			case "srcset":
				for _, cand := range strings.Split(a.Val, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						c.ref(u, f[0])
					}
				}
			}
		}
	}
}

// ref resolves a URL found in the document at base as a browser does, and
// follows it when it stays on this server.
func (c *crawler) ref(base, v string) {
	b, _ := url.Parse(base)
	r, err := b.Parse(strings.TrimSpace(v))
	if err != nil {
		c.t.Errorf("%s: bad URL %q: %v", base, v, err)
		return
	}
	if r.Scheme != "http" && r.Scheme != "https" || r.Host != c.host {
		return // another site, an email address
	}
	if !strings.HasPrefix(r.Path, subpath) {
		c.t.Errorf("%s: %q resolves to %s, outside %s", base, v, r.Path, subpath)
		return
	}
	frag := r.Fragment
	r.Fragment, r.RawFragment = "", ""
	if frag != "" {
		c.frags = append(c.frags, fragment{from: base, target: r.String(), frag: frag})
	}
	c.visit(r.String(), base)
}
