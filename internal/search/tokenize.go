package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tokenizer and stemmer below have a twin in static/js/search.js (the
// query side); the two must agree term for term, which
// TestSearchJSUnderNode checks under node and TestSearchInChromium in a
// browser. Change them together.

// MaxTermLen is the longest word indexed, in characters (code points):
// longer runs of letters
// are identifiers, hashes or URLs that nobody types into a search box, and
// each would cost the index a dictionary entry.
const MaxTermLen = 40

// Token is one word of a text: its place (byte offsets) and its term, the
// normalised form the index stores ("" for a stop word).
type Token struct {
	Start, End int
	Term       string
}

// isWordRune reports whether r belongs to a word: a letter, a number or a
// combining mark of any script (JavaScript's [\p{L}\p{N}\p{M}]).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
}

// isIdeograph reports whether r is written without spaces between words
// (Han, Hiragana, Katakana): runs of them are split into pairs.
func isIdeograph(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// Tokenize splits text into words and normalises each (see Term).
//
// A word is a run of letters, numbers and combining marks. Inside a word,
// an apostrophe between two letters is kept ("don't", "China's"), and a dot
// between two single letters joins them, so that "U.S." and "e.g." are the
// words "us" and "eg". A run of Han, Hiragana and Katakana characters is
// its overlapping pairs of characters (see eachBigram); a run of one
// character is that character.
func Tokenize(text string) []Token {
	var toks []Token
	Words(text, func(start, end int, word string) {
		toks = append(toks, Token{Start: start, End: end, Term: Term(word)})
	})
	return toks
}

// Terms returns the terms of text in order, stop words left out.
func Terms(text string, fn func(term string)) {
	Words(text, func(_, _ int, word string) {
		if t := Term(word); t != "" {
			fn(t)
		}
	})
}

// asciiWord marks the ASCII bytes that belong to words.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// Words calls fn with every word of text, its byte offsets and its
// letters (apostrophes kept, joining dots dropped, not yet lower-cased):
// the words Tokenize makes terms of, and a query's words.
func Words(text string, fn func(start, end int, word string)) {
	var b []byte // the word, when it is not text[start:i] as it stands
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
			if isIdeograph(r) {
				i = eachBigram(text, i, fn)
				continue
			}
		}
		start := i
		joined := false
		for i < len(text) {
			c := text[i]
			var r rune
			size := 1
			if c < utf8.RuneSelf {
				if asciiWord[c] {
					if joined {
						b = append(b, c)
					}
					i++
					continue
				}
				r = rune(c)
			} else {
				r, size = utf8.DecodeRuneInString(text[i:])
				if isWordRune(r) && !isIdeograph(r) {
					if joined {
						b = append(b, text[i:i+size]...)
					}
					i += size
					continue
				}
			}
			if (r == '.' || isApostrophe(r)) && joins(text, i, size, r == '.') {
				if !joined {
					b = append(b[:0], text[start:i]...)
					joined = true
				}
				if r != '.' {
					b = append(b, '\'')
				}
				i += size
				continue
			}
			break
		}
		if joined {
			fn(start, i, string(b))
		} else {
			fn(start, i, text[start:i])
		}
	}
}

// eachBigram calls fn with the overlapping pairs of characters of the run
// of ideographs at text[start:] (数据安全: 数据, 据安, 安全), or with its one
// character, and returns where the run ends. Chinese and Japanese put no
// spaces between words, and a pair is the unit that finds a word of two
// or more characters without a dictionary: a query tokenised the same way
// must have every one of its pairs on the page. Single characters would
// match nearly every page of a Chinese text, and cost as much again.
func eachBigram(text string, start int, fn func(start, end int, word string)) int {
	prev, i := start, start
	_, size := utf8.DecodeRuneInString(text[i:])
	i += size
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isIdeograph(r) {
			break
		}
		fn(prev, i+size, text[prev:i+size])
		prev = i
		i += size
	}
	if prev == start {
		fn(start, i, text[start:i])
	}
	return i
}

// joins reports whether the apostrophe or dot at text[i:i+size] joins
// the letters around it into one word: an apostrophe between two letters,
// or a dot between two letters that are each a word of one letter.
func joins(text string, i, size int, dot bool) bool {
	prev, psize := utf8.DecodeLastRuneInString(text[:i])
	if i+size >= len(text) {
		return false
	}
	next, nsize := utf8.DecodeRuneInString(text[i+size:])
	if !unicode.IsLetter(prev) || !unicode.IsLetter(next) || isIdeograph(prev) || isIdeograph(next) {
		return false
	}
	if !dot {
		return true
	}
	// Each letter stands alone: no word character before prev or after next.
	if j := i - psize; j > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:j]); isWordRune(r) {
			return false
		}
	}
	if j := i + size + nsize; j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); isWordRune(r) {
			return false
		}
	}
	return true
}

