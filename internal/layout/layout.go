// Package layout owns the site's html/template layouts: loading them from
// layouts/, choosing one for each page by kind and section, the view data
// they receive (typed structs, with every URL already relative to the page
// being rendered) and the fixed FuncMap, and executing a page once for
// both variants where its layout allows (share.go). Template errors are
// reported at their place in layouts/.
package layout

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// File is one file under layouts/.
type File struct {
	Path string // "layouts/page.html"
	Data []byte
}

// Templates are named by their path under layouts/ ("page.html",
// "_partials/nav.html"): that is the name {{template}} calls them by.
// Diagnostics add the "layouts/" prefix back.

// BaseName is the base layout: when it exists every page executes it, and
// the kind layouts fill its blocks with {{define}}; a kind layout with
// text outside its {{define}}s is a whole page and executes alone.
const BaseName = "_base.html"

// partialDir holds templates every layout can call with {{template}}.
const partialDir = "_partials/"

// Set is the parsed layouts of a site.
type Set struct {
	byName map[string]*template.Template // kind layout path -> executable set
	base   bool
	// whole holds the kind layouts that write a page of their own, outside
	// any {{define}}: they execute alone, without the base (a site's
	// complete page.html over the default theme's _base.html).
	whole map[string]bool
	// root holds the base and the partials, for partials executed on
	// their own (ExecutePartial).
	root *template.Template
	// src holds each template's text by name, to turn the byte offsets of
	// execution errors into character columns.
	src map[string]string
	// share holds each kind layout's copy for executing a page once for
	// two variants (share.go), nonce the start of its tokens.
	share    map[string]*shareLayout
	pristine *template.Template
	nonce    string
}

// Load parses base, partials and kind layouts. Files under layouts/ that
// are not .html (archetypes, for one) are ignored.
func Load(files []File) (*Set, diag.List) {
	var diags diag.List
	root := template.New("").Funcs(Funcs())
	set := &Set{byName: map[string]*template.Template{}, whole: map[string]bool{}, src: map[string]string{}, root: root,
		share: map[string]*shareLayout{}, nonce: newNonce()}
	var kinds []File
	for _, f := range files {
		name := strings.TrimPrefix(f.Path, "layouts/")
		if !strings.HasSuffix(name, ".html") || strings.HasPrefix(name, "_archetypes/") {
			continue
		}
		set.src[name] = string(f.Data)
		if name == BaseName || strings.HasPrefix(name, partialDir) {
			if _, err := root.New(name).Parse(string(f.Data)); err != nil {
				diags = append(diags, templateDiag(err, f.Path, set.src))
			}
			if name == BaseName {
				set.base = true
			}
			continue
		}
		kinds = append(kinds, File{Path: name, Data: f.Data})
	}
	if diags.HasErrors() {
		return set, diags
	}
	// html/template cannot clone a set once executed: the copies that
	// share a layout between variants (share.go) are made from this one.
	set.pristine, _ = root.Clone()
	for _, f := range kinds {
		t, err := root.Clone()
		if err == nil {
			_, err = t.New(f.Path).Parse(string(f.Data))
		}
		if err != nil {
			diags = append(diags, templateDiag(err, "layouts/"+f.Path, set.src))
			continue
		}
		set.byName[f.Path] = t
		set.whole[f.Path] = writesOutsideDefine(t.Lookup(f.Path))
		set.share[f.Path] = &shareLayout{}
	}
	return set, diags
}

