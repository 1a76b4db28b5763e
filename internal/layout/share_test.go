package layout_test

// Tests of executing a page once for both variants (share.go): every
// shared page must be byte for byte what executing its layout gives, in
// both variants, and every layout or page that sharing cannot follow
// must be executed instead.

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/spill"
)

// sharedSite is a base that uses every kind of slot and a variant
// partial, the way the theme does.
const sharedSite = `
-- layouts/_base.html --
<!doctype html>
<link rel="stylesheet" href="{{ .Rel "css/site.css" }}">
{{- template "_partials/variant.html" . }}
<a class="home" href="{{ .Home }}">{{ .Site.Title }}</a>{{ if .Home }} (home){{ end }}
<form data-index="{{ .Rel .Site.SearchIndex }}"></form>
<title>{{ .Title }} {{ .Home }}</title>
<ul>{{ range .Pages }}<li><a href={{ .URL }}>{{ .Title }}</a> {{ .Number }}</li>{{ end }}</ul>
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">{{ .Title }}</a>{{ end }}
{{ range .Relations }}<h2>{{ .Label }}</h2>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}{{ end }}
{{ range .Previews }}<template data-href="{{ .Href }}">{{ .Card }}</template>{{ end }}
<main>{{ block "main" . }}{{ .Content }}{{ end }}</main>
-- layouts/_partials/variant.html --
{{- if .Site.Offline }}<p class="offline">offline</p>{{ end }}
{{- with .Site.Download }}<a href="{{ $.Rel .Path }}">{{ .Size }}</a>{{ end }}
{{- with .Canonical }}<link rel="canonical" href="{{ . }}">{{ end -}}
-- layouts/page.html --
{{ define "main" }}<article>{{ .Content }}</article>{{ end }}
`

// views gives a page's view in the offline variant (links name files)
// and in the hosted one (pretty URLs, fingerprinted assets, a download,
// a canonical URL), fresh at each call.
func views() (offline, hosted func() *layout.Page) {
	page := func(off bool) *layout.Page {
		url := func(key string) string {
			if off {
				return "../" + key + "/index.html"
			}
			return "../" + key + "/"
		}
		p := &layout.Page{Kind: "page", Key: "p/one", Title: "One & only", Root: "../../",
			Date: time.Date(2020, 9, 8, 0, 0, 0, 0, time.UTC),
			Site: &layout.Site{Title: "Site", SearchIndex: "search/index.1a2b.js", Offline: off}}
		p.Home, p.Content = "../../", `<p>Body with <a href="../two/">a link</a>.</p>`
		if off {
			p.Home, p.Content = "../../index.html", `<p>Body with <a href="../two/index.html">a link</a>.</p>`
			p.Site.SearchIndex = "search/index.9f8e.js"
		} else {
			p.Site.Download = layout.NewDownload("site.zip", 2048)
			p.Canonical = "https://example.org/p/one/"
			layout.WithAssets(p, map[string]string{"css/site.css": "css/site.0a1b2c3d.css"})
		}
		for i, key := range []string{"two", "three"} {
			p.Pages = append(p.Pages, &layout.Link{Key: "p/" + key, Title: strings.ToUpper(key), URL: url(key), Number: i + 1})
		}
		p.Prev = &layout.Link{Key: "p/zero", Title: "Zero", URL: url("zero")}
		p.Relations = []layout.Relation{{Name: "see", Label: "See also", Pages: []*layout.Link{{Key: "q/x", Title: "X", URL: url("x")}}}}
		p.Previews = []layout.Preview{{Href: url("two"), Card: "<p>Two</p>"}}
		return p
	}
	return func() *layout.Page { return page(true) }, func() *layout.Page { return page(false) }
}

func TestExecuteSharedFillsBothVariants(t *testing.T) {
	for _, escaped := range []bool{false, true} {
		set := mustLoad(t, sharedSite)
		if escaped { // as the build does, before any page
			set.Escape()
		}
		testSharedPage(t, set)
	}
}