// Term normalises one word for the index: norm, then stop words left out
// (""), then Stem. Words longer than MaxTermLen are left out too.
func Term(word string) string {
	w := Norm(word)
	if w == "" || len(w) <= maxStopWord && stopWords[w] || len(w) > MaxTermLen && utf8.RuneCountInString(w) > MaxTermLen {
		return ""
	}
	return Stem(w)
}

// Norm lower-cases a word (final sigma as sigma), drops a trailing "'s"
// and removes other apostrophes: "China's" is "china", "don't" "dont".
// A word being typed is matched as a prefix in this form.
func Norm(word string) string {
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= utf8.RuneSelf || !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			w := strings.ToLower(word)
			if strings.Contains(w, "ς") {
				w = strings.ReplaceAll(w, "ς", "σ")
			}
			if strings.Contains(w, "\u2019") {
				w = strings.ReplaceAll(w, "\u2019", "'")
			}
			if strings.IndexByte(w, '\'') >= 0 {
				w = strings.ReplaceAll(strings.TrimSuffix(w, "'s"), "'", "")
			}
			return w
		}
	}
	return word // lower-case ASCII letters and digits already
}

// Stem strips common English inflections from a lower-case word, so that
// "principles" finds "principle" and "reported" finds "reports". It is a
// light stemmer: a few suffix rules, applied in order, each guarded so that
// short words stay whole. What matters is that every form of a word lands
// on the same stem; the stem itself need not be a word ("allege",
// "alleged" and "allegedly" all become "alleg").
//
//  1. Plurals: -ies → -y (policies); -sses → -ss; -xes, -ches, -shes,
//     -zzes → drop -es (boxes, searches); -ss, -us, -is stay (class,
//     status, analysis); otherwise a final -s goes (networks, states).
//  2. -ly goes when at least four letters stay and they do not end in
//     i, l or p (reportedly, nearly; not supply, apply, daily, fully).
//  3. -ied → -y (applied); -eed → -ee (agreed); -ed and -ing go when at
//     least three letters stay and they hold a vowel (reported, building;
//     not shed, string).
//  4. A final -e goes when three letters stay (alleg(e), stat(e)); a final
//     doubled consonant other than l, s or z is undoubled (plann(ed) →
//     plan, add → ad).
//
// Words of three letters or fewer, and words with anything but the letters
// a–z (numbers, other scripts), are returned as they are.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	return string(stemBytes([]byte(w)))
}

// stemBytes is Stem on a word's bytes, in place.
func stemBytes(w []byte) []byte {
	if len(w) <= 3 {
		return w
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return w
		}
	}
	has := func(suffix string) bool { return len(w) >= len(suffix) && string(w[len(w)-len(suffix):]) == suffix }
	// 1. Plurals.
	switch {
	case has("ies") && len(w) > 4:
		w = append(w[:len(w)-3], 'y')
	case has("sses"):
		w = w[:len(w)-2]
	case has("xes") || has("ches") || has("shes") || has("zzes"):
		w = w[:len(w)-2]
	case has("ss") || has("us") || has("is"):
	case has("s"):
		w = w[:len(w)-1]
	}
	// 2. -ly.
	if has("ly") && len(w)-2 >= 4 && !strings.ContainsRune("ilp", rune(w[len(w)-3])) {
		w = w[:len(w)-2]
	}
	// 3. -ied, -eed, -ed, -ing.
	switch {
	case has("ied") && len(w) > 4:
		w = append(w[:len(w)-3], 'y')
	case has("eed") && len(w)-1 >= 4:
		w = w[:len(w)-1] // agreed → agree, as "agree" goes on to step 4
	case has("ed") && len(w)-2 >= 3 && hasVowel(w[:len(w)-2]):
		w = w[:len(w)-2]
	case has("ing") && len(w)-3 >= 3 && hasVowel(w[:len(w)-3]):
		w = w[:len(w)-3]
	}
	// 4. Tidy the end.
	if has("e") && len(w)-1 >= 3 {
		w = w[:len(w)-1]
	}
	if n := len(w); n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

func hasVowel(s []byte) bool { return bytes.ContainsAny(s, "aeiouy") }

// stopWords are left out of the index: words so common that they would
// match nearly every page. "us" is not one of them: on this kind of site
// it is the United States. The list is mirrored in static/js/search.js.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(StopWords) {
		m[w] = true
		maxStopWord = max(maxStopWord, len(w))
	}
	return m
}()

// maxStopWord is the length of the longest stop word: longer words need
// no look-up.
var maxStopWord int

// StopWords is the stop-word list, space-separated.
const StopWords = "a about after all also an and any are as at be because been before being between both but by " +
	"can could did do does doing down during each few for from further had has have having he her here hers him his how " +
	"i if in into is it its itself just me more most my no nor not of off on once only or other our ours out over own " +
	"same she should so some such than that the their theirs them then there these they this those through to too " +
	"under until up very was we were what when where which while who whom why will with would you your yours"
