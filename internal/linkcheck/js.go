package linkcheck

import (
	"bytes"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// jsNeedsServer maps the identifiers that make a script need a server (or
// the network) to why. The scan sees code only: comments, strings,
// template text and regular expressions are tokens of their own to the
// lexer, so the text of pages in a search index is never taken for code.
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
// at byte offset off of the output file name. It reads the script with
// tdewolff/parse's JavaScript lexer; whether a '/' starts a regular
// expression is the one thing a lexer cannot know without a parser, and
// is decided by the token before it.
func scanJS(s *scanned, name string, data []byte, off int, what string) {
	if !mayNeedServer(data) {
		return
	}
	in := parse.NewInputBytes(data[:len(data):len(data)]) // capped: see scanCSS
	l := js.NewLexer(in)
	var (
		prev     js.TokenType // the last token of code; ErrorToken at the start
		prevText string
		// pending is a word that needs the next token of code to be
		// judged (fetch is flagged when called).
		pending  string
		pendAt   int
		pendPrev js.TokenType
		pendWord string
	)
	judge := func(next js.TokenType) {
		if pending != "" && flagged(pending, pendPrev, pendWord, next) {
			s.probs = append(s.probs, problem{out: name, off: off + pendAt, needles: []string{pending}, anywhere: true,
				what: what, reason: jsNeedsServer[pending], hint: "gloss's offline pages load data as .js files that assign a global, with classic <script> tags"})
		}
		pending = ""
	}
	for {
		before := in.Offset()
		tt, text := l.Next()
		switch tt {
		case js.ErrorToken:
			if in.Err() != nil { // the end
				judge(js.ErrorToken)
				return
			}
			if in.Offset() == before { // not a token: step over it
				in.Move(1)
			}
			in.Skip()
			continue
		case js.WhitespaceToken, js.LineTerminatorToken, js.CommentToken, js.CommentLineTerminatorToken:
			continue
		case js.DivToken, js.DivEqToken:
			if regexMayStart(prev, prevText) {
				if rt, _ := l.RegExp(); rt == js.RegExpToken {
					tt = js.RegExpToken
				} else { // unterminated: the rest of the line is skipped
					in.Skip()
				}
			}
		}
		judge(tt)
		if js.IsIdentifierName(tt) {
			if _, ok := jsNeedsServer[string(text)]; ok {
				pending, pendAt, pendPrev, pendWord = string(text), in.Offset()-len(text), prev, prevText
			}
		}
		prev, prevText = tt, ""
		if js.IsIdentifierName(tt) {
			prevText = string(text)
		}
	}
}

// regexMayStart reports whether a '/' after the token prev (the word
// prevText) starts a regular expression: at the start or of a template's
// ${ }, after an operator or a punctuator that ends no operand, or after a
// keyword such as return.
func regexMayStart(prev js.TokenType, prevText string) bool {
	switch {
	case prev == js.ErrorToken, prev == js.TemplateStartToken, prev == js.TemplateMiddleToken:
		return true
	case prev == js.CloseParenToken || prev == js.CloseBracketToken || prev == js.DotToken ||
		prev == js.IncrToken || prev == js.DecrToken:
		return false
	case js.IsPunctuator(prev): // operators included
		return true
	case js.IsIdentifierName(prev):
		return regexAfter[prevText]
	}
	return false
}

// flagged decides whether an identifier found in code is a use of what it
// names: fetch and Worker when called, import and export as keywords (not
// a property such as x.import or {import: 1}), the rest wherever they are.
func flagged(word string, prev js.TokenType, prevWord string, next js.TokenType) bool {
	switch word {
	case "fetch":
		return next == js.OpenParenToken
	case "Worker":
		return next == js.OpenParenToken || prevWord == "new"
	case "import", "export":
		return prev != js.DotToken && prev != js.OptChainToken && next != js.ColonToken
	}
	return true
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