func testSharedPage(t *testing.T, set *layout.Set) {
	offline, hosted := views()
	html, sh, d := set.ExecuteShared("page.html", offline())
	if d != nil {
		t.Fatal(d)
	}
	if sh == nil {
		t.Fatal("the page was not shared")
	}
	want, _ := set.Execute("page.html", offline())
	if !bytes.Equal(html, want) {
		t.Errorf("offline page:\n%s\nwant:\n%s", html, want)
	}
	got, ok := set.FillShared(sh, hosted())
	if !ok {
		t.Fatal("the hosted view did not fill the template")
	}
	want, _ = set.Execute("page.html", hosted())
	if !bytes.Equal(got, want) {
		t.Errorf("hosted page:\n%s\nwant:\n%s", got, want)
	}
	for _, s := range []string{"css/site.0a1b2c3d.css", `href="../two/"`, "site.zip", "canonical", "../../index.html"} {
		if !bytes.Contains(got, []byte(s)) && !bytes.Contains(html, []byte(s)) {
			t.Errorf("neither page has %s: the test does not test it", s)
		}
	}
}

// TestExecuteSharedSpilled: a template written straight to a file, after
// other bytes, holds no memory and fills in as one kept in memory, as
// often as asked; where the file refuses it, it stays in memory and
// still fills in; one that cannot be read back is not filled in, so that
// the caller executes the layout.
func TestExecuteSharedSpilled(t *testing.T) {
	set := mustLoad(t, sharedSite)
	offline, hosted := views()
	wantOff, _ := set.Execute("page.html", offline())
	wantHost, _ := set.Execute("page.html", hosted())
	f, err := spill.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Append([]byte("bytes before the template")); err != nil {
		t.Fatal(err)
	}
	var spilled *layout.Shared
	for name, file := range map[string]layout.SpillFile{"a file": f, "a full disk": refusing{}} {
		html, sh, d := set.ExecuteSharedSpilled("page.html", offline(), file)
		if d != nil || sh == nil {
			t.Fatalf("%s: not shared (%v)", name, d)
		}
		if !bytes.Equal(html, wantOff) {
			t.Errorf("%s: offline page:\n%s\nwant:\n%s", name, html, wantOff)
		}
		if inMemory := sh.Size() != 0; inMemory != (name == "a full disk") {
			t.Errorf("%s: the template holds %d bytes of memory", name, sh.Size())
		}
		for range 2 {
			if got, ok := set.FillShared(sh, hosted()); !ok || !bytes.Equal(got, wantHost) {
				t.Errorf("%s: filled in as (%v):\n%s\nwant:\n%s", name, ok, got, wantHost)
			}
		}
		if name == "a file" {
			spilled = sh
		}
	}
	f.Close()
	if got, ok := set.FillShared(spilled, hosted()); ok {
		t.Errorf("a template that cannot be read back filled in:\n%s", got)
	}
}

// refusing is a SpillFile on a full disk.
type refusing struct{}

func (refusing) Append([]byte) (int64, error)      { return 0, errors.New("no space left on device") }
func (refusing) ReadAt([]byte, int64) (int, error) { return 0, io.EOF }

// TestSharingRefusesLayouts lists layouts that use a slot or a variant
// field in a way a token cannot stand for: each page is executed, and
// comes out as Execute makes it.
func TestSharingRefusesLayouts(t *testing.T) {
	for name, base := range map[string]string{
		"variant field outside a partial": `{{ if .Site.Offline }}off{{ end }}{{ .Content }}`,
		"length of a slot":                `{{ len .Home }}{{ .Content }}`,
		"slot passed to a function":       `{{ printf "%s" .Home }}{{ .Content }}`,
		"slot piped to a function":        `{{ .Home | printf "%s" }}{{ .Content }}`,
		"Rel result to a function":        `{{ printf "%s" (.Rel "x.css") }}{{ .Content }}`,
		"slot compared":                   `{{ if eq .Home "../../" }}top{{ end }}{{ .Content }}`,
		"with on a slot":                  `{{ with .Home }}{{ . }}{{ end }}{{ .Content }}`,
		"slot in a variable":              `{{ $h := .Home }}{{ $h }}{{ .Content }}`,
		"slot passed to a template":       `{{ template "_partials/x.html" .Home }}{{ .Content }}`,
		"slot in a script":                `<script>var home = {{ .Home }};</script>{{ .Content }}`,
		"slot in a URL's query":           `<a href="/?from={{ .Home }}">x</a>{{ .Content }}`,
		"slot in a stylesheet":            `<style>p { color: {{ .Home }} }</style>{{ .Content }}`,
		"body in an attribute":            `<p title="{{ .Content }}"></p>`,
		"variant partial under range":     `{{ range .Pages }}{{ template "_partials/v.html" . }}{{ end }}{{ .Content }}`,
		"variant partial in an attribute": `<p title="{{ template "_partials/v.html" . }}"></p>{{ .Content }}`,
	} {
		t.Run(name, func(t *testing.T) {
			for _, escaped := range []bool{false, true} {
				set := mustLoad(t, "-- layouts/_base.html --\n"+base+"\n-- layouts/_partials/x.html --\n{{ . }}\n"+
					"-- layouts/_partials/v.html --\n{{ if .Site.Offline }}off{{ end }}\n-- layouts/page.html --\n{{ define \"main\" }}{{ end }}\n")
				if escaped { // as the build does, before any page
					set.Escape()
				}
				offline, _ := views()
				html, sh, d := set.ExecuteShared("page.html", offline())
				if sh != nil {
					t.Errorf("the layout was shared (escaped first: %v)", escaped)
				}
				want, wd := set.Execute("page.html", offline())
				if (d == nil) != (wd == nil) || !bytes.Equal(html, want) {
					t.Errorf("got %q, %v; Execute gives %q, %v", html, d, want, wd)
				}
			}
		})
	}
}

