package publish_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/feeds"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/offline"
	"github.com/gloss-ssg/gloss/internal/publish"
)

// TestZipDeterministic builds the same sources from two folders written in
// opposite orders with different modification times: the zips, and the
// hosted sites holding them, are the same bytes. OfflineOnly makes the very
// zip Both puts in the hosted site.
func TestZipDeterministic(t *testing.T) {
	fsys := themed(t, miniSite)
	paths := sortedKeys(fsys)
	reversed := slices.Clone(paths)
	slices.Reverse(reversed)
	a, b := t.TempDir(), t.TempDir()
	writeTree(t, fsys, a, paths, time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC))
	writeTree(t, fsys, b, reversed, time.Now())

	oa := mustBuild(t, os.DirFS(a), publish.Options{})
	ob := mustBuild(t, os.DirFS(b), publish.Options{})
	if !bytes.Equal(oa.Zip.Bytes(), ob.Zip.Bytes()) {
		t.Fatalf("two builds of the same sources made different zips (%d and %d bytes)", oa.Zip.Size(), ob.Zip.Size())
	}
	if !equalFiles(oa.Hosted.Files, ob.Hosted.Files) {
		t.Errorf("two builds of the same sources made different hosted sites")
	}
	if got := oa.Hosted.Pieced["mini.zip"]; got == nil || !got.Equal(oa.Zip.Bytes()) {
		t.Errorf("the hosted site's mini.zip is not the zip built")
	}
	oz, err := runZip(os.DirFS(b), publish.Options{})
	if err != nil || oz.Failed() {
		t.Fatalf("OfflineOnly: %v %s", err, diagText(oz))
	}
	if !bytes.Equal(oz.Zip.Bytes(), oa.Zip.Bytes()) || oz.Hosted != nil {
		t.Errorf("OfflineOnly made another zip than Both, or a hosted site")
	}

	// The zip does not depend on map order either.
	first, err := offline.Zip(oa.Offline.Files, "x", time.Unix(1_600_000_000, 0).UTC())
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, _ := offline.Zip(oa.Offline.Files, "x", time.Unix(1_600_000_000, 0).UTC())
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatal("offline.Zip of the same files gave different bytes")
		}
	}
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			return false
		}
	}
	return true
}

// TestZipTimes: every entry carries one time, $SOURCE_DATE_EPOCH when set,
// else the newest date among the pages built, never before 1980.
func TestZipTimes(t *testing.T) {
	fsys := themed(t, miniSite)
	tests := []struct {
		name, epoch string
		want        time.Time
	}{
		// 2020-09-08 is the newest date; the draft's 2024 is not built,
		// and two.md's 2020-03-01T12:30:45+02:00 is older.
		{"newest page date", "", time.Date(2020, 9, 8, 0, 0, 0, 0, time.UTC)},
		{"SOURCE_DATE_EPOCH", "1700000001", time.Unix(1_700_000_001, 0).UTC()},
		{"SOURCE_DATE_EPOCH before 1980", "0", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := mustBuild(t, fsys, publish.Options{ZipTime: epoch(t, tt.epoch)})
			checkTimes(t, o.Zip.Bytes(), tt.want)
		})
	}

	// Past 2038 the 32-bit extended timestamp would wrap (to 1901 or
	// 1970); the MS-DOS fields alone carry the time, up to 2107.
	for _, tt := range []struct{ name, date, epoch string }{
		{"page dated 2200", "2200-05-01", ""},
		{"page dated 2050", "2050-05-01", ""},
		{"SOURCE_DATE_EPOCH in 2200", "", "7258118400"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := "-- content/_index.md --\n---\ntitle: Future\n---\n"
			if tt.date != "" {
				page += "-- content/later.md --\n---\ntitle: Later\ndate: " + tt.date + "\n---\n"
			}
			o := mustBuild(t, themed(t, page), publish.Options{ZipTime: epoch(t, tt.epoch)})
			want := time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
			if tt.date == "2050-05-01" {
				want = time.Date(2050, 5, 1, 0, 0, 0, 0, time.UTC)
			}
			checkTimes(t, o.Zip.Bytes(), want)
			zr, _ := readZip(t, o.Zip.Bytes())
			for _, f := range zr.File {
				if len(f.Extra) != 0 {
					t.Fatalf("%s: extra field %x, want none past 2038", f.Name, f.Extra)
				}
			}
		})
	}
	t.Run("no dates at all", func(t *testing.T) {
		o := mustBuild(t, themed(t, "-- content/_index.md --\n---\ntitle: Undated\n---\n"), publish.Options{})
		checkTimes(t, o.Zip.Bytes(), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC))
	})
	t.Run("drafts count when built", func(t *testing.T) {
		o := mustBuild(t, fsys, publish.Options{Drafts: true})
		checkTimes(t, o.Zip.Bytes(), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	})
}

