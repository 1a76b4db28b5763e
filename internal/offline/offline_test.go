package offline_test

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/frontmatter"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/offline"
)

// site is a graph.Site with the given settings and one page per date.
func site(settings frontmatter.SiteSettings, homeTitle string, dates ...time.Time) *graph.Site {
	home := &graph.Page{Kind: graph.Home}
	home.Meta.Title = homeTitle
	s := &graph.Site{Settings: settings, Home: home, Pages: []*graph.Page{home}}
	for _, d := range dates {
		p := &graph.Page{Kind: graph.Regular}
		p.Meta.Date.Time = d
		s.Pages = append(s.Pages, p)
	}
	return s
}

// TestZipName: site.zip_name when set, else a slug of the site's title
// (or the home page's), cut at a hyphen, "site" when nothing is left.
func TestZipName(t *testing.T) {
	for _, tc := range []struct {
		settings frontmatter.SiteSettings
		home     string
		want     string
	}{
		{frontmatter.SiteSettings{ZipName: "given", Title: "Ignored"}, "", "given"},
		{frontmatter.SiteSettings{Title: "China's Global Initiative, annotated"}, "", "chinas-global-initiative-annotated"},
		{frontmatter.SiteSettings{}, "Home’s Title", "homes-title"},
		{frontmatter.SiteSettings{Title: "!!!"}, "", "site"},
		{frontmatter.SiteSettings{Title: "A very long title that goes on and on for many more words than fit"}, "", "a-very-long-title-that-goes-on-and-on"},
	} {
		if got := offline.ZipName(site(tc.settings, tc.home)); got != tc.want {
			t.Errorf("ZipName(%+v, home %q) = %q, want %q", tc.settings, tc.home, got, tc.want)
		}
	}
}

// TestPack: the files and README.txt in one folder named after the site,
// every entry at the newest page date (or the time given), the same bytes
// every time.
func TestPack(t *testing.T) {
	newest := time.Date(2021, 6, 7, 8, 9, 10, 0, time.UTC)
	s := site(frontmatter.SiteSettings{Title: "Packed", ZipName: "packed"}, "", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), newest)
	files := map[string][]byte{
		"index.html":         []byte("<!doctype html><title>Packed</title>"),
		"notes/a/index.html": bytes.Repeat([]byte("compressible "), 100),
		"img/x.png":          {0x89, 'P', 'N', 'G'},
	}
	given := maps.Clone(files)
	a, err := offline.Pack(s, given, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	data := a.Bytes()
	if len(given) != 0 {
		t.Errorf("Pack kept %d of the files it was given: it lets them go", len(given))
	}
	for range 3 {
		again, _ := offline.Pack(s, maps.Clone(files), time.Time{})
		if !bytes.Equal(again.Bytes(), data) {
			t.Fatal("Pack of the same files gave different bytes")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Comment != offline.ZipComment {
		t.Errorf("comment %q", zr.Comment)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(newest) {
			t.Errorf("%s: time %v, want the newest page's %v", f.Name, f.Modified, newest)
		}
		if f.Name == "packed/README.txt" {
			rc, _ := f.Open()
			text, _ := io.ReadAll(rc)
			rc.Close()
			if want := offline.Readme("Packed", "packed"); !bytes.Equal(text, want) {
				t.Errorf("README.txt:\n%s\nwant:\n%s", text, want)
			}
		}
	}
	want := "packed/ packed/README.txt packed/img/ packed/img/x.png packed/index.html packed/notes/ packed/notes/a/ packed/notes/a/index.html"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("entries:\n%s\nwant:\n%s", got, want)
	}

	epoch := time.Unix(1_700_000_000, 0).UTC()
	a, err = offline.Pack(s, maps.Clone(files), epoch)
	data = a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	zr, _ = zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if !zr.File[0].Modified.Equal(epoch) {
		t.Errorf("time %v, want the one given, %v", zr.File[0].Modified, epoch)
	}
}

// TestParseEpoch: $SOURCE_DATE_EPOCH is whole seconds since 1970; unset
// is the zero time, which Pack reads as "the newest page date".
func TestParseEpoch(t *testing.T) {
	if got, err := offline.ParseEpoch(""); err != nil || !got.IsZero() {
		t.Errorf(`ParseEpoch("") = %v, %v`, got, err)
	}
	if got, err := offline.ParseEpoch("1700000000"); err != nil || !got.Equal(time.Unix(1_700_000_000, 0)) {
		t.Errorf("ParseEpoch(1700000000) = %v, %v", got, err)
	}
	for _, bad := range []string{"yesterday", "-5", "1.5"} {
		if _, err := offline.ParseEpoch(bad); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
			t.Errorf("ParseEpoch(%q): %v, want an error naming SOURCE_DATE_EPOCH", bad, err)
		}
	}
}
