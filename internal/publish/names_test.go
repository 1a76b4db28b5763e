package publish_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/publish"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// plainLayouts are the smallest layouts that render every kind of page.
const plainLayouts = `
-- layouts/home.html --
<h1>{{ .Title }}</h1>{{ .Content }}
-- layouts/section.html --
<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .URL }}">{{ .Title }}</a>{{ end }}
-- layouts/page.html --
<h1>{{ .Title }}</h1>{{ .Content }}
`

// zipHome is a home page naming its zip "z".
const zipHome = `
-- content/_index.md --
---
title: Home
site:
  zip_name: z
---
`

// slug137 and slug138 make page paths of 150 and 151 characters inside
// the zip: "z/" + slug + "/index.html".
var (
	slug137 = strings.Repeat("a", 137)
	slug138 = strings.Repeat("b", 138)
)

// TestZipNameRejections: output names that cannot be extracted on every
// desktop system are build errors naming their source, and nothing is
// made. Each case lists every error, exactly.
func TestZipNameRejections(t *testing.T) {
	tests := []struct {
		name  string
		site  string
		files map[string]string // more files, for names txtar cannot hold
		want  []string
	}{
		{
			name: "reserved names",
			site: zipHome + `
-- content/nul.md --
---
title: Nul
---
-- content/notes/Com3.md --
---
title: Com3
---
-- static/aux.css --
x
`,
			want: []string{
				`content/notes/Com3.md:1:1: error: output path notes/Com3/index.html: "Com3" is a reserved name on Windows`,
				`content/nul.md:1:1: error: output path nul/index.html: "nul" is a reserved name on Windows`,
				`static/aux.css:1:1: error: output path aux.css: "aux.css" is a reserved name on Windows`,
			},
		},
		{
			name: "trailing dot or space",
			site: zipHome + `
-- content/notes./one.md --
---
title: One
---
`,
			files: map[string]string{"static/img/logo.png ": "x"}, // txtar trims names
			want: []string{
				`content/notes./:1:1: error: output path notes./index.html: "notes." ends in a dot or space, which Windows drops`,
				`content/notes./one.md:1:1: error: output path notes./one/index.html: "notes." ends in a dot or space, which Windows drops`,
				`static/img/logo.png :1:1: error: output path img/logo.png : "logo.png " ends in a dot or space, which Windows drops`,
			},
		},
		{
			name: "case collision",
			site: zipHome + `
-- content/Report.md --
---
title: Report
---
-- content/report.md --
---
title: report
---
`,
			want: []string{
				`content/report.md:1:1: error: Report/index.html and report/index.html differ only in case, and collide on Windows and macOS`,
			},
		},
		{
			name: "a path of 151 characters",
			site: zipHome + `
-- content/` + slug137 + `.md --
---
title: At the limit
---
-- content/` + slug138 + `.md --
---
title: Over the limit
---
`,
			want: []string{
				`content/` + slug138 + `.md:1:1: error: path z/` + slug138 + `/index.html in the offline zip is 151 characters long; the limit is 150 (shorten the file or folder names: Windows cannot open longer paths once the zip is extracted)`,
			},
		},
		{
			name: "characters count, not bytes",
			// 137 two-byte letters: a path of 150 characters (288 bytes).
			site: zipHome + `
-- content/` + strings.Repeat("é", 137) + `.md --
---
title: Accents
---
`,
			want: nil,
		},
		{
			name: "the zip's README.txt and the zip itself",
			site: zipHome + `
-- static/ReadMe.TXT --
mine
-- static/Z.zip --
PK
`,
			want: []string{
				`static/ReadMe.TXT:1:1: error: output path ReadMe.TXT is taken by the offline zip's own README.txt (rename or remove it)`,
				`static/Z.zip:1:1: error: output path Z.zip is taken by the offline zip (rename it, or give the zip another name with site.zip_name)`,
			},
		},
		{
			name: "a reserved zip name",
			site: `
-- content/_index.md --
---
title: Home
site:
  zip_name: con
---
`,
			want: []string{
				`content/_index.md:4:3: error: site.zip_name "con": "con" is a reserved name on Windows (use letters, digits and hyphens, such as "my-explainer")`,
			},
		},
		{
			name: "a zip name with a slash",
			site: `
-- content/_index.md --
---
title: Home
site:
  zip_name: a/b
---
`,
			want: []string{
				`content/_index.md:4:3: error: site.zip_name "a/b": it must be one name, without slashes (use letters, digits and hyphens, such as "my-explainer")`,
			},
		},
		{
			name: "a zip name that starts with a dot",
			site: `
-- content/_index.md --
---
title: Home
site:
  zip_name: .hidden
---
`,
			want: []string{
				`content/_index.md:4:3: error: site.zip_name ".hidden": it must not start with a dot, which hides the zip and its folder (use letters, digits and hyphens, such as "my-explainer")`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.Parse(plainLayouts + tt.site)
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
			}
			for _, fn := range []func() (*publish.Report, error){
				func() (*publish.Report, error) { return runBoth(fsys, publish.Options{}) },
				func() (*publish.Report, error) { return runZip(fsys, publish.Options{}) },
			} {
				o, err := fn()
				if err != nil {
					t.Fatal(err)
				}
				got := errorsOf(o.Diags)
				if !slices.Equal(got, tt.want) {
					t.Fatalf("errors:\ngot:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
				}
				if len(tt.want) > 0 && (!o.Failed() || o.Zip != nil || o.Hosted != nil) {
					t.Errorf("a rejected site made a zip or a hosted site")
				}
				if len(tt.want) == 0 && o.Failed() {
					t.Errorf("a good site failed")
				}
			}
		})
	}
}

// TestDefaultZipName: without site.zip_name the zip is named after the
// site's title.
func TestDefaultZipName(t *testing.T) {
	for title, want := range map[string]string{
		"China's Global Initiative, annotated": "chinas-global-initiative-annotated",
		"Données & sécurité — 2020":            "données-sécurité-2020",
		"!!!":                                  "site",
		"A very long title that goes on and on for many more words than fit": "a-very-long-title-that-goes-on-and-on",
	} {
		o, err := runZip(sitetest.Parse(plainLayouts+"-- content/_index.md --\n---\ntitle: x\nsite:\n  title: \""+title+"\"\n---\n"), publish.Options{})
		if err != nil || o.Failed() {
			t.Fatalf("%s: %v %s", title, err, diagText(o))
		}
		if o.ZipName != want {
			t.Errorf("title %q: zip name %q, want %q", title, o.ZipName, want)
		}
		zr, _ := readZip(t, o.Zip.Bytes())
		if zr.File[0].Name != want+"/" {
			t.Errorf("title %q: first entry %q", title, zr.File[0].Name)
		}
	}
}

// errorsOf lists the error diagnostics as printed; warnings (such as the
// search index's budget) belong to other checks.
func errorsOf(l diag.List) []string {
	var out []string
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d.String())
		}
	}
	return out
}