// TestSharingRefusesPages lists pages that a shareable layout cannot
// share: their values, or what the layout did with them at run time.
func TestSharingRefusesPages(t *testing.T) {
	for name, tc := range map[string]struct {
		base      string
		apply     func(*layout.Page)
		addresses bool // the output holds pointers, which differ from view to view
	}{
		"site written whole":  {base: `<p>{{ .Site }}</p>{{ .Content }}`},
		"site as JSON":        {base: `<script>var site = {{ .Site }};</script>{{ .Content }}`},
		"page written whole":  {base: `{{ template "_partials/x.html" . }}{{ .Content }}`, addresses: true},
		"links written whole": {base: `<p>{{ .Pages }}</p>{{ .Content }}`, addresses: true},
		"a link as JSON":      {base: `<script>var prev = {{ .Prev }};</script>{{ .Content }}`},
		"a URL an escaper changes": {base: `<a href="{{ .Home }}">home</a>{{ .Content }}`,
			apply: func(p *layout.Page) { p.Home = "../../?a=1&b=2" }},
		"a URL with a scheme": {base: `<a href="{{ .Home }}">home</a>{{ .Content }}`,
			apply: func(p *layout.Page) { p.Home = "javascript:alert(1)" }},
		"site-wide data": {base: `{{ range .Dated }}{{ .Title }}{{ end }}{{ .Content }}`},
	} {
		t.Run(name, func(t *testing.T) {
			set := mustLoad(t, "-- layouts/_base.html --\n"+tc.base+"\n-- layouts/_partials/x.html --\n{{ printf \"%v\" . }}\n"+
				"-- layouts/page.html --\n{{ define \"main\" }}{{ end }}\n")
			offline, _ := views()
			view := func() *layout.Page {
				p := offline()
				if tc.apply != nil {
					tc.apply(p)
				}
				return p
			}
			html, sh, d := set.ExecuteShared("page.html", view())
			if sh != nil {
				t.Error("the page was shared")
			}
			want, wd := set.Execute("page.html", view())
			if (d == nil) != (wd == nil) || !tc.addresses && !bytes.Equal(html, want) {
				t.Errorf("got %q, %v; Execute gives %q, %v", html, d, want, wd)
			}
		})
	}
}

// TestFillSharedRefusesOtherShapes: a view whose links are not the
// template's, or whose values a slot cannot take, is not filled in.
func TestFillSharedRefusesOtherShapes(t *testing.T) {
	set := mustLoad(t, sharedSite)
	offline, hosted := views()
	_, sh, _ := set.ExecuteShared("page.html", offline())
	if sh == nil {
		t.Fatal("the page was not shared")
	}
	for name, change := range map[string]func(*layout.Page){
		"one link more":      func(p *layout.Page) { p.Pages = append(p.Pages, &layout.Link{Key: "p/four", URL: "../four/"}) },
		"another page":       func(p *layout.Page) { p.Pages[0].Key = "p/other" },
		"an empty slot":      func(p *layout.Page) { p.Home = "" },
		"no previous page":   func(p *layout.Page) { p.Prev = nil },
		"a URL with a space": func(p *layout.Page) { p.Pages[1].URL = "../thr ee/" },
		"an asset name with a quote": func(p *layout.Page) {
			layout.WithAssets(p, map[string]string{"css/site.css": `css/site".css`})
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := hosted()
			change(p)
			if html, ok := set.FillShared(sh, p); ok {
				t.Errorf("filled in:\n%s", html)
			}
		})
	}
}

