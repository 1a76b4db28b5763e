package assets

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestProcess(t *testing.T) {
	css := []byte("/* a comment */\nbody {\n  color : #ff0000 ;\n  margin: 0px 0px 0px 0px;\n}\n")
	js := []byte("// why\nfunction add(first, second) {\n  return first + second;\n}\nwindow.add = add;\n")
	files := []File{{"css/site.css", css}, {"js/app.js", js}}

	plain := Process(files, Options{})
	if len(plain.Files) != 2 || !bytes.Equal(plain.Files[0].Data, css) || len(plain.Names) != 0 {
		t.Errorf("with nothing asked, the files must pass unchanged: %+v", plain)
	}

	out := Process(files, Options{Minify: true, Fingerprint: true})
	if len(out.Errors) != 0 {
		t.Fatalf("errors: %v", out.Errors)
	}
	byPath := map[string][]byte{}
	for _, f := range out.Files {
		byPath[f.Path] = f.Data
	}
	name := regexp.MustCompile(`^css/site\.[0-9a-f]{8}\.css$`)
	if !name.MatchString(out.Names["css/site.css"]) {
		t.Errorf("css name %q", out.Names["css/site.css"])
	}
	for plainPath, hashed := range out.Names {
		if !bytes.Equal(byPath[plainPath], byPath[hashed]) {
			t.Errorf("%s and %s differ", plainPath, hashed)
		}
	}
	if got := byPath["css/site.css"]; len(got) >= len(css) || bytes.Contains(got, []byte("comment")) || !bytes.Contains(got, []byte("red")) && !bytes.Contains(got, []byte("#f00")) {
		t.Errorf("css not minified: %q", got)
	}
	if got := byPath["js/app.js"]; len(got) >= len(js) || bytes.Contains(got, []byte("// why")) || !bytes.Contains(got, []byte("window.add")) {
		t.Errorf("js not minified: %q", got)
	}

	// The name follows the content, and only the content.
	again := Process(files, Options{Minify: true, Fingerprint: true})
	if again.Names["css/site.css"] != out.Names["css/site.css"] {
		t.Error("the same content got two names")
	}
	edited := Process([]File{{"css/site.css", append(bytes.Clone(css), "p{color:blue}"...)}}, Options{Minify: true, Fingerprint: true})
	if edited.Names["css/site.css"] == out.Names["css/site.css"] {
		t.Error("edited content kept its name")
	}
}

// TestProcessBadScript: a script minify cannot parse is reported with its
// place, and written as it was.
func TestProcessBadScript(t *testing.T) {
	bad := []byte("let ok = 1;\nfunction (\n")
	out := Process([]File{{"js/bad.js", bad}}, Options{Minify: true})
	err := out.Errors["js/bad.js"]
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v, want one on line 2", err)
	}
	if len(out.Files) != 1 || !bytes.Equal(out.Files[0].Data, bad) {
		t.Errorf("the file must be written as it was: %q", out.Files)
	}
}

func TestProcessed(t *testing.T) {
	for p, want := range map[string]bool{"css/a.css": true, "js/a.js": true, "img/a.svg": false, "a.html": false, "favicon.ico": false} {
		if Processed(p) != want {
			t.Errorf("Processed(%q) = %v", p, !want)
		}
	}
}

// TestMemo checks that a memo minifies a file once per content, for
// every build given it, and keeps only a path's latest version.
func TestMemo(t *testing.T) {
	var memo Memo
	v1 := File{Path: "css/site.css", Data: []byte("a  {  color : red ; }")}
	v2 := File{Path: "css/site.css", Data: []byte("b  {  color : blue ; }")}
	opts := Options{Minify: true, Memo: &memo}
	first := Process([]File{v1}, opts).Files[0].Data
	again := Process([]File{v1}, opts).Files[0].Data
	if string(first) != "a{color:red}" || &first[0] != &again[0] {
		t.Errorf("minified %q, then %q at another address: want one minification", first, again)
	}
	if got := Process([]File{v2}, opts).Files[0].Data; string(got) != "b{color:blue}" {
		t.Errorf("a new version minified to %q", got)
	}
	if later := Process([]File{v1}, opts).Files[0].Data; &later[0] == &first[0] {
		t.Error("a replaced version was remembered")
	}
	bad := File{Path: "js/bad.js", Data: []byte("let = ;")}
	for range 2 {
		if out := Process([]File{bad}, opts); out.Errors["js/bad.js"] == nil {
			t.Error("a script minify cannot parse gave no error (remembered or not)")
		}
	}
}
