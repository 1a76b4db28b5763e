package layout_test

// Tests of the template stage on its own: layouts come from a txtar
// archive, views are constructed by hand, and no content is read or
// rendered.

import (
	"errors"
	"html/template"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// load parses the layouts of a txtar archive, in path order as
// source.Load gives them, and returns the set and its diagnostics as
// printed.
func load(t *testing.T, archive string) (*layout.Set, []string) {
	t.Helper()
	fsys := sitetest.Parse(archive)
	names := make([]string, 0, len(fsys))
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	var files []layout.File
	for _, name := range names {
		files = append(files, layout.File{Path: name, Data: fsys[name].Data})
	}
	set, diags := layout.Load(files)
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return set, out
}

// mustLoad is load for layouts that must have no diagnostics.
func mustLoad(t *testing.T, archive string) *layout.Set {
	t.Helper()
	set, diags := load(t, archive)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	return set
}

func TestLookup(t *testing.T) {
	set := mustLoad(t, `
-- layouts/home.html --
home
-- layouts/page.html --
page
-- layouts/principles/page.html --
principles page
-- layouts/principles/section.html --
principles section
-- layouts/_partials/nav.html --
nav
-- layouts/_archetypes/page.html --
{{ not parsed: an archetype is not a layout
-- layouts/README.txt --
{{ not parsed either
`)
	tests := []struct {
		kind, section, want string
		ok                  bool
	}{
		{"home", "", "home.html", true},
		{"page", "", "page.html", true},
		{"page", "cases", "page.html", true},
		{"page", "principles", "principles/page.html", true},
		{"section", "principles", "principles/section.html", true},
		{"section", "cases", "section.html", false},
		{"section", "", "section.html", false},
	}
	for _, tt := range tests {
		got, ok := set.Lookup(tt.kind, tt.section)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q, %q) = %q, %v; want %q, %v", tt.kind, tt.section, got, ok, tt.want, tt.ok)
		}
	}
	want := []string{"home.html", "page.html", "principles/page.html", "principles/section.html"}
	if got := set.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q (no base, partial, archetype or non-HTML file)", got, want)
	}
	if slices.Contains(set.Names(), "_partials/nav.html") || !slices.Contains(set.Names(), "principles/page.html") {
		t.Error("a partial is not a kind layout; principles/page.html is")
	}
}

