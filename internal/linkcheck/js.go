package linkcheck

import "bytes"

// jsNeedsServer maps the identifiers that make a script need a server (or
// the network) to why. The scan sees code only: comments, strings,
// template text and regular expressions are skipped, so the text of pages
// in a search index is never taken for code.
var jsNeedsServer = map[string]string{
	"fetch":          "calls fetch(), which needs a server: a page opened from file:// cannot fetch",
	"XMLHttpRequest": "uses XMLHttpRequest, which needs a server: a page opened from file:// cannot load data with it",
	"import":         "uses ES modules (import), which a page opened from file:// cannot load",
	"export":         "uses ES modules (export), which a classic script cannot",
	"importScripts":  "uses importScripts (a worker), which needs a server",
	"serviceWorker":  "uses a service worker, which needs a server",
	"WebAssembly":    "uses WebAssembly, whose modules are fetched from a server",
	"Worker":         "starts a worker, which a page opened from file:// cannot",
	"SharedWorker":   "starts a worker, which a page opened from file:// cannot",
	"EventSource":    "opens an EventSource, which needs a server",
	"WebSocket":      "opens a WebSocket, which needs a server",
	"sendBeacon":     "calls sendBeacon, which needs a server",
}

// regexAfter are the keywords after which a '/' starts a regular
// expression, not a division.
var regexAfter = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true,
	"delete": true, "void": true, "throw": true, "case": true, "do": true, "else": true,
	"yield": true, "await": true,
}

// scanJS reports what in a classic script needs a server. data was found
// at byte offset off of the output file name.
func scanJS(s *scanned, name string, data []byte, off int, what string) {
	if !mayNeedServer(data) {
		return
	}
	var (
		braces   int   // depth of { } in code
		template []int // brace depth at each open ${ of a template literal
		prev     byte  // last significant character of code; 'a' after a word, '0' after a number
		prevWord string
	)
	n := len(data)
	i := 0
	for i < n {
		c := data[i]
		switch {
		case c == '/' && i+1 < n && data[i+1] == '/':
			for i < n && data[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && data[i+1] == '*':
			if end := bytes.Index(data[i+2:], []byte("*/")); end >= 0 {
				i += 2 + end + 2
			} else {
				i = n
			}
			continue
		case c == '"' || c == '\'':
			i = skipQuoted(data, i)
			prev, prevWord = '"', ""
			continue
		case c == '`':
			var inExpr bool
			i, inExpr = skipTemplate(data, i+1)
			if inExpr {
				template = append(template, braces)
			}
			prev, prevWord = '`', ""
			continue
		case c == '{':
			braces++
		case c == '}':
			if k := len(template) - 1; k >= 0 && template[k] == braces {
				// The end of a ${ } expression: back into template text.
				template = template[:k]
				var inExpr bool
				i, inExpr = skipTemplate(data, i+1)
				if inExpr {
					template = append(template, braces)
				}
				prev, prevWord = '`', ""
				continue
			}
			braces--
		case c == '/':
			if prev == 0 || bytes.IndexByte([]byte("(,=:[!&|?{};+-*%<>~^"), prev) >= 0 || prev == 'a' && regexAfter[prevWord] {
				i = skipRegex(data, i)
				prev, prevWord = '/', ""
				continue
			}
		case isJSIdentStart(c):
			j := i + 1
			for j < n && isJSIdent(data[j]) {
				j++
			}
			word := string(data[i:j])
			if reason, ok := jsNeedsServer[word]; ok && flagged(word, prev, prevWord, nextSignificant(data, j)) {
				s.probs = append(s.probs, problem{out: name, off: off + i, needles: []string{word}, anywhere: true,
					what: what, reason: reason, hint: "gloss's offline pages load data as .js files that assign a global, with classic <script> tags"})
			}
			prev, prevWord = 'a', word
			i = j
			continue
		case c >= '0' && c <= '9':
			j := i + 1
			for j < n && (isJSIdent(data[j]) || data[j] == '.') {
				j++
			}
			prev, prevWord = '0', ""
			i = j
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		}
		prev, prevWord = c, ""
		i++
	}
}

// flagged decides whether an identifier found in code is a use of what it
// names: fetch and Worker when called, import and export as keywords (not
// a property such as x.import or {import: 1}), the rest wherever they are.
func flagged(word string, prev byte, prevWord string, next byte) bool {
	switch word {
	case "fetch":
		return next == '('
	case "Worker":
		return next == '(' || prevWord == "new"
	case "import", "export":
		return prev != '.' && next != ':'
	}
	return true
}

func nextSignificant(data []byte, i int) byte {
	for ; i < len(data); i++ {
		switch data[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			continue
		}
		return data[i]
	}
	return 0
}

// mayNeedServer is a quick test: most scripts mention none of the words.
func mayNeedServer(data []byte) bool {
	for _, w := range []string{"fetch", "XMLHttpRequest", "import", "export", "serviceWorker", "WebAssembly",
		"Worker", "EventSource", "WebSocket", "sendBeacon"} {
		if bytes.Contains(data, []byte(w)) {
			return true
		}
	}
	return false
}

func isJSIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isJSIdent(c byte) bool { return isJSIdentStart(c) || c >= '0' && c <= '9' }

// skipQuoted returns the offset after the string starting at data[i].
func skipQuoted(data []byte, i int) int {
	q := data[i]
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case q, '\n':
			return i + 1
		}
	}
	return len(data)
}

// skipTemplate skips template literal text from data[i] and returns the
// offset after its closing backtick, or after a "${" (inExpr true).
func skipTemplate(data []byte, i int) (int, bool) {
	for ; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '`':
			return i + 1, false
		case '$':
			if i+1 < len(data) && data[i+1] == '{' {
				return i + 2, true
			}
		}
	}
	return len(data), false
}

// skipRegex returns the offset after the regular expression literal
// starting at data[i] == '/' (its flags included).
func skipRegex(data []byte, i int) int {
	class := false
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '[':
			class = true
		case ']':
			class = false
		case '\n':
			return i
		case '/':
			if !class {
				i++
				for i < len(data) && isJSIdent(data[i]) {
					i++
				}
				return i
			}
		}
	}
	return len(data)
}