func TestJSONOfViewUnchanged(t *testing.T) {
	set := mustLoad(t, "-- layouts/page.html --\n<script>var s = {{ .Site }};</script>\n")
	html, d := set.Execute("page.html", &layout.Page{Site: &layout.Site{Title: "T"}})
	if d != nil {
		t.Fatal(d)
	}
	if !bytes.Contains(html, []byte(`"Title":"T"`)) {
		t.Errorf("the site is no longer written as its fields: %s", html)
	}
}

// FuzzShared is the differential test of sharing: for any base layout
// that loads, ExecuteShared must give what Execute gives for the offline
// view, and a template it returns must fill, if at all, into what Execute
// gives for the hosted view.
func FuzzShared(f *testing.F) {
	seeds := []string{
		strings.TrimPrefix(sharedSite[:strings.Index(sharedSite, "-- layouts/_partials")], "\n-- layouts/_base.html --\n"),
		`{{ template "_partials/v.html" . }}<a href="{{ .Home }}">{{ .Title }}</a>{{ .Content }}`,
		`{{ range .Pages }}<a href="{{ .URL }}" title="{{ .Title }}">{{ .Number }}</a>{{ end }}`,
		`<script>var u = {{ .Home }};</script>{{ if .Home }}{{ .Content }}{{ end }}`,
		`<a href="/x?u={{ .Home }}">{{ len .Pages }}</a><p style="color: {{ .Title }}">`,
		`{{ with .Prev }}{{ .URL }}{{ end }}{{ .Rel .Site.SearchIndex }}{{ .Rel "css/site.css" }}`,
		`<p title="{{ .Content }}">{{ printf "%v" .Site }}</p>`,
		`{{ $u := .Home }}{{ if eq $u "../../index.html" }}file{{ end }}`,
		`<title>{{ .Home }}</title><a href={{ .Home }}>x</a>{{ if not .Home }}none{{ else }}{{ .Rel .Home }}{{ end }}`,
		`<img srcset="{{ .Home }} 2x"><meta http-equiv="refresh" content="0; url={{ .Home }}">`,
		`{{ range .Relations }}{{ range .Pages }}<a href="{{ .URL }}#top">{{ .URL }}</a>{{ end }}{{ end }}{{ .Prev }}`,
		`<textarea>{{ .Content }}</textarea><!-- {{ .Home }} -->{{ template "_partials/v.html" $ }}`,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	bigNumber := regexp.MustCompile(`[0-9]{4,}`)
	f.Fuzz(func(t *testing.T, base string) {
		if len(base) > 400 || bigNumber.MatchString(base) { // no long loops
			return
		}
		set, diags := layout.Load([]layout.File{
			{Path: "layouts/_base.html", Data: []byte(base)},
			{Path: "layouts/_partials/v.html", Data: []byte(`{{ if .Site.Offline }}off{{ end }}{{ with .Canonical }}<link href="{{ . }}">{{ end }}`)},
			{Path: "layouts/page.html", Data: []byte(`{{ define "main" }}{{ .Content }}{{ end }}`)},
		})
		if diags.HasErrors() {
			return
		}
		offline, hosted := views()
		off := offline()
		html, sh, d := set.ExecuteShared("page.html", off)
		want, wd := set.Execute("page.html", off) // the same view: the same pointers
		if (d == nil) != (wd == nil) || d == nil && !bytes.Equal(html, want) {
			t.Fatalf("offline page:\n%s\n%v\nExecute gives:\n%s\n%v", html, d, want, wd)
		}
		if sh == nil {
			return
		}
		host := hosted()
		got, ok := set.FillShared(sh, host)
		if !ok {
			return
		}
		want, wd = set.Execute("page.html", host)
		if wd != nil || !bytes.Equal(got, want) {
			t.Fatalf("hosted page:\n%s\nExecute gives:\n%s\n%v", got, want, wd)
		}
	})
}