// checkTimes checks both the extended timestamp (UTC, what unzip and
// archive/zip read) and the MS-DOS fields (what Windows reads).
func checkTimes(t *testing.T, data []byte, want time.Time) {
	t.Helper()
	zr, _ := readZip(t, data)
	for _, f := range zr.File {
		if !f.Modified.Equal(want) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, want)
			return
		}
		dosDate := uint16(want.Day() + int(want.Month())<<5 + (want.Year()-1980)<<9)
		dosTime := uint16(want.Second()/2 + want.Minute()<<5 + want.Hour()<<11)
		if f.ModifiedDate != dosDate || f.ModifiedTime != dosTime {
			t.Errorf("%s: MS-DOS date %#x time %#x, want %#x %#x", f.Name, f.ModifiedDate, f.ModifiedTime, dosDate, dosTime)
			return
		}
	}
}

// TestZipLayout checks the zip's shape: one folder, index.html and
// README.txt at its top, every page and file of the offline variant, sorted
// entries with folders of their own, modes, deflate, and the UTF-8 flag
// exactly on the names that need it.
func TestZipLayout(t *testing.T) {
	o := mustBuild(t, themed(t, miniSite), publish.Options{})
	zr, files := readZip(t, o.Zip.Bytes())

	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries are not sorted:\n%s", strings.Join(names, "\n"))
	}
	if names[0] != "mini/" {
		t.Errorf("first entry %q, want the folder mini/", names[0])
	}
	for _, want := range []string{"mini/index.html", "mini/README.txt"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s in the zip", want)
		}
	}
	for p, data := range o.Offline.Files {
		if got, ok := files["mini/"+p]; !ok || !bytes.Equal(got, data) {
			t.Errorf("mini/%s missing or not the offline build's bytes", p)
		}
	}
	for _, p := range []string{"points/one/index.html", "points/two/index.html", "points/index.html",
		"glossary/données/index.html", "points/map.png", "css/site.css", "css/syntax.css"} {
		if _, ok := files["mini/"+p]; !ok {
			t.Errorf("no mini/%s in the zip", p)
		}
	}
	if _, ok := files["mini/points/later/index.html"]; ok {
		t.Errorf("the draft is in the zip")
	}
	if len(files) != len(o.Offline.Files)+1+countFolders(o.Offline.Files) {
		t.Errorf("%d entries, want %d files, README.txt and %d folders", len(files), len(o.Offline.Files), countFolders(o.Offline.Files))
	}

	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "mini/") || strings.Contains(f.Name, "\\") || strings.Contains(f.Name, "//") {
			t.Errorf("entry %q is not a forward-slash path inside mini/", f.Name)
		}
		if parent := parentDir(f.Name); parent != "" && !have[parent] {
			t.Errorf("%s has no folder entry %s", f.Name, parent)
		}
		isDir := strings.HasSuffix(f.Name, "/")
		mode := f.Mode()
		switch {
		case isDir && (mode != fs.ModeDir|0o755 || f.Method != zip.Store || f.UncompressedSize64 != 0):
			t.Errorf("folder %s: mode %v, method %d, size %d; want drwxr-xr-x, stored, empty", f.Name, mode, f.Method, f.UncompressedSize64)
		case !isDir && mode != 0o644:
			t.Errorf("file %s: mode %v, want -rw-r--r--", f.Name, mode)
		case strings.HasSuffix(f.Name, ".html") && f.Method != zip.Deflate:
			t.Errorf("%s is not deflated", f.Name)
		}
		nonASCII := strings.ContainsFunc(f.Name, func(r rune) bool { return r > 0x7f })
		if utf8Flag := f.Flags&0x800 != 0; utf8Flag != nonASCII {
			t.Errorf("%s: UTF-8 flag %v, want %v", f.Name, utf8Flag, nonASCII)
		}
		if f.Flags&0x8 != 0 {
			t.Errorf("%s has a data descriptor: sizes belong in the header", f.Name)
		}
		if f.CreatorVersion>>8 != 3 {
			t.Errorf("%s: made by %d, want 3 (Unix), so that readers apply the modes", f.Name, f.CreatorVersion>>8)
		}
	}
	if !have["mini/glossary/données/"] {
		t.Errorf("no folder entry for the non-ASCII page")
	}

	readme := string(files["mini/README.txt"])
	for _, want := range []string{"Mini explainer", "Extract all", "open index.html", "folder mini", "without its styles", "\r\n"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.txt lacks %q:\n%s", want, readme)
		}
	}
}

