package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// staticHost serves files under prefix as GitHub Pages and most static
// hosts do: "x/" is x/index.html, and any other address, at any depth,
// gets the site's 404.html with status 404.
type staticHost struct{ subpathHandler }

func (h *staticHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	h.subpathHandler.ServeHTTP(rec, r)
	if rec.Code != http.StatusNotFound {
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(h.files[build.NotFoundPath])
}

// get fetches u and returns its status and body.
func get(t *testing.T, c *http.Client, u string) (int, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp.StatusCode, body
}

// pageURLs returns the URLs of a page's href, src and srcset attributes,
// and its search box's data-index and data-root.
func pageURLs(doc []byte) []string {
	var urls []string
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return urls
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch a.Key {
			case "href", "src", "data-index", "data-root":
				urls = append(urls, a.Val)
			case "srcset":
				for _, cand := range strings.Split(a.Val, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						urls = append(urls, f[0])
					}
				}
			}
		}
	}
}

// checkNotFound asks a static host serving the hosted build under prefix
// for addresses it has no file for, at several depths: each gets 404.html
// with status 404, and every URL of that page, resolved against the
// address asked for as a browser does, is a file the host serves (the
// stylesheets' url()s too).
func checkNotFound(t *testing.T, files map[string][]byte, prefix string) {
	t.Helper()
	if files[build.NotFoundPath] == nil {
		t.Fatal("the hosted build has no 404.html")
	}
	h := &staticHost{subpathHandler{prefix: prefix, files: files}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, missing := range []string{"nosuch", "some/sub/path/no/such/page", "principles/nosuch/", "a/b/c/d/e/f/index.html"} {
		asked := srv.URL + prefix + missing
		status, body := get(t, c, asked)
		if status != http.StatusNotFound || !bytes.Equal(body, files[build.NotFoundPath]) {
			t.Errorf("GET %s: status %d, want 404 with 404.html", asked, status)
			continue
		}
		base, _ := url.Parse(asked)
		loaded := 0
		var todo []string
		for _, v := range pageURLs(body) {
			if !strings.HasPrefix(v, "#") { // this page: the skip link
				todo = append(todo, base.ResolveReference(mustParse(t, v)).String())
			}
		}
		for len(todo) > 0 {
			u := todo[0]
			todo = todo[1:]
			r, _ := url.Parse(u)
			if r.Host != base.Host {
				continue // another site
			}
			r.Fragment = ""
			if !strings.HasPrefix(r.Path, prefix) {
				t.Errorf("from %s: %s is outside the site (%s)", missing, r, prefix)
				continue
			}
			status, data := get(t, c, r.String())
			if status != http.StatusOK {
				t.Errorf("from %s: GET %s: %d", missing, r.Path, status)
				continue
			}
			loaded++
			if strings.HasSuffix(r.Path, ".css") {
				for _, m := range cssURL.FindAllSubmatch(data, -1) {
					todo = append(todo, r.ResolveReference(mustParse(t, string(m[1]))).String())
				}
			}
		}
		if loaded < 10 {
			t.Errorf("from %s: only %d URLs of 404.html loaded", missing, loaded)
		}
	}
}

func mustParse(t *testing.T, v string) *url.URL {
	t.Helper()
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		t.Fatalf("bad URL %q: %v", v, err)
	}
	return u
}

// TestNotFoundFromAnyDepth serves this repository's hosted build at its
// site_url's path as a static host does, asks for missing addresses at
// several depths, and loads every URL of the 404 page it gets, from there.
func TestNotFoundFromAnyDepth(t *testing.T) {
	o := buildRepo(t)
	u, err := url.Parse(o.Hosted.Site.Settings.SiteURL)
	if err != nil || u.Path == "" {
		t.Fatalf("this site's site_url %q has no path", o.Hosted.Site.Settings.SiteURL)
	}
	checkNotFound(t, o.Hosted.Files, u.Path)
}

