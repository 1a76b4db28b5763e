package graph

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// Style is how internal URLs are written.
type Style int

const (
	// Pretty links name directories ("../third/"): for web servers, which
	// serve index.html for a directory.
	Pretty Style = iota
	// Files links name files ("../third/index.html"): for file://, which
	// has no directory index.
	Files
)

// Href returns the URL of target as seen from the page from, relative, in
// the given style.
func Href(from *Page, target *Page, style Style) string {
	if style == Files {
		return Rel(from.OutPath, target.OutPath)
	}
	return Rel(from.OutPath, target.URL)
}

// Rel returns the relative URL from the page written at fromOut (an output
// path such as "principles/second/index.html") to the site path to ("" for
// the root, "principles/third/" for a directory, "css/site.css" for a
// file). It never begins with "/", so the site works at any base path.
func Rel(fromOut, to string) string {
	from := strings.Split(path.Dir(fromOut), "/")
	if from[0] == "." {
		from = nil
	}
	dir := strings.HasSuffix(to, "/") || to == ""
	var target []string
	if t := strings.TrimSuffix(to, "/"); t != "" {
		target = strings.Split(t, "/")
	}
	i := 0
	for i < len(from) && i < len(target) && from[i] == target[i] {
		if !dir && i == len(target)-1 {
			break // the last element of a file path is not a directory
		}
		i++
	}
	var b strings.Builder
	for range len(from) - i {
		b.WriteString("../")
	}
	for j, seg := range target[i:] {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	if dir && len(target) > i {
		b.WriteByte('/')
	}
	if b.Len() == 0 {
		return "./"
	}
	return b.String()
}

// Link is a resolved link destination.
type Link struct {
	Href     string
	Page     *Page  // the target page, for internal page links
	Fragment string // without '#'
}

// ResolveLink interprets a destination written in from's body. Relative
// paths are read from the source file's folder, as any Markdown preview
// reads them: "../counterexamples/au.md#what-happened" names a page and a
// heading; "map.png" names a file beside the source. A path starting with
// "/" is read from the site root. Destinations with a scheme, and
// protocol-relative ones, are external and stay as written.
func (s *Site) ResolveLink(from *Page, dest string, style Style) (Link, *diag.Diagnostic) {
	if dest == "" || isExternal(dest) {
		return Link{Href: dest}, nil
	}
	raw, frag, _ := strings.Cut(dest, "#")
	raw, query, hasQuery := strings.Cut(raw, "?")
	suffix := ""
	if hasQuery {
		suffix = "?" + query
	}
	if raw == "" { // a fragment of this page
		return Link{Href: "#" + frag, Page: from, Fragment: frag}, nil
	}
	p, err := url.PathUnescape(raw)
	if err != nil {
		p = raw
	}
	var sitePath string
	if strings.HasPrefix(p, "/") {
		sitePath = path.Clean(p[1:])
	} else {
		base := "."
		if from.File != "" {
			base = path.Dir(strings.TrimPrefix(from.File, "content/"))
		}
		sitePath = path.Join(base, p)
		if sitePath == ".." || strings.HasPrefix(sitePath, "../") {
			return Link{}, &diag.Diagnostic{Msg: "link " + dest + " leads outside content/"}
		}
	}
	if sitePath == "." {
		sitePath = ""
	}
	if strings.HasSuffix(sitePath, ".md") {
		key := strings.TrimSuffix(sitePath, ".md")
		for _, suffix := range []string{"/_index", "/index"} {
			key = strings.TrimSuffix(key, suffix)
		}
		if key == "_index" {
			key = ""
		}
		t := s.ByKey[key]
		if t == nil && s.Unread("content/"+sitePath) {
			return Link{Href: dest}, nil // what it leads to could not be read, which is reported
		}
		if t == nil {
			if s.drafts[key] {
				return Link{}, &diag.Diagnostic{Msg: "link to " + dest + ", a draft left out of this build", Hint: "build with --drafts, or publish it"}
			}
			return Link{}, &diag.Diagnostic{Msg: "link to a missing page: " + dest, Hint: s.suggestFile(sitePath)}
		}
		return Link{Href: Href(from, t, style) + suffix + fragment(frag), Page: t, Fragment: frag}, nil
	}
	// A folder: a section, or a page written as folder/index.md. As on
	// GitHub, the slash after its name is optional ("../cases", ".").
	if t := s.ByKey[strings.TrimSuffix(sitePath, "/")]; t != nil && (strings.HasSuffix(p, "/") || sitePath == "" || isFolder(t)) {
		return Link{Href: Href(from, t, style) + suffix + fragment(frag), Page: t, Fragment: frag}, nil
	}
	if s.Assets["content/"+sitePath] || s.Static[sitePath] {
		return Link{Href: Rel(from.OutPath, sitePath) + suffix + fragment(frag)}, nil
	}
	if s.Unread("content/"+sitePath) || s.Unread("static/"+sitePath) {
		return Link{Href: dest}, nil // in a folder that could not be read, which is reported
	}
	hint := s.suggestFile(sitePath)
	if s.ByKey[sitePath] != nil && hint == "" {
		hint = fmt.Sprintf("did you mean %q?", p+".md")
	}
	return Link{}, &diag.Diagnostic{Msg: "link to a missing file: " + dest, Hint: hint}
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + f
}

// isExternal reports whether dest has a scheme or is protocol-relative.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	i := strings.IndexAny(dest, ":/?#")
	return i > 0 && dest[i] == ':'
}

// suggestFile offers the closest page source for a mistyped link.
func (s *Site) suggestFile(sitePath string) string {
	var files []string
	for _, p := range s.Pages {
		if p.File != "" && path.Dir(strings.TrimPrefix(p.File, "content/")) == path.Dir(sitePath) {
			files = append(files, path.Base(p.File))
		}
	}
	sort.Strings(files)
	if h := diag.DidYouMean(path.Base(sitePath), files); h != "" {
		return h
	}
	return ""
}

// isFolder reports whether page t is written as a folder of content/: a
// section, or a page in its own folder's index.md.
func isFolder(t *Page) bool {
	return t.Kind == Section || strings.HasSuffix(t.File, "/index.md")
}