// Lookup returns the layout for a page kind ("home", "section", "page") in
// a section: <section>/<kind>.html, then <kind>.html (paths under layouts/).
func (s *Set) Lookup(kind, section string) (string, bool) {
	if section != "" {
		name := section + "/" + kind + ".html"
		if _, ok := s.byName[name]; ok {
			return name, true
		}
	}
	name := kind + ".html"
	_, ok := s.byName[name]
	return name, ok
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Execute renders one page with the named layout.
func (s *Set) Execute(name string, data *Page) ([]byte, *diag.Diagnostic) {
	t := s.byName[name]
	if t == nil {
		d := diag.Errorf("layouts/"+name, 1, 1, "layout does not exist")
		return nil, &d
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, s.entry(name), data); err != nil {
		if placed := (*diag.Placed)(nil); errors.As(err, &placed) {
			d := placed.Diagnostic // in the author's file, which names the page
			return nil, &d
		}
		d := templateDiag(err, "layouts/"+name, s.src)
		d.Repeated = errors.Is(err, diag.ErrReported)
		if data.File != "" {
			d.Msg += " (rendering " + data.File + ")"
		}
		return nil, &d
	}
	return bytes.Clone(buf.Bytes()), nil
}

// writesOutsideDefine reports whether a layout has anything but white
// space outside its {{define}}s (comments are gone once parsed): such a
// layout is a whole page, as in Hugo, and does not go through the base.
func writesOutsideDefine(t *template.Template) bool {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return false
	}
	for _, n := range t.Tree.Root.Nodes {
		text, ok := n.(*parse.TextNode)
		if !ok || strings.TrimSpace(string(text.Text)) != "" {
			return true
		}
	}
	return false
}

// nodePos reads the place html/template's Error gives for a node: the
// name of the file that holds it, its line and a 0-based byte offset.
var nodePos = regexp.MustCompile(`^html/template:([^:]+):(\d+):(\d+): `)

var templatePos = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateDiag places a template error at its file, line and column. Parse
// errors from text/template carry a line but no column; execution errors
// carry the byte offset within the line, counted from 0, which src (the
// templates' text by name) turns into a 1-based character column.
func templateDiag(err error, file string, src map[string]string) diag.Diagnostic {
	var te *template.Error
	msg := err.Error()
	if errors.As(err, &te) && te.Node != nil {
		// The escaper names the template being executed (_base.html),
		// but its node, a {{template}} call, knows the file and line
		// that hold it.
		if m := nodePos.FindStringSubmatch(te.Error()); m != nil {
			line, _ := strconv.Atoi(m[2])
			offset, _ := strconv.Atoi(m[3])
			return diag.Errorf("layouts/"+m[1], line, charColumn(src[m[1]], line, offset), "%s", te.Description)
		}
	}
	if errors.As(err, &te) && te.Name != "" && te.Line > 0 {
		return diag.Errorf("layouts/"+te.Name, te.Line, 1, "%s", strings.TrimPrefix(te.Description, "template: "))
	}
	if m := templatePos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col := 0
		if m[3] != "" {
			offset, _ := strconv.Atoi(m[3])
			col = charColumn(src[m[1]], line, offset)
		}
		text := m[4]
		// "executing "layouts/x.html" at <.Foo>: …" repeats the file name.
		if i := strings.Index(text, "\" at <"); i >= 0 && strings.HasPrefix(text, "executing \"") {
			text = text[i+len("\" at "):]
		}
		return diag.Errorf("layouts/"+m[1], line, col, "%s", text)
	}
	return diag.Errorf(file, 1, 1, "%s", strings.TrimPrefix(strings.TrimPrefix(msg, "html/"), "template: "))
}

// charColumn converts a 0-based byte offset within line of text into a
// 1-based column counting characters.
func charColumn(text string, line, offset int) int {
	for range line - 1 {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return offset + 1
		}
		text = text[i+1:]
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	if offset > len(text) {
		return offset + 1
	}
	return utf8.RuneCountInString(text[:offset]) + 1
}

// Names lists the kind layouts, for diagnostics and tests.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// entry is the template a page of the named kind layout starts at: the
// base, unless the layout writes a whole page of its own.
func (s *Set) entry(name string) string {
	if s.base && !s.whole[name] {
		return BaseName
	}
	return name
}

// Escape has html/template escape every layout now rather than at its
// first page, where the other pages of that layout wait for it under the
// layout's lock. html/template escapes a template only when it is first
// executed, so each is executed once with no data, which stops at its
// first use of dot: escaping is the same for any data, and an escaping
// error is kept and returned by every later execution, as before.
func (s *Set) Escape() {
	for name, t := range s.byName {
		_ = t.ExecuteTemplate(io.Discard, s.entry(name), nil)
	}
	if s.root.Lookup(PreviewPartial) != nil {
		_ = s.root.ExecuteTemplate(io.Discard, PreviewPartial, nil)
	}
}