func parentDir(name string) string {
	name = strings.TrimSuffix(name, "/")
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return ""
	}
	return name[:i+1]
}

// countFolders counts the folders the paths need, the top one included.
func countFolders(files map[string][]byte) int {
	dirs := map[string]bool{"": true}
	for p := range files {
		for i := range len(p) {
			if p[i] == '/' {
				dirs[p[:i]] = true
			}
		}
	}
	return len(dirs)
}

// TestOfflineLinksNameFiles: in the offline variant, every internal href
// and src names a file of the zip, never a folder (file:// has no index).
// The full checker is internal/linkcheck's; this is the zip's own check.
func TestOfflineLinksNameFiles(t *testing.T) {
	o := mustBuild(t, themed(t, miniSite), publish.Options{})
	_, files := readZip(t, o.Zip.Bytes())
	checked := 0
	for p, data := range o.Offline.Files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, href := range hrefs(string(data)) {
			if isExternal(href) {
				continue
			}
			bare, _, _ := strings.Cut(href, "#")
			if bare == "" || strings.HasSuffix(bare, "/") || bare == "." || bare == ".." || strings.HasSuffix(bare, "/.") || strings.HasSuffix(bare, "/..") {
				t.Errorf("%s: href %q names a folder", p, href)
				continue
			}
			if _, ok := files["mini/"+resolve(p, href)]; !ok {
				t.Errorf("%s: href %q is not a file of the zip", p, href)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d internal links checked", checked)
	}
}

// TestDownloadLink: every hosted page links to the zip in its footer with
// its size, the home page says how to use it, and the offline variant has
// neither; the notice for a page opened without its files is only in the
// offline variant, and hidden by the stylesheet.
func TestDownloadLink(t *testing.T) {
	o := mustBuild(t, themed(t, miniSite), publish.Options{})
	size := layout.HumanSize(o.Zip.Size())
	pages := 0
	for p, data := range o.Hosted.Files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		doc := string(data)
		href := strings.Repeat("../", strings.Count(p, "/")) + "mini.zip"
		if p == feeds.NotFoundPath { // served at any depth: from the root path
			href = "/mini.zip"
		}
		want := fmt.Sprintf(`<a href="%s" type="application/zip" download>Download for offline use, %s</a>`, href, size)
		if !strings.Contains(doc, want) {
			t.Errorf("hosted %s lacks the footer link %s", p, want)
		}
		if strings.Contains(doc, "offline-hint") {
			t.Errorf("hosted %s has the offline notice", p)
		}
	}
	if pages < 5 {
		t.Fatalf("only %d hosted pages", pages)
	}
	home := string(o.Hosted.Files["index.html"])
	for _, want := range []string{"<h2>Use it offline</h2>", `<a href="mini.zip" type="application/zip" download>Download the zip file</a> (` + size + `)`, "Extract All", "index.html"} {
		if !strings.Contains(home, want) {
			t.Errorf("hosted home page lacks %q", want)
		}
	}
	for p, data := range o.Offline.Files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		doc := string(data)
		if strings.Contains(doc, ".zip") || strings.Contains(doc, "Download for offline use") || strings.Contains(doc, "Use it offline") {
			t.Errorf("offline %s links to the download", p)
		}
		hint := `<div class="offline-hint"><p><strong>This page was opened without its files.</strong> Extract the whole zip, then open index.html.</p></div>`
		if !strings.Contains(doc, hint) {
			t.Errorf("offline %s lacks the notice for a page opened without its files", p)
		}
	}
	if css := string(o.Offline.Files["css/site.css"]); !regexp.MustCompile(`\.offline-hint\s*\{\s*display\s*:\s*none\s*;?\s*\}`).MatchString(css) {
		t.Errorf("site.css does not hide .offline-hint")
	}
	if z := o.Hosted.Pieced["mini.zip"]; z == nil || size != layout.HumanSize(z.Size()) {
		t.Errorf("the size shown is not the size of the zip written")
	}
}

