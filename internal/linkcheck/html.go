package linkcheck

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
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
	s := &scanned{ids: map[string]struct{}{}}
	scanHTMLInto(s, name, data, 0)
	return s
}

// scanHTMLInto scans data, found at byte offset base of the page name.
func scanHTMLInto(s *scanned, name string, data []byte, base int) {
	z := html.NewTokenizer(bytes.NewReader(data))
	pos := base
	var inScript, inStyle, inNoscript bool
	var attrs []attr
	for {
		tt := z.Next()
		raw := z.Raw()
		at := pos
		pos += len(raw)
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			switch {
			case inScript:
				scanJS(s, name, raw, at, "inline <script>")
			case inStyle:
				scanCSS(s, name, raw, at, name, "url() in <style>")
			case inNoscript:
				// Read as markup, as a browser without scripts does.
				scanHTMLInto(s, name, raw, at)
			}
		case html.EndTagToken:
			inScript, inStyle, inNoscript = false, false, false
		case html.StartTagToken, html.SelfClosingTagToken:
			// The tag's name and attributes are taken without copies for
			// all but the few that matter: most tags of a page are <p>,
			// <li> or a highlighted <span class>.
			nameB := tagNameOf(raw)
			tagName, known := knownTags[string(nameB)]
			if !known && bytes.ContainsFunc(nameB, unicode.IsUpper) {
				tagName, known = knownTags[string(bytes.ToLower(nameB))]
			}
			attrs = attrs[:0]
			if hasAttrToRead(raw) {
				for {
					k, v, more := z.TagAttr()
					if key, ok := attrKeys[string(k)]; ok || len(k) > 2 && k[0] == 'o' && k[1] == 'n' {
						if !ok {
							key = string(k)
						}
						a := attr{key: key, val: string(v), off: at}
						if i := bytes.Index(raw, v); len(v) > 0 && i >= 0 {
							a.off = at + i
						}
						attrs = append(attrs, a)
					}
					if !more {
						break
					}
				}
			}
			if !known {
				if len(attrs) == 0 {
					continue
				}
				tagName = strings.ToLower(string(nameB))
			}
			inScript, inStyle, inNoscript = false, false, false
			if tt == html.StartTagToken {
				switch tagName {
				case "style":
					inStyle = true
				case "noscript":
					inNoscript = true
				}
			}
			if tagName == "script" && tt == html.StartTagToken {
				inScript = s.scriptTag(name, at, attrs)
			}
			s.tag(name, tagName, at, attrs)
		}
	}
}

// knownTags are the elements whose URLs or contents are checked, by name.
var knownTags = map[string]string{}

// attrKeys are the attributes read (besides event handlers, on*).
var attrKeys = map[string]string{}

func init() {
	for _, t := range []string{"a", "area", "link", "script", "img", "iframe", "frame", "embed", "audio", "track",
		"input", "source", "video", "object", "image", "use", "feimage", "form", "button", "body", "table", "td",
		"th", "base", "meta", "style", "noscript"} {
		knownTags[t] = t
	}
	for _, k := range []string{"id", "name", "style", "href", "src", "srcset", "imagesrcset", "poster", "action",
		"formaction", "data", "background", "xlink:href", "content", "http-equiv", "property", "rel", "type"} {
		attrKeys[k] = k
	}
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
		if _, ok := attrKeys[string(name)]; ok || len(name) > 2 && (name[0]|0x20) == 'o' && (name[1]|0x20) == 'n' {
			return true
		}
		if bytes.ContainsFunc(name, unicode.IsUpper) {
			if _, ok := attrKeys[strings.ToLower(string(name))]; ok {
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

// tagNameOf returns the name of the tag whose markup is raw ("<a href=…>").
func tagNameOf(raw []byte) []byte {
	j := 1
	for j < len(raw) {
		switch raw[j] {
		case ' ', '\t', '\n', '\f', '\r', '/', '>':
			return raw[1:j]
		}
		j++
	}
	return raw[1:j]
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
				s.ids[a.val] = struct{}{}
			}
		case a.key == "style":
			scanCSS(s, name, []byte(a.val), a.off, name, "url() in <"+tag+" style>")
		case strings.HasPrefix(a.key, "on") && len(a.key) > 2:
			scanJS(s, name, []byte(a.val), a.off, "<"+tag+" "+a.key+">")
		}
	}
	urlAttr := func(key string, u use) {
		if a, ok := get(attrs, key); ok {
			add(a, u, "<"+tag+" "+key+">")
		}
	}
	srcset := func(key string) {
		if a, ok := get(attrs, key); ok {
			for _, u := range srcsetURLs(a.val) {
				add(attr{val: u, off: a.off}, load, "<"+tag+" "+key+">")
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
		rels := strings.Fields(strings.ToLower(relAttr.val))
		typeAttr, _ := get(attrs, "type")
		u := navigate
		for _, rel := range rels {
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
			add(a, u, `<link rel="`+strings.Join(rels, " ")+`" href>`)
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
