// Package searchtest is the reference for the query side of gloss's
// search, for tests only (no command imports it): static/js/search.js runs
// queries in the reader's browser, and this package does the same
// decoding, matching and ranking, step for step, so that tests can state
// how search behaves (a title hit beats a body hit; the word being typed
// matches as a prefix) and a browser test can check that the client
// agrees. It decodes the index from its bytes alone, as the client does.
package searchtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/gloss-ssg/gloss/internal/search"
)

// Ranking weights, per field a term occurs in (search.js has the same).
const (
	WeightTitle   = 10
	WeightHeading = 5
	WeightSummary = 3
	WeightBody    = 1 // plus half of it for each step of body frequency
	// PrefixFactor discounts a term matched only as the prefix of the word
	// being typed.
	PrefixFactor = 0.8
	// MaxResults are shown; MaxPrefixTerms bounds what a prefix expands to.
	MaxResults     = 20
	MaxPrefixTerms = 500
)

// Index is a parsed index file.
type Index struct {
	Sections []string `json:"sections"`
	Rows     []string `json:"pages"`
	TermList string   `json:"terms"`
	PostList string   `json:"postings"`
	terms    []string
	postings []string
}

// Parse reads an index file as Build writes it.
func Parse(file []byte) (*Index, error) {
	start, end := bytes.IndexByte(file, '{'), bytes.LastIndexByte(file, '}')
	if !bytes.HasPrefix(file, []byte("window.glossSearchIndex = ")) || start < 0 || end < start {
		return nil, errors.New("not a gloss search index")
	}
	// Raw tabs separate fields inside strings; JSON wants them escaped.
	data := bytes.ReplaceAll(file[start:end+1], []byte("\t"), []byte(`\t`))
	var ix Index
	if err := json.Unmarshal(data, &ix); err != nil {
		return nil, err
	}
	if ix.TermList != "" {
		terms, err := frontDecoded(ix.TermList)
		if err != nil {
			return nil, err
		}
		ix.terms = terms
		ix.postings = strings.Split(ix.PostList, " ")
	}
	if len(ix.terms) != len(ix.postings) {
		return nil, errors.New("terms and postings differ in number")
	}
	return &ix, nil
}

// frontDecoded reads the front-coded term list (see package search): a
// capital letter, the UTF-16 code units shared with the term before it
// (A none), then the rest of the term. Slicing is in UTF-16 code units,
// as the client's is.
func frontDecoded(list string) ([]string, error) {
	var terms []string
	var prev []uint16
	units := utf16.Encode([]rune(list))
	for i := 0; i < len(units); {
		shared := int(units[i]) - 'A'
		if shared < 0 || shared > 'Z'-'A' || shared > len(prev) {
			return nil, errors.New("the term list is not front-coded")
		}
		j := i + 1
		for j < len(units) && !(units[j] >= 'A' && units[j] <= 'Z') {
			j++
		}
		if j == i+1 {
			return nil, errors.New("a term in the term list is empty")
		}
		prev = append(prev[:shared:shared], units[i+1:j]...)
		terms = append(terms, string(utf16.Decode(prev)))
		i = j
	}
	return terms, nil
}

// Terms returns the index's terms, sorted.
func (ix *Index) Terms() []string { return ix.terms }

// Posting is one page a term occurs in.
type Posting struct {
	Page  int
	Flags int // search.InTitle | search.InHeading | search.InSummary | search.InBody
	Part  int // the part it first occurs in (heading or body hits)
	TF    int // body frequency step, 0–3
}

// Postings decodes the postings of the i-th term.
func (ix *Index) Postings(i int) ([]Posting, error) {
	s := ix.postings[i]
	pos, page := 0, -1
	num := func() (int, error) {
		v, shift := 0, 0
		for {
			if pos >= len(s) {
				return 0, errors.New("truncated posting")
			}
			d := strings.IndexByte(vlqDigits, s[pos])
			if d < 0 {
				return 0, errors.New("bad posting digit")
			}
			pos++
			v |= (d & 31) << shift
			shift += 5
			if d < 32 {
				return v, nil
			}
		}
	}
	var out []Posting
	for pos < len(s) {
		v, err := num()
		if err != nil {
			return nil, err
		}
		p := Posting{Flags: v & 15}
		page += v>>4 + 1
		p.Page = page
		if p.Flags&(search.InHeading|search.InBody) != 0 {
			w, err := num()
			if err != nil {
				return nil, err
			}
			p.Part, p.TF = w>>2, w&3
		}
		out = append(out, p)
	}
	return out, nil
}