func TestExecute(t *testing.T) {
	page := &layout.Page{Title: "Second", File: "content/principles/second.md", Content: "<p>Body</p>"}
	tests := []struct {
		name, archive, layout, want string
	}{
		{"with a base, the kind layout fills its blocks", `
-- layouts/_base.html --
<title>{{ .Title }}</title>{{ template "_partials/nav.html" . }}<main>{{ block "main" . }}default{{ end }}</main>
-- layouts/_partials/nav.html --
<nav>{{ .Title | upper }}</nav>
-- layouts/page.html --
{{ define "main" }}{{ .Content }}{{ end }}
-- layouts/home.html --
`, "page.html", "<title>Second</title><nav>SECOND</nav>\n<main><p>Body</p></main>"},
		{"a layout that defines nothing gets the base's defaults", `
-- layouts/_base.html --
<main>{{ block "main" . }}default{{ end }}</main>
-- layouts/home.html --
{{/* only a comment */}}
`, "home.html", "<main>default</main>"},
		// As in Hugo: a site's complete page over the default theme's base.
		{"a layout with text outside a define is a whole page, without the base", `
-- layouts/_base.html --
<main>{{ block "main" . }}default{{ end }}</main>
-- layouts/home.html --
<h1>{{ .Title }}</h1>{{ define "main" }}unused{{ end }}
`, "home.html", "<h1>Second</h1>"},
		{"without a base, the kind layout is the page", `
-- layouts/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
`, "page.html", "<h1>Second</h1><p>Body</p>"},
		{"text is escaped, the body is not", `
-- layouts/page.html --
{{ .Summary }}|{{ .Content }}
`, "page.html", "&lt;b&gt; &amp; co|<p>Body</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := mustLoad(t, tt.archive)
			p := *page
			p.Summary = "<b> & co"
			got, d := set.Execute(tt.layout, &p)
			if d != nil {
				t.Fatal(d)
			}
			if strings.TrimSpace(string(got)) != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, archive string
		diags         []string
	}{
		{"an unclosed action in a kind layout", "-- layouts/page.html --\nline one\n{{ if .Title }}\n",
			[]string{`layouts/page.html:3:1: error: unexpected EOF`}},
		{"an unknown function", "-- layouts/page.html --\n\n\n{{ shout .Title }}\n",
			[]string{`layouts/page.html:3:1: error: function "shout" not defined`}},
		{"an error in the base stops there", "-- layouts/_base.html --\n{{ end }}\n-- layouts/page.html --\n{{ if }}\n",
			[]string{`layouts/_base.html:1:1: error: unexpected {{end}}`}},
		{"each broken kind layout is reported", "-- layouts/home.html --\n{{ .Title \n-- layouts/page.html --\nok\n-- layouts/section.html --\n\n{{ range }}\n",
			[]string{`layouts/home.html:2:1: error: unclosed action started at home.html:1`, `layouts/section.html:2:1: error: missing value for range`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := load(t, tt.archive)
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, tt.diags)
			}
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	tests := []struct {
		name, archive, layout, want string
	}{
		{"a missing field, at the column of .Nope counted in characters, not bytes", "-- layouts/page.html --\n<h1>\n«é» {{ .Nope }}\n", "page.html",
			`layouts/page.html:2:8: error: <.Nope>: can't evaluate field Nope in type *layout.Page (rendering content/a.md)`},
		{"an error in a partial is placed in the partial", "-- layouts/_partials/p.html --\n\n{{ index .Params 1 }}\n-- layouts/page.html --\n{{ template \"_partials/p.html\" . }}\n", "page.html",
			`layouts/_partials/p.html:2:4: error: <index .Params 1>: error calling index: value has type int; should be string (rendering content/a.md)`},
		{"a function's error", "-- layouts/page.html --\n{{ dict \"a\" }}\n", "page.html",
			`layouts/page.html:1:4: error: <dict "a">: error calling dict: dict needs key and value pairs (rendering content/a.md)`},
		{"a layout that does not exist", "-- layouts/page.html --\nx\n", "section.html",
			`layouts/section.html:1:1: error: layout does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := mustLoad(t, tt.archive)
			_, d := set.Execute(tt.layout, &layout.Page{File: "content/a.md", Params: map[string]any{}})
			if d == nil {
				t.Fatal("no error")
			}
			if got := d.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFuncs(t *testing.T) {
	date := time.Date(2020, 9, 8, 0, 0, 0, 0, time.UTC)
	data := map[string]any{
		"Date": date, "Zero": time.Time{}, "Params": map[string]any{"actor": "PRC"},
		"List": []string{"a", "b", "c"}, "Empty": "", "Nil": nil, "Text": "Données sensibles",
	}
	tests := []struct{ tmpl, want string }{
		{`{{ date "2 January 2006" .Date }}`, "8 September 2020"},
		{`[{{ date "2 January 2006" .Zero }}]`, "[]"},
		{`{{ isodate .Date }}`, "2020-09-08"},
		{`[{{ isodate .Zero }}]`, "[]"},
		{`{{ year .Date }}`, "2020"},
		{`{{ add 2 3 }} {{ sub 2 3 }}`, "5 -1"},
		{`{{ lower "ÉtÉ" }} {{ upper "été" }}`, "été ÉTÉ"},
		{`{{ join ", " .List }}`, "a, b, c"},
		{`{{ truncate 17 .Text }}`, "Données sensibles"},
		{`{{ truncate 8 .Text }}`, "Données…"},
		{`{{ truncate 9 .Text }}`, "Données…"}, // the space before "…" is trimmed
		{`{{ truncate 0 .Text }}`, "…"},
		{`{{ default "x" .Empty }} {{ default "x" .Nil }} {{ default "x" 0 }} {{ default "x" false }} {{ default "x" "y" }} {{ default "x" 7 }}`, "x x x x y 7"},
		{`{{ plural 0 "source" "sources" }} {{ plural 1 "source" "sources" }} {{ plural 2 "source" "sources" }}`, "sources source sources"},
		{`{{ with dict "k" 1 "v" "two" }}{{ .k }} {{ .v }}{{ end }}`, "1 two"},
		{`{{ param "actor" .Params }}|{{ param "missing" .Params }}|`, "PRC||"},
	}
	for _, tt := range tests {
		tmpl, err := template.New("").Funcs(layout.Funcs()).Parse(tt.tmpl)
		if err != nil {
			t.Errorf("%s: %v", tt.tmpl, err)
			continue
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			t.Errorf("%s: %v", tt.tmpl, err)
			continue
		}
		if b.String() != tt.want {
			t.Errorf("%s = %q, want %q", tt.tmpl, b.String(), tt.want)
		}
	}

	dict := layout.Funcs()["dict"].(func(...any) (map[string]any, error))
	if _, err := dict(1, "x"); err == nil || err.Error() != "dict keys must be strings" {
		t.Errorf("dict with a number for a key: %v", err)
	}
	if _, err := dict("x"); err == nil {
		t.Error("dict with an odd number of arguments: no error")
	}
	for _, name := range []string{"safeHTML", "safeURL", "unsafe"} {
		if _, ok := layout.Funcs()[name]; ok {
			t.Errorf("FuncMap has %s, which would let a layout trust any text as HTML", name)
		}
	}
}

// smallSite answers site-wide questions for a constructed site of two
// principles and three cases, as the build would for one page.
type smallSite struct{}

func (smallSite) Matrix(section, relation string) (*layout.Matrix, error) {
	if section != "principles" || relation != "cases" {
		return nil, errors.New("no relation " + relation + " in section " + section)
	}
	cols := []*layout.Link{{Key: "cases/a", Title: "A"}, {Key: "cases/b", Title: "B"}, {Key: "cases/c", Title: "C"}}
	return &layout.Matrix{
		Section: &layout.Link{Key: "principles", Title: "Principles"}, Target: &layout.Link{Key: "cases", Title: "Cases"},
		Relation: "cases", Label: "Cases", Inverse: "challenges", InverseLabel: "Challenges",
		Columns: cols,
		Rows: []*layout.MatrixRow{
			layout.NewMatrixRow(&layout.Link{Key: "principles/one", Title: "One"}, cols, []int{2, 0}),
			layout.NewMatrixRow(&layout.Link{Key: "principles/two", Title: "Two"}, cols, nil),
		},
	}, nil
}

func (smallSite) Dated() []*layout.Link {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	return []*layout.Link{
		{Title: "First", Date: day("2013-06-06")},
		{Title: "Second", Date: day("2013-12-31")},
		{Title: "Third", Date: day("2020-01-01")},
	}
}

func (smallSite) Gather(keys []string) ([]*layout.Gathered, error) {
	return nil, errors.New("not in this test")
}

func TestSiteWide(t *testing.T) {
	set := mustLoad(t, `
-- layouts/matrix.html --
{{ with .Matrix "principles" "cases" -}}
{{ .Label }} / {{ .InverseLabel }}:{{ range .Columns }} {{ .Title }}{{ end }}
{{ range .Rows }}{{ .Page.Title }} ({{ .Count }}):{{ range .Cells }} {{ if .Marked }}x{{ else }}.{{ end }}{{ end }}
{{ end }}{{ end -}}
-- layouts/timeline.html --
{{ range .Timeline }}{{ .Year }}:{{ range .Pages }} {{ .Title }}{{ end }}
{{ end -}}
-- layouts/broken.html --
{{ with .Matrix "principles" "casse" }}{{ end }}
`)
	tests := []struct{ layout, want string }{
		{"matrix.html", "Cases / Challenges: A B C\nOne (2): x . x\nTwo (0): . . .\n"},
		{"timeline.html", "2013: First Second\n2020: Third\n"},
	}
	for _, tt := range tests {
		p := &layout.Page{}
		layout.WithSiteData(p, smallSite{})
		got, d := set.Execute(tt.layout, p)
		if d != nil {
			t.Fatalf("%s: %s", tt.layout, d)
		}
		if string(got) != tt.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.layout, got, tt.want)
		}
		if !layout.UsedSiteData(p) {
			t.Errorf("%s: the page is not marked as using site-wide data", tt.layout)
		}
	}
	p := &layout.Page{File: "content/x.md"}
	layout.WithSiteData(p, smallSite{})
	_, d := set.Execute("broken.html", p)
	want := `layouts/broken.html:1:9: error: <.Matrix>: error calling Matrix: no relation casse in section principles (rendering content/x.md)`
	if d == nil || d.String() != want {
		t.Errorf("a Matrix error:\ngot  %v\nwant %s", d, want)
	}
}

func TestRel(t *testing.T) {
	assets := map[string]string{"css/site.css": "css/site.3f2a9c1b.css"}
	tests := []struct {
		root, path, want string
		assets           bool
	}{
		{"./", "css/syntax.css", "css/syntax.css", false},
		{"../../", "css/syntax.css", "../../css/syntax.css", false},
		{"../", "css/site.css", "../css/site.css", false},
		{"../", "css/site.css", "../css/site.3f2a9c1b.css", true},
		{"./", "css/site.css", "css/site.3f2a9c1b.css", true},
		{"../", "img/site.css", "../img/site.css", true},
	}
	for _, tt := range tests {
		p := &layout.Page{Root: tt.root}
		if tt.assets {
			layout.WithAssets(p, assets)
		}
		if got := p.Rel(tt.path); got != tt.want {
			t.Errorf("Root %q, assets %v: Rel(%q) = %q, want %q", tt.root, tt.assets, tt.path, got, tt.want)
		}
	}
}

func TestHasRelations(t *testing.T) {
	some := []*layout.Link{{Title: "x"}}
	tests := []struct {
		name string
		page layout.Page
		want bool
	}{
		{"none", layout.Page{}, false},
		{"declared but empty", layout.Page{Relations: []layout.Relation{{Name: "cases"}}, Inverses: []layout.Relation{{Name: "challenges"}}}, false},
		{"a relation lists a page", layout.Page{Relations: []layout.Relation{{Name: "a"}, {Name: "cases", Pages: some}}}, true},
		{"only an inverse lists a page", layout.Page{Relations: []layout.Relation{{Name: "cases"}}, Inverses: []layout.Relation{{Name: "challenges", Pages: some}}}, true},
	}
	for _, tt := range tests {
		if got := tt.page.HasRelations(); got != tt.want {
			t.Errorf("%s: HasRelations() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestHumanSize(t *testing.T) {
	const k, m = 1024, 1024 * 1024
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 KB"},
		{1, "1 KB"},
		{k, "1 KB"},
		{k + 1, "2 KB"},
		{m - 1, "1024 KB"},
		{m, "1.0 MB"},
		{m * 234 / 10, "23.4 MB"},
		{99 * m, "99.0 MB"},
		{100 * m, "100 MB"},
		{1024*m - 1, "1024 MB"},
		{1024 * m, "1.0 GB"},
	}
	for _, tt := range tests {
		if got := layout.HumanSize(tt.n); got != tt.want {
			t.Errorf("HumanSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if d := layout.NewDownload("site.zip", 2*k); d.Path != "site.zip" || d.Bytes != 2*k || d.Size != "2 KB" {
		t.Errorf("NewDownload = %+v", d)
	}
}

func TestExecutePartial(t *testing.T) {
	set := mustLoad(t, `
-- layouts/_partials/preview.html --
<b>{{ .Title }}</b>{{ with .Parent }} in {{ .Title }}{{ end }}
-- layouts/_partials/broken.html --
{{ .Nope }}
-- layouts/page.html --
x
`)
	if !set.HasPartial(layout.PreviewPartial) || set.HasPartial("_partials/none.html") || set.HasPartial("page.html") {
		t.Error("HasPartial: want preview.html only among these")
	}
	got, d := set.ExecutePartial(layout.PreviewPartial, &layout.Card{Title: "A <b>", Parent: &layout.Card{Title: "Cases"}})
	if d != nil {
		t.Fatal(d)
	}
	if want := "<b>A &lt;b&gt;</b> in Cases\n"; string(got) != want {
		t.Errorf("card %q, want %q", got, want)
	}
	if _, d := set.ExecutePartial("_partials/none.html", nil); d == nil || d.String() != "layouts/_partials/none.html:1:1: error: layout does not exist" {
		t.Errorf("a missing partial: %v", d)
	}
	if _, d := set.ExecutePartial("_partials/broken.html", &layout.Card{}); d == nil || !strings.HasPrefix(d.String(), "layouts/_partials/broken.html:1:4: error: <.Nope>: can't evaluate field Nope") {
		t.Errorf("a broken partial: %v", d)
	}
}

// TestJSONLD checks what the JSONLD type's comment promises: a value in a
// JSON-LD script is written as JSON whose strings cannot end the script.
func TestJSONLD(t *testing.T) {
	set := mustLoad(t, "-- layouts/page.html --\n{{ with .JSONLD }}<script type=\"application/ld+json\">{{ . }}</script>{{ end }}\n")
	p := &layout.Page{JSONLD: &layout.JSONLD{Context: "https://schema.org", Type: "Article", Headline: "</script><script>alert(1)</script>", URL: "https://example.org/a/"}}
	got, d := set.Execute("page.html", p)
	if d != nil {
		t.Fatal(d)
	}
	want := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e","url":"https://example.org/a/"}</script>` + "\n"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Escaping every layout ahead of its first page (Set.Escape, which the
// build does while it renders the bodies) changes nothing a page gets:
// the same bytes, and an escaping error still reported by each execution,
// at its place, as when the first page made html/template escape.
func TestEscapeAheadChangesNothing(t *testing.T) {
	const archive = `
-- layouts/_base.html --
<title>{{ .Title }}</title><a href="{{ .Home }}?q={{ .Title }}">{{ block "main" . }}{{ .Content }}{{ end }}</a>
-- layouts/_partials/preview.html --
<p title="{{ .Title }}">{{ .Title }}</p>
-- layouts/page.html --
{{ define "main" }}<script>var t = {{ .Title }};</script>{{ end }}
-- layouts/home.html --
<!doctype html><p>{{ .Title }}</p>
-- layouts/section.html --
{{ define "main" }}<a href="{{ .Home }}{{ end }}
`
	page := &layout.Page{Kind: "page", Title: `Q&A "<x>"`, Home: "../", Content: "<p>body</p>"}
	render := func(ahead bool) []string {
		set, diags := load(t, archive)
		if len(diags) > 0 {
			t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
		}
		if ahead {
			set.Escape()
		}
		var out []string
		for _, name := range []string{"page.html", "home.html", "section.html", "section.html"} {
			html, d := set.Execute(name, page)
			if d != nil {
				out = append(out, name+": "+d.String())
			} else {
				out = append(out, name+": "+string(html))
			}
		}
		card, d := set.ExecutePartial(layout.PreviewPartial, page)
		if d != nil {
			t.Fatalf("preview: %v", d)
		}
		return append(out, "card: "+string(card))
	}
	lazy, ahead := render(false), render(true)
	if !slices.Equal(lazy, ahead) {
		t.Errorf("escaping ahead changed the output:\nfirst page escapes:\n%s\nescaped ahead:\n%s", strings.Join(lazy, "\n"), strings.Join(ahead, "\n"))
	}
	if !strings.Contains(ahead[2], "layouts/section.html") || ahead[2] != ahead[3] {
		t.Errorf("the section layout's escaping error, reported at each execution, was %q and %q", ahead[2], ahead[3])
	}
	if !strings.Contains(ahead[0], `var t = "Q\u0026A \"\u003cx\u003e\"";`) {
		t.Errorf("the page layout did not escape its script for JavaScript: %q", ahead[0])
	}
}
