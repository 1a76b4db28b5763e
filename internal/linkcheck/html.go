package linkcheck

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// loadRels are the <link rel> values whose href the browser loads (or
// connects to) with the page.
var loadRels = map[string]bool{
	"stylesheet": true, "icon": true, "apple-touch-icon": true, "apple-touch-icon-precomposed": true,
	"mask-icon": true, "fluid-icon": true, "manifest": true, "preload": true, "prefetch": true,
	"prerender": true, "preconnect": true, "dns-prefetch": true, "modulepreload": true,
}

// absoluteMeta are the <meta property|name> whose content is a URL that
// the web wants absolute (Open Graph, Twitter cards).
var absoluteMeta = map[string]bool{
	"og:url": true, "og:image": true, "og:image:url": true, "og:image:secure_url": true,
	"og:video": true, "og:video:url": true, "og:video:secure_url": true,
	"og:audio": true, "og:audio:url": true, "og:audio:secure_url": true,
	"twitter:image": true, "twitter:image:src": true, "twitter:url": true,
}

type attr struct {
	key, val string
	off      int // byte offset of the value in the file, or of the tag
}

// scanHTML tokenizes one page: its ids, its URLs and what in it needs a
// server.
func scanHTML(name string, data []byte) *scanned {
	// Ids and URLs are gathered in buffers reused from page to page, then
	// copied to slices of their size: no growing, no map per page.
	b := scanBuffers.Get().(*scanBuffer)
	defer scanBuffers.Put(b)
	s := &scanned{ids: b.ids[:0], refs: b.refs[:0]}
	scanHTMLInto(s, name, data, 0)
	b.ids, b.refs = s.ids, s.refs
	s.sortIDs()
	s.refs = nil
	if len(b.refs) > 0 {
		s.refs = slices.Clone(b.refs)
	}
	clear(b.ids) // let the page's strings go
	clear(b.refs)
	return s
}

type scanBuffer struct {
	ids  []string
	refs []ref
}

var scanBuffers = sync.Pool{New: func() any { return new(scanBuffer) }}

// readers are tagReaders, reused from page to page.
var readers = sync.Pool{New: func() any { return new(tagReader) }}

// scanHTMLInto scans data, found at byte offset base of the page name.
// Markup is read as HTML's tokenizer reads it (htmllex.go); text matters
// only in a <script>, a <style> or a <noscript>.
func scanHTMLInto(s *scanned, name string, data []byte, base int) {
	z := readers.Get().(*tagReader)
	defer readers.Put(z)
	var inScript, inStyle, inNoscript bool
	text := func(from, to int) {
		if from >= to || !inScript && !inStyle && !inNoscript {
			return
		}
		switch t, at := data[from:to], base+from; {
		case inScript:
			scanJS(s, name, t, at, "inline <script>")
		case inStyle:
			scanCSS(s, name, t, at, name, "url() in <style>")
		case inNoscript:
			// Read as markup, as a browser without scripts does.
			scanHTMLInto(s, name, t, at)
		}
	}
	n := len(data)
	// Text runs from t to the next markup; i is where to look for it.
	for i, t := 0, 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			text(t, n)
			return
		}
		p := i + j
		if p+1 >= n {
			text(t, n)
			return
		}
		end := -1
		switch c := data[p+1]; {
		case isLetter(c):
			text(t, p)
			if end = z.readTag(data, p+2, true); end < 0 {
				return
			}
			nameB := data[p+1 : z.nameEnd]
			start := !z.selfClosing(data, end)
			// The tag's name and attributes are taken without copies for
			// all but the few that matter: most tags of a page are <p>,
			// <li> or a highlighted <span class>.
			tagName, known := knownTag(nameB)
			if !known && hasUpper(nameB) {
				tagName, known = knownTag(bytes.ToLower(nameB))
			}
			attrs := z.readAttrs(z.attrs[:0], data, p, end, base)
			z.attrs = attrs
			if known || len(attrs) > 0 {
				if !known {
					tagName = strings.ToLower(string(nameB))
				}
				inScript, inStyle, inNoscript = false, false, false
				if start {
					switch tagName {
					case "style":
						inStyle = true
					case "noscript":
						inNoscript = true
					}
				}
				if tagName == "script" && start {
					inScript = s.scriptTag(name, base+p, attrs)
				}
				s.tag(name, tagName, base+p, attrs)
			}
			if raw := rawTextTag(nameB); raw != "" {
				textEnd := rawTextEnd(data, end, raw)
				text(end, textEnd)
				end = textEnd
			}
		case c == '/':
			if p+2 >= n {
				text(t, p)
				text(p, n)
				return
			}
			text(t, p)
			switch c := data[p+2]; {
			case c == '>': // "</>" is nothing
				end = p + 3
			case isLetter(c):
				end = z.readTag(data, p+3, false)
				inScript, inStyle, inNoscript = false, false, false
			default: // a bogus comment
				end = closeAngle(data, p+2)
			}
		case c == '!':
			text(t, p)
			end = markupEnd(data, p+2)
		case c == '?':
			text(t, p)
			end = closeAngle(data, p+2)
		default: // not markup: text goes on
			i = p + 1
			continue
		}
		if end < 0 {
			return
		}
		i, t = end, end
	}
}