// Row is a decoded page row.
type Row struct {
	URL, Title, Section, Summary, Intro string
	Parts                               []RowPart // Parts[0] is the text before the first heading
}

// RowPart is a heading of a row.
type RowPart struct{ ID, Heading, Snippet string }

// Row decodes the i-th page.
func (ix *Index) Row(i int) Row {
	f := strings.Split(ix.Rows[i], "\t")
	for len(f) < 5 {
		f = append(f, "")
	}
	r := Row{URL: f[0], Title: f[1], Summary: f[3], Intro: f[4], Parts: []RowPart{{Snippet: f[4]}}}
	if n, err := strconv.Atoi(f[2]); err == nil && n >= 0 && n < len(ix.Sections) {
		r.Section = ix.Sections[n]
	}
	for k := 5; k+2 < len(f); k += 3 {
		id := f[k]
		if id == "" {
			id = search.Slug(f[k+1])
		}
		r.Parts = append(r.Parts, RowPart{ID: id, Heading: f[k+1], Snippet: f[k+2]})
	}
	return r
}

// Result is one page found.
type Result struct {
	Page     int
	Part     int  // the heading to link to; 0 for the top of the page
	TitleHit bool // some word is in the title: link to the page
	Score    float64
	// Snippet is the text shown under the title: the part's snippet, or
	// for the top of the page the summary or the text before the first
	// heading, whichever shows a matched word (the summary when neither).
	Snippet string
}

// Results are what a query finds.
type Results struct {
	Total   int      // pages matching every word
	Results []Result // the best MaxResults, best first
	Matched []string // the terms that matched, for marking words (sorted)
}

type clause struct {
	ids   []int
	exact map[int]bool
}

