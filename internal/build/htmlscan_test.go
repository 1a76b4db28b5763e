package build_test

// A small HTML tokenizer for checking output, written from the WHATWG
// tokenization states that matter for safety (data, tag open, tag name,
// attribute name and value in their three quotings, self-closing, comments,
// bogus comments, raw text and RCDATA elements). It reads markup the way a
// browser does, so that the checks below see the same elements and
// attributes an attacker would target; golang.org/x/net/html is not a
// dependency of gloss, and this is all the tests need.

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"
)

type tokenKind int

const (
	textToken tokenKind = iota
	startTag
	endTag
	commentToken
	doctypeToken
)

type attr struct {
	Key string // lower case
	Val string // character references decoded
	Raw string // as written
}

type token struct {
	Kind   tokenKind
	Name   string // lower-case tag name
	Attrs  []attr
	Data   string // text (decoded) or comment
	Offset int    // byte offset in the document, for messages
}

func (t token) attr(key string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// rawTextElements hold text, not markup, until their end tag.
var rawTextElements = map[string]bool{
	"script": true, "style": true, "xmp": true, "iframe": true, "noembed": true,
	"noframes": true, "noscript": true, "textarea": true, "title": true,
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// tokenize splits an HTML document into tokens. It reports markup that a
// browser would read in a surprising way (a tag cut off by the end of the
// document, an unclosed comment) as an error instead of guessing.
func tokenize(doc string) ([]token, error) {
	var toks []token
	i := 0
	textStart := 0
	flush := func(end int) {
		if end > textStart {
			toks = append(toks, token{Kind: textToken, Data: html.UnescapeString(doc[textStart:end]), Offset: textStart})
		}
	}
	for i < len(doc) {
		if doc[i] != '<' {
			i++
			continue
		}
		start := i
		switch {
		case strings.HasPrefix(doc[i:], "<!--"):
			flush(start)
			j := i + 4
			var body string
			switch {
			case strings.HasPrefix(doc[j:], ">"):
				i = j + 1
			case strings.HasPrefix(doc[j:], "->"):
				i = j + 2
			default:
				k := strings.Index(doc[j:], "-->")
				if k < 0 {
					return nil, fmt.Errorf("offset %d: comment never closed", start)
				}
				body, i = doc[j:j+k], j+k+3
			}
			toks = append(toks, token{Kind: commentToken, Data: body, Offset: start})
		case strings.HasPrefix(doc[i:], "<!"), strings.HasPrefix(doc[i:], "<?"),
			strings.HasPrefix(doc[i:], "</") && i+2 < len(doc) && !isAlpha(doc[i+2]):
			// doctype or bogus comment: up to the next '>'
			flush(start)
			k := strings.IndexByte(doc[i+2:], '>')
			if k < 0 {
				return nil, fmt.Errorf("offset %d: markup declaration never closed", start)
			}
			kind := commentToken
			if strings.HasPrefix(strings.ToLower(doc[i:]), "<!doctype") {
				kind = doctypeToken
			}
			toks = append(toks, token{Kind: kind, Data: doc[i+2 : i+2+k], Offset: start})
			i = i + 2 + k + 1
		case i+1 < len(doc) && isAlpha(doc[i+1]),
			strings.HasPrefix(doc[i:], "</") && i+2 < len(doc) && isAlpha(doc[i+2]):
			flush(start)
			tok, next, err := readTag(doc, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
			if tok.Kind == startTag && rawTextElements[tok.Name] {
				end := findEndTag(doc, i, tok.Name)
				if end < 0 {
					return nil, fmt.Errorf("offset %d: <%s> never closed", start, tok.Name)
				}
				if end > i {
					toks = append(toks, token{Kind: textToken, Data: doc[i:end], Offset: i})
				}
				i = end
			}
		default:
			i++ // a '<' that starts no markup is text
			continue
		}
		textStart = i
	}
	flush(len(doc))
	return toks, nil
}

// findEndTag finds "</name" followed by a space, '/' or '>' at or after i.
func findEndTag(doc string, i int, name string) int {
	lower := strings.ToLower(doc)
	for {
		k := strings.Index(lower[i:], "</"+name)
		if k < 0 {
			return -1
		}
		j := i + k + 2 + len(name)
		if j < len(doc) && (isSpace(doc[j]) || doc[j] == '/' || doc[j] == '>') {
			return i + k
		}
		i = j
	}
}

// readTag reads a start or end tag beginning at doc[i] == '<'.
func readTag(doc string, i int) (token, int, error) {
	start := i
	tok := token{Kind: startTag, Offset: start}
	i++
	if doc[i] == '/' {
		tok.Kind = endTag
		i++
	}
	j := i
	for j < len(doc) && !isSpace(doc[j]) && doc[j] != '/' && doc[j] != '>' {
		j++
	}
	tok.Name = strings.ToLower(doc[i:j])
	i = j
	for {
		// before attribute name
		for i < len(doc) && (isSpace(doc[i]) || doc[i] == '/') {
			i++
		}
		if i >= len(doc) {
			return tok, 0, fmt.Errorf("offset %d: tag <%s never closed", start, tok.Name)
		}
		if doc[i] == '>' {
			return tok, i + 1, nil
		}
		// attribute name; a leading '=' belongs to the name
		j := i + 1
		for j < len(doc) && !isSpace(doc[j]) && doc[j] != '/' && doc[j] != '>' && doc[j] != '=' {
			j++
		}
		a := attr{Key: strings.ToLower(doc[i:j])}
		i = j
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		if i < len(doc) && doc[i] == '=' {
			i++
			for i < len(doc) && isSpace(doc[i]) {
				i++
			}
			if i >= len(doc) {
				return tok, 0, fmt.Errorf("offset %d: tag <%s never closed", start, tok.Name)
			}
			switch q := doc[i]; q {
			case '"', '\'':
				k := strings.IndexByte(doc[i+1:], q)
				if k < 0 {
					return tok, 0, fmt.Errorf("offset %d: attribute %s of <%s> never closed", start, a.Key, tok.Name)
				}
				a.Raw = doc[i+1 : i+1+k]
				i = i + 1 + k + 1
			case '>':
				// a missing value; the tag ends here
			default:
				k := i
				for k < len(doc) && !isSpace(doc[k]) && doc[k] != '>' {
					k++
				}
				a.Raw = doc[i:k]
				i = k
			}
			a.Val = html.UnescapeString(a.Raw)
		}
		if tok.Kind == startTag {
			tok.Attrs = append(tok.Attrs, a)
		}
	}
}

// urlAttrs are the attributes whose value a browser may load or navigate to.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"data": true, "poster": true, "background": true, "cite": true, "ping": true,
	"srcset": true, "longdesc": true, "manifest": true, "codebase": true, "lowsrc": true, "dynsrc": true,
}

// dangerousElements run code or load documents whatever their attributes.
var dangerousElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "base": true, "svg": true, "math": true, "form": true,
}

var schemeRE = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.\-]*):`)

// urlScheme returns the lower-case scheme a browser would see in a URL
// attribute value (already entity-decoded): browsers drop ASCII tabs and
// newlines anywhere and leading and trailing spaces and C0 controls. It
// returns "" for a relative reference.
func urlScheme(v string) string {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' || r == 0x7f {
			continue // stricter than browsers: any control or space anywhere
		}
		b.WriteRune(r)
	}
	u := b.String()
	// A second round of decoding catches double-encoded references that a
	// careless later stage might decode again.
	u = html.UnescapeString(u)
	if m := schemeRE.FindStringSubmatch(u); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

var safeSchemes = map[string]bool{"": true, "http": true, "https": true, "mailto": true, "tel": true}

// unsafeMarkup lists everything executable in an HTML document: script and
// other active elements, event handler attributes, and URL attributes with a
// scheme other than http, https, mailto or tel. Markup it cannot tokenize is
// itself a problem.
func unsafeMarkup(doc string, allowElements ...string) []string {
	toks, err := tokenize(doc)
	if err != nil {
		return []string{err.Error()}
	}
	allowed := map[string]bool{}
	for _, e := range allowElements {
		allowed[e] = true
	}
	var bad []string
	for _, t := range toks {
		if t.Kind != startTag {
			continue
		}
		if dangerousElements[t.Name] && !allowed[t.Name] {
			bad = append(bad, fmt.Sprintf("offset %d: <%s> element", t.Offset, t.Name))
		}
		for _, a := range t.Attrs {
			switch {
			case strings.HasPrefix(a.Key, "on"):
				bad = append(bad, fmt.Sprintf("offset %d: <%s %s=%q> event handler", t.Offset, t.Name, a.Key, a.Raw))
			case a.Key == "style" && strings.Contains(strings.ToLower(a.Val), "url("),
				a.Key == "srcdoc", a.Key == "http-equiv":
				bad = append(bad, fmt.Sprintf("offset %d: <%s %s=%q>", t.Offset, t.Name, a.Key, a.Raw))
			case urlAttrs[a.Key]:
				vals := []string{a.Val}
				if a.Key == "srcset" || a.Key == "ping" {
					vals = strings.FieldsFunc(a.Val, func(r rune) bool { return r == ',' })
				}
				for _, v := range vals {
					if s := urlScheme(strings.TrimSpace(v)); !safeSchemes[s] {
						bad = append(bad, fmt.Sprintf("offset %d: <%s %s=%q> has scheme %s:", t.Offset, t.Name, a.Key, a.Raw, s))
					}
				}
			}
		}
	}
	return bad
}

// links returns every href and src value in doc, decoded.
func links(doc string) ([]string, error) {
	toks, err := tokenize(doc)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range toks {
		if t.Kind != startTag {
			continue
		}
		for _, a := range t.Attrs {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, a.Val)
			}
		}
	}
	return out, nil
}

// ids returns the set of id attribute values in doc.
func ids(doc string) (map[string]bool, error) {
	toks, err := tokenize(doc)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, t := range toks {
		if v, ok := t.attr("id"); ok && t.Kind == startTag {
			out[v] = true
		}
	}
	return out, nil
}

// resolve maps a relative href found in the output file from (a path such
// as "principles/second/index.html") to the output file it names and its
// fragment, following pretty URLs: "x/" is "x/index.html". ok is false for
// a URL with a scheme (external); err is set for a URL that is absolute
// ("/x", "//host") or leads outside the output.
func resolve(from, href string) (target, frag string, ok bool, err error) {
	if schemeRE.MatchString(href) {
		return "", "", false, nil
	}
	if strings.HasPrefix(href, "/") || strings.HasPrefix(href, `\`) {
		return "", "", false, fmt.Errorf("%q is not relative", href)
	}
	raw, frag, _ := strings.Cut(href, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if raw == "" {
		return from, frag, true, nil
	}
	p, perr := url.PathUnescape(raw)
	if perr != nil {
		return "", "", false, fmt.Errorf("%q: %v", href, perr)
	}
	joined := path.Join(path.Dir(from), p)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return "", "", false, fmt.Errorf("%q leads outside the site", href)
	}
	if strings.HasSuffix(p, "/") || p == "." || p == "./" || strings.HasSuffix(p, "/.") || joined == "." {
		joined = path.Join(joined, "index.html")
	}
	return joined, frag, true, nil
}