// TestNotFoundWithoutSiteURL: without a site_url, 404.html's URLs start
// at the host's root, so a site published there gets a working 404 page at
// any depth (the limitation: under a subpath, it needs a site_url).
func TestNotFoundWithoutSiteURL(t *testing.T) {
	fsys := sitetest.RepoSite(t)
	home := fsys["content/_index.md"]
	lines := strings.Split(string(home.Data), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "site_url:") {
			kept = append(kept, l)
		}
	}
	if len(kept) == len(lines) {
		t.Fatal("content/_index.md has no site_url to take out")
	}
	home.Data = []byte(strings.Join(kept, "\n"))
	o, err := publish.Run(context.Background(), fsys, publish.Options{NoZip: true})
	if err != nil || o.Failed() {
		t.Fatalf("build: %v %v", err, o.Diags)
	}
	for _, p := range []string{build.FeedPath, build.SitemapPath} {
		if _, ok := o.Hosted.Files[p]; ok {
			t.Errorf("%s without a site_url", p)
		}
	}
	checkNotFound(t, o.Hosted.Files, "/")
}

// TestSitemapAndFeedOverHTTP serves the hosted build at its site_url's
// path: robots.txt names the sitemap; every page links the feed; every URL
// of the sitemap and of the feed, read from site_url onto the test server,
// is a page the server serves, and the sitemap lists every page.
func TestSitemapAndFeedOverHTTP(t *testing.T) {
	o := buildRepo(t)
	siteURL := o.Hosted.Site.Settings.SiteURL
	u, _ := url.Parse(siteURL)
	h := &subpathHandler{prefix: u.Path, files: o.Hosted.Files}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := srv.Client()
	local := func(abs string) string {
		rest, ok := strings.CutPrefix(abs, siteURL)
		if !ok {
			t.Errorf("%q is not under site_url %s", abs, siteURL)
		}
		return srv.URL + u.Path + rest
	}

	status, robots := get(t, c, srv.URL+u.Path+"robots.txt")
	if status != http.StatusOK || !strings.Contains(string(robots), "\nSitemap: "+siteURL+"sitemap.xml\n") {
		t.Errorf("robots.txt (%d):\n%s", status, robots)
	}

	status, data := get(t, c, srv.URL+u.Path+"sitemap.xml")
	var sitemap struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal(data, &sitemap); err != nil || status != http.StatusOK {
		t.Fatalf("sitemap.xml (%d): %v", status, err)
	}
	pages := 0
	for _, p := range o.Hosted.Paths() {
		if strings.HasSuffix(p, "/index.html") || p == "index.html" {
			pages++
		}
	}
	if len(sitemap.URLs) != pages || pages < 40 {
		t.Errorf("the sitemap lists %d URLs; the build has %d pages", len(sitemap.URLs), pages)
	}
	for _, e := range sitemap.URLs {
		if status, _ := get(t, c, local(e.Loc)); status != http.StatusOK {
			t.Errorf("sitemap URL %s: %d", e.Loc, status)
		}
	}

	// The feed, found as a reader finds it: from the home page's head.
	_, home := get(t, c, srv.URL+u.Path)
	var feedHref string
	z := html.NewTokenizer(bytes.NewReader(home))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		attr := map[string]string{}
		for _, a := range tok.Attr {
			attr[a.Key] = a.Val
		}
		if tok.Data == "link" && attr["rel"] == "alternate" && attr["type"] == "application/atom+xml" {
			feedHref = attr["href"]
		}
	}
	if feedHref == "" {
		t.Fatal("the home page links no Atom feed")
	}
	feedURL := mustParse(t, srv.URL+u.Path).ResolveReference(mustParse(t, feedHref))
	status, data = get(t, c, feedURL.String())
	var feed struct {
		Entries []struct {
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil || status != http.StatusOK {
		t.Fatalf("%s (%d): %v", feedURL, status, err)
	}
	if len(feed.Entries) < 10 {
		t.Errorf("only %d feed entries", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if status, _ := get(t, c, local(e.Link.Href)); status != http.StatusOK {
			t.Errorf("feed entry %s: %d", e.Link.Href, status)
		}
	}
}