// readAttrs appends the attributes of the start tag data[start:end] that
// are read (readKey, on*) to attrs, as the tokenizer gives them, if
// hasAttrToRead says to read them (when it does not, an attribute without
// a value is not read either). A value's offset is where it first appears
// in the tag as given.
func (z *tagReader) readAttrs(attrs []attr, data []byte, start, end, base int) []attr {
	raw := data[start:end]
	checked := false
	for _, sp := range z.spans {
		k := data[sp.k0:sp.k1]
		for _, c := range k {
			if c == 0 || 'A' <= c && c <= 'Z' {
				k = attrKey(k)
				break
			}
		}
		key, ok := readKey(k)
		if !ok && !(len(k) > 2 && k[0] == 'o' && k[1] == 'n') {
			continue
		}
		if !checked {
			// A name of readKey's (letters, ':', '-') then an '=' is one
			// hasAttrToRead finds: a name starts after a space, a quote or
			// a '/'.
			if !(ok && sp.eq) && !hasAttrToRead(raw) {
				return attrs
			}
			checked = true
		}
		if !ok {
			key = string(k)
		}
		v := data[sp.v0:sp.v1]
		a := attr{key: key, val: z.value(v), off: base + start}
		if len(a.val) != len(v) || a.val != string(v) {
			v = []byte(a.val) // decoded: where it is written so, if anywhere
		}
		if i := bytes.Index(raw, v); len(v) > 0 && i >= 0 {
			a.off = base + start + i
		}
		attrs = append(attrs, a)
	}
	return attrs
}

// value returns attrValue(v), the same string for the same value as far
// as it can: a site's pages repeat their links (a menu, a stylesheet, the
// home page), and a string made once costs nothing more to keep.
func (z *tagReader) value(v []byte) string {
	if len(v) > 64 || bytes.IndexByte(v, 0) >= 0 || bytes.IndexByte(v, '\r') >= 0 || bytes.IndexByte(v, '&') >= 0 {
		return attrValue(v)
	}
	if s, ok := z.seen[string(v)]; ok {
		return s
	}
	if z.seen == nil {
		z.seen = make(map[string]string, 1024)
	} else if len(z.seen) >= 4096 {
		clear(z.seen)
	}
	s := string(v)
	z.seen[s] = s
	return s
}

func hasUpperASCII(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// knownTag returns the name of an element whose URLs or contents are
// checked, when name is one (as written: no change of case). The strings
// returned are constants: a tag costs no allocation.
func knownTag(name []byte) (string, bool) {
	switch string(name) {
	case "a":
		return "a", true
	case "area":
		return "area", true
	case "link":
		return "link", true
	case "script":
		return "script", true
	case "img":
		return "img", true
	case "iframe":
		return "iframe", true
	case "frame":
		return "frame", true
	case "embed":
		return "embed", true
	case "audio":
		return "audio", true
	case "track":
		return "track", true
	case "input":
		return "input", true
	case "source":
		return "source", true
	case "video":
		return "video", true
	case "object":
		return "object", true
	case "image":
		return "image", true
	case "use":
		return "use", true
	case "feimage":
		return "feimage", true
	case "form":
		return "form", true
	case "button":
		return "button", true
	case "body":
		return "body", true
	case "table":
		return "table", true
	case "td":
		return "td", true
	case "th":
		return "th", true
	case "base":
		return "base", true
	case "meta":
		return "meta", true
	case "style":
		return "style", true
	case "noscript":
		return "noscript", true
	}
	return "", false
}

// readKey returns the name of an attribute that is read (besides event
// handlers, on*), when name is one.
func readKey(name []byte) (string, bool) {
	switch string(name) {
	case "id":
		return "id", true
	case "name":
		return "name", true
	case "style":
		return "style", true
	case "href":
		return "href", true
	case "src":
		return "src", true
	case "srcset":
		return "srcset", true
	case "imagesrcset":
		return "imagesrcset", true
	case "poster":
		return "poster", true
	case "action":
		return "action", true
	case "formaction":
		return "formaction", true
	case "data":
		return "data", true
	case "background":
		return "background", true
	case "xlink:href":
		return "xlink:href", true
	case "content":
		return "content", true
	case "http-equiv":
		return "http-equiv", true
	case "property":
		return "property", true
	case "rel":
		return "rel", true
	case "type":
		return "type", true
	}
	return "", false
}

// hasUpper reports whether b has an upper-case letter (unicode.IsUpper),
// without decoding it when it is ASCII, as names almost always are.
func hasUpper(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return true
		}
		if c >= utf8.RuneSelf {
			return bytes.ContainsFunc(b, unicode.IsUpper)
		}
	}
	return false
}