// Search runs a query as the browser does: every word must match a term
// of the page (stop words aside); the last word, while it is being typed
// (nothing follows it), also matches the terms it begins. Pages score the
// sum over words of the best matching term's idf × field weights
// (title > headings > summary > body); ties keep reading order.
func (ix *Index) Search(q string) (Results, error) {
	type word struct {
		text string
		end  int
	}
	var words []word
	search.Words(q, func(_, end int, w string) { words = append(words, word{w, end}) })
	typing := len(words) > 0 && words[len(words)-1].end == len(q)
	var clauses []clause
	for k, w := range words {
		t := search.Term(w.text)
		c := clause{exact: map[int]bool{}}
		if t != "" {
			if i := ix.lowerBound(t); i < len(ix.terms) && ix.terms[i] == t {
				c.ids = append(c.ids, i)
				c.exact[i] = true
			}
		}
		if k == len(words)-1 && typing {
			p := search.Norm(w.text)
			if p != "" {
				for j := ix.lowerBound(p); j < len(ix.terms) && len(c.ids) < MaxPrefixTerms; j++ {
					if !strings.HasPrefix(ix.terms[j], p) {
						break
					}
					if !c.exact[j] {
						c.ids = append(c.ids, j)
					}
				}
			}
			if t == "" && len(c.ids) == 0 && p == "" {
				continue
			}
		} else if t == "" {
			continue // a stop word
		}
		clauses = append(clauses, c)
	}
	var res Results
	if len(clauses) == 0 {
		return res, nil
	}
	n := len(ix.Rows)
	score := make([]float64, n)
	count := make([]int, n)
	part := make([]int, n)
	partScore := make([]float64, n)
	titleHit := make([]bool, n)
	best := make([]float64, n)
	bestPart := make([]int, n)
	bestFlags := make([]int, n)
	for i := range part {
		part[i] = -1
	}
	matched := map[string]bool{}
	var live []int
	for c, cl := range clauses {
		var touched []int
		for _, t := range cl.ids {
			list, err := ix.Postings(t)
			if err != nil {
				return res, err
			}
			idf := math.Log(1 + float64(n)/math.Max(1, float64(len(list))))
			factor := 1.0
			if !cl.exact[t] {
				factor = PrefixFactor
			}
			for _, p := range list {
				if c > 0 && count[p.Page] != c {
					continue
				}
				matched[ix.terms[t]] = true
				s := idf * factor * fieldScore(p)
				if best[p.Page] == 0 {
					touched = append(touched, p.Page)
				}
				if s > best[p.Page] {
					best[p.Page], bestFlags[p.Page] = s, p.Flags
					bestPart[p.Page] = -1
					if p.Flags&(search.InHeading|search.InBody) != 0 {
						bestPart[p.Page] = p.Part
					}
				}
			}
		}
		for _, pg := range touched {
			count[pg] = c + 1
			score[pg] += best[pg]
			if bestFlags[pg]&search.InTitle != 0 {
				titleHit[pg] = true
			}
			ps := best[pg]
			if bestFlags[pg]&search.InHeading != 0 {
				ps *= 2
			}
			if bestPart[pg] >= 0 && ps > partScore[pg] {
				partScore[pg], part[pg] = ps, bestPart[pg]
			}
			best[pg] = 0
		}
		live = touched
	}
	var hits []int
	for _, pg := range live {
		if count[pg] == len(clauses) {
			hits = append(hits, pg)
		}
	}
	slices.SortStableFunc(hits, func(a, b int) int {
		if score[a] != score[b] {
			if score[a] > score[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	res.Total = len(hits)
	for t := range matched {
		res.Matched = append(res.Matched, t)
	}
	slices.Sort(res.Matched)
	for _, pg := range hits[:min(len(hits), MaxResults)] {
		r := Result{Page: pg, TitleHit: titleHit[pg], Score: score[pg]}
		row := ix.Row(pg)
		shows := func(texts ...string) bool {
			for _, text := range texts {
				if len(Marks(text, res.Matched)) > 0 {
					return true
				}
			}
			return false
		}
		// The part the postings point to, unless none of its words shows
		// in the index's short snippet and another part's do: link to
		// where the reader will see the word.
		if !r.TitleHit {
			r.Part = max(part[pg], 0)
			showsPart := func(k int) bool {
				if k == 0 {
					return shows(row.Summary, row.Intro)
				}
				return shows(row.Parts[k].Heading, row.Parts[k].Snippet)
			}
			if !showsPart(r.Part) {
				for k := range row.Parts {
					if showsPart(k) {
						r.Part = k
						break
					}
				}
			}
		}
		switch {
		case r.Part > 0:
			r.Snippet = row.Parts[r.Part].Snippet
		case !shows(row.Summary) && shows(row.Intro) || row.Summary == "":
			r.Snippet = row.Intro
		default:
			r.Snippet = row.Summary
		}
		res.Results = append(res.Results, r)
	}
	return res, nil
}

func fieldScore(p Posting) float64 {
	s := 0.0
	if p.Flags&search.InTitle != 0 {
		s += WeightTitle
	}
	if p.Flags&search.InHeading != 0 {
		s += WeightHeading
	}
	if p.Flags&search.InSummary != 0 {
		s += WeightSummary
	}
	if p.Flags&search.InBody != 0 {
		s += WeightBody * (1 + 0.5*float64(p.TF))
	}
	return s
}

// lowerBound is the first term index whose term is not before s.
func (ix *Index) lowerBound(s string) int {
	i, _ := slices.BinarySearchFunc(ix.terms, s, compareUTF16)
	return i
}

// Marks returns the words of text to mark for a query's matched terms:
// those whose term is one of them. Words that overlap (the pairs of a
// Chinese run) are one mark, with the first one's term.
func Marks(text string, matched []string) []search.Token {
	var out []search.Token
	for _, tok := range search.Tokenize(text) {
		if tok.Term == "" || !slices.Contains(matched, tok.Term) {
			continue
		}
		if n := len(out); n > 0 && tok.Start < out[n-1].End {
			out[n-1].End = tok.End
			continue
		}
		out = append(out, tok)
	}
	return out
}

// vlqDigits are the digits of the postings' base-64 code (see package
// search's doc).
const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// compareUTF16 orders strings by UTF-16 code units, as JavaScript does
// and as the index's terms are sorted.
func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}