// TestReadOnce: both variants and the zip come from one reading of each
// source file.
func TestReadOnce(t *testing.T) {
	c := &countingFS{FS: themed(t, miniSite), opens: map[string]int{}}
	mustBuild(t, c, publish.Options{})
	if len(c.opens) == 0 {
		t.Fatal("no file was opened")
	}
	for name, n := range c.opens {
		if n != 1 {
			t.Errorf("%s opened %d times", name, n)
		}
	}
}

// countingFS counts the opens of each file. Sites are read on all cores
// (source.Load), so it counts under a lock.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			c.mu.Lock()
			c.opens[name]++
			c.mu.Unlock()
		}
	}
	return f, err
}

// TestFailedBuildMakesNoZip: a site with an error makes neither variant
// nor the zip.
func TestFailedBuildMakesNoZip(t *testing.T) {
	for _, fn := range []func(fs.FS, publish.Options) (*publish.Report, error){runBoth, runZip} {
		o, err := fn(themed(t, miniSite+"-- content/points/three.md --\n---\ntitel: Three\n---\n"), publish.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !o.Failed() || o.Zip != nil || o.Hosted != nil {
			t.Errorf("a failed build gave a zip or a hosted site")
		}
		if want := `content/points/three.md:2:1: error: unknown key "titel" (did you mean "title"?)`; !slices.ContainsFunc(o.Diags, func(d diag.Diagnostic) bool { return d.String() == want }) {
			t.Errorf("diagnostics lack %s:\n%s", want, diagText(o))
		}
	}
}

// TestHumanSize pins the sizes shown on download links.
func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 KB", 1: "1 KB", 1024: "1 KB", 1025: "2 KB", 430_000: "420 KB",
		1 << 20: "1.0 MB", 27_228_321: "26.0 MB", 500 << 20: "500 MB", 3 << 30: "3.0 GB",
	} {
		if got := layout.HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

var _ fs.FS = (*countingFS)(nil)

// TestNoZip: for a check, both variants are built as usual but nothing is
// compressed; the hosted pages still link to the zip's path.
func TestNoZip(t *testing.T) {
	fsys := themed(t, miniSite)
	full := mustBuild(t, fsys, publish.Options{})
	o := mustBuild(t, fsys, publish.Options{NoZip: true})
	if o.Zip.Size() != 0 || o.Hosted == nil {
		t.Fatalf("NoZip: %d bytes of zip, hosted %v", o.Zip.Size(), o.Hosted != nil)
	}
	if z := o.Hosted.Pieced["mini.zip"]; z == nil || z.Size() != 0 {
		t.Errorf("NoZip: the hosted site's mini.zip is missing or not empty")
	}
	if !equalFiles(o.Offline.Files, full.Offline.Files) {
		t.Errorf("NoZip changed the offline variant")
	}
	if !strings.Contains(string(o.Hosted.Files["index.html"]), `<a href="mini.zip" type="application/zip" download>Download for offline use, 0 KB</a>`) {
		t.Errorf("NoZip: no link to the zip on the home page")
	}
}