// hasAttrToRead reports whether the tag whose markup is raw may have an
// attribute with a value that is read (attrKeys, on*). Every such
// attribute is written as its name, maybe spaces, then "=", so looking at
// the name before each "=" never misses one; an "=" inside a value only
// costs a closer look. Tags with only a class, most of them, are skipped.
func hasAttrToRead(raw []byte) bool {
	for i := bytes.IndexByte(raw, '='); i >= 0; {
		j := i
		for j > 0 && (raw[j-1] == ' ' || raw[j-1] == '\t' || raw[j-1] == '\n' || raw[j-1] == '\r' || raw[j-1] == '\f') {
			j--
		}
		k := j
	name:
		for k > 0 {
			switch raw[k-1] {
			case ' ', '\t', '\n', '\r', '\f', '"', '\'', '=', '<', '/':
				break name
			}
			k--
		}
		name := raw[k:j]
		if _, ok := readKey(name); ok || len(name) > 2 && (name[0]|0x20) == 'o' && (name[1]|0x20) == 'n' {
			return true
		}
		if hasUpper(name) {
			if _, ok := readKey(bytes.ToLower(name)); ok {
				return true
			}
		}
		next := bytes.IndexByte(raw[i+1:], '=')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

func get(attrs []attr, key string) (attr, bool) {
	for _, a := range attrs {
		if a.key == key {
			return a, true
		}
	}
	return attr{}, false
}

// scriptTag checks a <script> start tag and reports whether its text is a
// classic script to scan.
func (s *scanned) scriptTag(name string, at int, attrs []attr) bool {
	t, _ := get(attrs, "type")
	typ := strings.ToLower(strings.TrimSpace(t.val))
	switch typ {
	case "module":
		s.probs = append(s.probs, problem{out: name, off: at, needles: []string{`type="module"`, "type=module"},
			what: `<script type="module">`, reason: "is an ES module, which a page opened from file:// cannot load",
			hint: "use a classic script: no type attribute, no import or export"})
		return false
	case "importmap":
		s.probs = append(s.probs, problem{out: name, off: at, needles: []string{`type="importmap"`},
			what: `<script type="importmap">`, reason: "is for ES modules, which a page opened from file:// cannot load"})
		return false
	}
	if _, hasSrc := get(attrs, "src"); hasSrc {
		return false
	}
	return typ == "" || strings.Contains(typ, "javascript") || strings.Contains(typ, "ecmascript")
}

// tag collects the ids and URLs of one start tag.
func (s *scanned) tag(name, tag string, at int, attrs []attr) {
	add := func(a attr, u use, what string) {
		s.refs = append(s.refs, ref{what: what, val: a.val, use: u, off: a.off, base: name})
	}
	for _, a := range attrs {
		switch {
		case a.key == "id", a.key == "name" && tag == "a":
			if a.val != "" {
				s.ids = append(s.ids, a.val)
			}
		case a.key == "style":
			scanCSS(s, name, []byte(a.val), a.off, name, "url() in <"+tag+" style>")
		case strings.HasPrefix(a.key, "on") && len(a.key) > 2:
			scanJS(s, name, []byte(a.val), a.off, "<"+tag+" "+a.key+">")
		}
	}
	urlAttr := func(key string, u use) {
		if a, ok := get(attrs, key); ok {
			add(a, u, whatOf(tag, key))
		}
	}
	srcset := func(key string) {
		if a, ok := get(attrs, key); ok {
			for _, u := range srcsetURLs(a.val) {
				add(attr{val: u, off: a.off}, load, whatOf(tag, key))
			}
		}
	}
	switch tag {
	case "a", "area":
		urlAttr("href", navigate)
		urlAttr("xlink:href", navigate)
	case "link":
		a, ok := get(attrs, "href")
		relAttr, _ := get(attrs, "rel")
		rels := strings.ToLower(relAttr.val)
		typeAttr, _ := get(attrs, "type")
		u := navigate
		for rel := range strings.FieldsSeq(rels) {
			switch {
			case rel == "modulepreload":
				s.probs = append(s.probs, problem{out: name, off: at, needles: []string{"modulepreload"},
					what: `<link rel="modulepreload">`, reason: "preloads an ES module, which a page opened from file:// cannot load"})
			case loadRels[rel]:
				u = load
			case rel == "canonical", rel == "sitemap",
				rel == "alternate" && isFeedType(typeAttr.val):
				if u != load {
					u = absolute
				}
			}
		}
		if ok {
			what, known := linkWhat[rels]
			if !known {
				what = `<link rel="` + strings.Join(strings.Fields(rels), " ") + `" href>`
			}
			add(a, u, what)
		}
		srcset("imagesrcset")
	case "script", "img", "iframe", "frame", "embed", "audio", "track", "input":
		urlAttr("src", load)
		switch tag {
		case "img":
			srcset("srcset")
		case "input":
			urlAttr("formaction", navigate)
		}
	case "source":
		urlAttr("src", load)
		srcset("srcset")
	case "video":
		urlAttr("src", load)
		urlAttr("poster", load)
	case "object":
		urlAttr("data", load)
	case "image", "use", "feimage":
		urlAttr("href", load)
		urlAttr("xlink:href", load)
	case "form":
		urlAttr("action", navigate)
	case "button":
		urlAttr("formaction", navigate)
	case "body", "table", "td", "th":
		urlAttr("background", load)
	case "base":
		s.probs = append(s.probs, problem{out: name, off: at, needles: []string{"<base"},
			what: "<base>", reason: "changes how every relative URL of the page resolves; gloss's URLs are already relative to the page"})
	case "meta":
		content, ok := get(attrs, "content")
		if !ok {
			return
		}
		if eq, _ := get(attrs, "http-equiv"); strings.EqualFold(strings.TrimSpace(eq.val), "refresh") {
			if u, ok := refreshURL(content.val); ok {
				add(attr{val: u, off: content.off}, navigate, `<meta http-equiv="refresh">`)
			}
			return
		}
		for _, key := range []string{"property", "name"} {
			if p, ok := get(attrs, key); ok && absoluteMeta[strings.ToLower(strings.TrimSpace(p.val))] {
				add(content, absolute, `<meta `+key+`="`+p.val+`" content>`)
				return
			}
		}
	}
}

// whats name the URL attributes of the known tags in messages
// ("<img src>"), made once: a page has hundreds of URLs.
var whats = map[[2]string]string{}

// linkWhat names a <link href> in messages for the usual rel values.
var linkWhat = map[string]string{}

func init() {
	for _, t := range []string{"a", "area", "link", "script", "img", "iframe", "frame", "embed", "audio", "track",
		"input", "source", "video", "object", "image", "use", "feimage", "form", "button", "body", "table", "td", "th"} {
		for _, k := range []string{"href", "xlink:href", "src", "srcset", "imagesrcset", "poster", "data", "action",
			"formaction", "background"} {
			whats[[2]string{t, k}] = "<" + t + " " + k + ">"
		}
	}
	for rel := range loadRels {
		linkWhat[rel] = `<link rel="` + rel + `" href>`
	}
	for _, rel := range []string{"canonical", "sitemap", "alternate", "license", "author", "next", "prev", "search", "me"} {
		linkWhat[rel] = `<link rel="` + rel + `" href>`
	}
}

// whatOf names the attribute key of a tag in messages.
func whatOf(tag, key string) string {
	if w, ok := whats[[2]string{tag, key}]; ok {
		return w
	}
	return "<" + tag + " " + key + ">"
}

func isFeedType(t string) bool {
	t = strings.ToLower(t)
	return strings.Contains(t, "rss") || strings.Contains(t, "atom") || strings.Contains(t, "feed")
}

// srcsetURLs returns the URLs of a srcset's candidates
// ("a.png 1x, b.png 2x").
func srcsetURLs(v string) []string {
	var out []string
	for {
		v = strings.TrimLeft(v, " \t\n\r\f,")
		if v == "" {
			return out
		}
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if strings.HasSuffix(u, ",") {
			out = append(out, strings.TrimRight(u, ","))
			continue
		}
		out = append(out, u)
		depth, j := 0, 0
		for ; j < len(v); j++ {
			if v[j] == '(' {
				depth++
			} else if v[j] == ')' {
				depth--
			} else if v[j] == ',' && depth <= 0 {
				break
			}
		}
		v = v[j:]
	}
}

// refreshURL returns the URL of a meta refresh's content ("0; url=x").
func refreshURL(c string) (string, bool) {
	_, rest, ok := strings.Cut(c, ";")
	if !ok {
		_, rest, ok = strings.Cut(c, ",")
		if !ok {
			return "", false
		}
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
	}
	rest = strings.Trim(rest, `"'`)
	return rest, rest != ""
}
