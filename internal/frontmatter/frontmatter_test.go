package frontmatter

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// problems formats errors as "line:col: message (hint)", the way a test
// can compare them.
func problems(errs []*Error) []string {
	var out []string
	for _, e := range errs {
		s := fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
		if e.Hint != "" {
			s += " (" + e.Hint + ")"
		}
		out = append(out, s)
	}
	return out
}

// wantProblems checks that errs are exactly want, in order, where each want
// is "line:col: " followed by a substring of the message and hint.
func wantProblems(t *testing.T, errs []*Error, want ...string) {
	t.Helper()
	got := problems(errs)
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n got: %q\nwant: %q", len(got), len(want), got, want)
	}
	for i := range want {
		pos, text, _ := strings.Cut(want[i], ": ")
		gpos, gtext, _ := strings.Cut(got[i], ": ")
		if gpos != pos || !strings.Contains(gtext, text) {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// comparable strips what legitimately differs between the same front
// matter written in YAML and in TOML: positions and the extra keys' node
// pointers.
func comparable(m Meta) Meta {
	m.Keys, m.ParamsTree = nil, nil // Params compares the values
	for i := range m.Sources {
		m.Sources[i].Pos, m.Sources[i].URLPos = Pos{}, Pos{}
	}
	for k, r := range m.Relations {
		r.Pos = Pos{}
		m.Relations[k] = r
	}
	if m.Site != nil {
		s := *m.Site
		s.Pos, s.SiteURLPos = Pos{}, Pos{}
		s.Highlight.Pos = Pos{}
		m.Site = &s
	}
	extra := m.Extra
	m.Extra = nil
	for _, f := range extra {
		m.Extra = append(m.Extra, Field{Name: f.Name, Value: &Node{Value: fmt.Sprint(f.Value.toAny())}})
	}
	return m
}

// TestParamsOrigin: a text value taken from Params is found where it was
// written, with its path below params, in YAML and TOML; the same text
// made elsewhere, and values that are not text, are not.
func TestParamsOrigin(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		at        Pos // of "principles"
	}{
		{"YAML", "---\ntitle: T\nparams:\n  n: 3\n  gather: [article, principles]\n  deep: {list: [{key: x}]}\n---\n", Pos{5, 21}},
		{"TOML", "+++\ntitle = \"T\"\n[params]\nn = 3\ngather = [\"article\", \"principles\"]\ndeep = {list = [{key = \"x\"}]}\n+++\n", Pos{5, 22}}, // at its quote
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := Parse([]byte(tt.src))
			wantProblems(t, errs)
			tree := doc.Meta.ParamsTree
			gather := doc.Meta.Params["gather"].([]any)
			second := gather[1].(string)
			if pos, path, ok := tree.Origin(second); !ok || pos != tt.at || path != "gather[1]" {
				t.Errorf("Origin(%q) = %v, %q, %v; want %v, \"gather[1]\"", second, pos, path, ok, tt.at)
			}
			x := doc.Meta.Params["deep"].(map[string]any)["list"].([]any)[0].(map[string]any)["key"].(string)
			if _, path, ok := tree.Origin(x); !ok || path != "deep.list[0].key" {
				t.Errorf("Origin(%q): path %q, %v; want \"deep.list[0].key\"", x, path, ok)
			}
			for _, s := range []string{strings.Clone(second), "principles", "3", ""} {
				if pos, path, ok := tree.Origin(s); ok {
					t.Errorf("Origin(%q), a string not decoded from the tree, = %v, %q", s, pos, path)
				}
			}
			var none *Node
			if _, _, ok := none.Origin(second); ok {
				t.Error("a page without params has an origin")
			}
		})
	}
}

func TestYAMLAndTOMLGiveTheSameMeta(t *testing.T) {
	tests := []struct{ name, yaml, toml string }{
		{
			name: "page",
			yaml: `---
title: Oppose impairing critical infrastructure
summary: "One sentence: with a colon."
date: 2020-09-08
weight: 2
draft: false
sources:
  - title: China launches initiative for global data security
    publisher: AP
    date: 2020-09-08
    url: https://example.org/a
  - title: Second
    note: no date
counterexamples: [au-headquarters, australian-parliament]
params: {actor: PRC, status: alleged, year: 2020, score: 1.5, open: true}
---
Body.
`,
			toml: `+++
title = "Oppose impairing critical infrastructure"
summary = "One sentence: with a colon."
date = 2020-09-08
weight = 2
draft = false
counterexamples = ["au-headquarters", "australian-parliament"]

[params]
actor = "PRC"
status = "alleged"
year = 2020
score = 1.5
open = true

[[sources]]
title = "China launches initiative for global data security"
publisher = "AP"
date = 2020-09-08
url = "https://example.org/a"

[[sources]]
title = "Second"
note = "no date"
+++
Body.
`,
		},
		{
			name: "section",
			yaml: `---
title: The eight principles
relations:
  counterexamples:
    to: counterexamples
    label: Counter-examples
    inverse: challenges
    inverse_label: Principles it challenges
---
`,
			toml: `+++
title = "The eight principles"
[relations.counterexamples]
to = "counterexamples"
label = "Counter-examples"
inverse = "challenges"
inverse_label = "Principles it challenges"
+++
`,
		},
		{
			name: "home",
			yaml: `---
title: Home
site:
  title: Data security explained
  language: en
  site_url: https://example.org/gids/
  zip_name: gids-explainer
  unsafe_html: true
  highlight: {light: github, dark: monokai}
---
`,
			toml: `+++
title = "Home"
site.title = "Data security explained"
site.language = "en"
site.site_url = "https://example.org/gids/"
site.zip_name = "gids-explainer"
site.unsafe_html = true
site.highlight = {light = "github", dark = "monokai"}
+++
`,
		},
		{
			name: "date and time",
			yaml: "---\ndate: 2020-09-08T10:30:00Z\n---\n",
			toml: "+++\ndate = 2020-09-08T10:30:00Z\n+++\n",
		},
		{
			name: "empty",
			yaml: "---\n---\n",
			toml: "+++\n+++\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, yerrs := Parse([]byte(tt.yaml))
			wantProblems(t, yerrs)
			tm, terrs := Parse([]byte(tt.toml))
			wantProblems(t, terrs)
			if y.Format != YAML || tm.Format != TOML {
				t.Errorf("formats = %v, %v", y.Format, tm.Format)
			}
			if a, b := comparable(y.Meta), comparable(tm.Meta); !reflect.DeepEqual(a, b) {
				t.Errorf("YAML and TOML differ:\nYAML: %+v %+v\nTOML: %+v %+v", a, a.Site, b, b.Site)
			}
			if string(y.Body) != string(tm.Body) {
				t.Errorf("bodies differ: %q vs %q", y.Body, tm.Body)
			}
		})
	}
}

func TestMetaValues(t *testing.T) {
	doc, errs := Parse([]byte(`---
title: T
date: 2020-09-08
weight: -3
draft: true
sources:
  - title: S
    date: 2021-01-02
---
`))
	wantProblems(t, errs)
	m := doc.Meta
	if m.Title != "T" || m.Weight != -3 || !m.Draft {
		t.Errorf("meta = %+v", m)
	}
	if want := time.Date(2020, 9, 8, 0, 0, 0, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("date = %v, want %v", m.Date, want)
	}
	if len(m.Sources) != 1 || m.Sources[0].Pos != (Pos{7, 5}) || m.Sources[0].Date.Year() != 2021 {
		t.Errorf("sources = %+v", m.Sources)
	}
	for key, want := range map[string]Pos{"title": {2, 1}, "weight": {4, 1}, "sources": {6, 1}} {
		if m.Keys[key] != want {
			t.Errorf("Keys[%q] = %v, want %v", key, m.Keys[key], want)
		}
	}
}

// TestUnknownKeys checks strictness: a key the struct does not declare is an
// error at its place in the file (the opening fence is line 1), with a
// did-you-mean hint when one is plausible. Top-level keys are the exception:
// they may be relations, which only the section knows, so they are kept in
// Extra with their place for the graph stage to judge.
func TestUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"yaml source item", `---
title: T
sources:
  - title: S
    publsher: AP
---
`, []string{`5:5: unknown key "publsher" in sources[0] (did you mean "publisher"?)`}},
		{"yaml second source, flow style", `---
sources:
  - {title: A}
  - {title: B, ulr: "https://x"}
---
`, []string{`4:16: unknown key "ulr" in sources[1] (did you mean "url"?)`}},
		{"toml array of tables", `+++
title = "T"

[[sources]]
title = "A"

[[sources]]
title = "B"
dat = 2020-01-01
+++
`, []string{`9:1: unknown key "dat" in sources[1] (did you mean "date"?)`}},
		{"toml inline table", `+++
sources = [{title = "A", nope = 1}]
+++
`, []string{`2:26: unknown key "nope" in sources[0] (did you mean "note"?)`}},
		{"yaml site", `---
site:
  title: T
  langauge: en
  sitе_url: x
---
`, []string{
			`4:3: unknown key "langauge" in site (did you mean "language"?)`,
			`5:3: unknown key "sitе_url" in site (did you mean "site_url"?)`, // Cyrillic е
		}},
		{"yaml site highlight", `---
site:
  highlight:
    dark: monokai
    lihgt: github
---
`, []string{`5:5: unknown key "lihgt" in site.highlight (did you mean "light"?)`}},
		{"toml site table", `+++
[site]
title = "T"
zipname = "x"
+++
`, []string{`4:1: unknown key "zipname" in site (did you mean "zip_name"?)`}},
		{"toml dotted site key", `+++
site.unsafehtml = true
+++
`, []string{`2:6: unknown key "unsafehtml" in site (did you mean "unsafe_html"?)`}},
		{"yaml relations", `---
relations:
  counterexamples:
    to: counterexamples
    inverse-label: X
---
`, []string{`5:5: unknown key "inverse-label" in relations.counterexamples (did you mean "inverse_label"?)`}},
		{"toml relations", `+++
[relations.counterexamples]
to = "counterexamples"
lable = "Counter-examples"
+++
`, []string{`4:1: unknown key "lable" in relations.counterexamples (did you mean "label"?)`}},
		{"no plausible hint", `---
sources:
  - zzzzzzzz: 1
---
`, []string{`3:5: unknown key "zzzzzzzz" in sources[0]`}},
		{"after a multi-byte character, columns count characters", `+++
sources = [{title = "日本語", bad = 1}]
+++
`, []string{`2:28: unknown key "bad" in sources[0]`}},
		{"yaml after a multi-byte character", `---
sources: [{title: 日本語, bad: 1}]
---
`, []string{`2:24: unknown key "bad" in sources[0]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			got := problems(errs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

func TestTopLevelUnknownKeysGoToExtra(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: T\nsumary: S\ncounterexamples: [a, b]\n---\n",
		"+++\ntitle = \"T\"\nsumary = \"S\"\ncounterexamples = [\"a\", \"b\"]\n+++\n",
	} {
		doc, errs := Parse([]byte(src))
		wantProblems(t, errs)
		var got []string
		for _, f := range doc.Meta.Extra {
			got = append(got, fmt.Sprintf("%s@%d:%d=%v", f.Name, f.Pos.Line, f.Pos.Col, f.Value.toAny()))
		}
		want := []string{"sumary@3:1=S", "counterexamples@4:1=[a b]"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Extra = %q, want %q", doc.Format, got, want)
		}
		if hint := FieldNames(Meta{}); !reflect.DeepEqual(hint, []string{"date", "draft", "layout", "params", "relations", "site", "sources", "summary", "title", "weight"}) {
			t.Errorf("FieldNames(Meta) = %q", hint)
		}
	}
}

func TestTypeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"yaml", `---
title: [a, b]
weight: ten
draft: yes
---
`, []string{
			`2:8: title: expected text, found a list`,
			`3:9: weight: expected a whole number, found "ten"`,
			`4:8: draft: expected true or false, found "yes"`,
		}},
		{"toml", `+++
title = ["a", "b"]
weight = "ten"
draft = "yes"
+++
`, []string{
			`2:9: title: expected text, found a list`,
			`3:10: weight: expected a whole number, found "ten"`,
			`4:9: draft: expected true or false, found "yes"`,
		}},
		{"quoted numbers and booleans are text", `---
weight: "2"
draft: "true"
---
`, []string{
			`2:9: weight: expected a whole number, found "2"`,
			`3:8: draft: expected true or false, found "true"`,
		}},
		{"fractions", `---
weight: 1.5
---
`, []string{`2:9: weight: expected a whole number, found "1.5"`}},
		{"weight beyond 32 bits", "+++\nweight = 99999999999\n+++\n",
			[]string{`2:10: weight: 99999999999 is out of range (a whole number from -2147483648 to 2147483647)`}},
		{"weight beyond 64 bits", "---\nweight: -99999999999999999999\n---\n",
			[]string{`2:9: weight: -99999999999999999999 is out of range (a whole number from -2147483648 to 2147483647)`}},
		{"sources not a list", "---\nsources: AP\n---\n",
			[]string{`2:10: sources: expected a list, found "AP"`}},
		{"source not a mapping", "---\nsources: [AP]\n---\n",
			[]string{`2:11: sources[0]: expected a mapping of keys to values, found "AP"`}},
		{"site not a mapping", "+++\nsite = \"x\"\n+++\n",
			[]string{`2:8: site: expected a mapping of keys to values, found "x"`}},
		{"nested type error", "---\nsite:\n  unsafe_html: sometimes\n---\n",
			[]string{`3:16: site.unsafe_html: expected true or false, found "sometimes"`}},
		{"toml array item", "+++\n[[sources]]\ntitle = [\"x\"]\n+++\n",
			[]string{`3:9: sources[0].title: expected text, found a list`}},
		{"date not a scalar", "---\ndate: {y: 2020}\n---\n",
			[]string{`2:7: date: expected a date like 2020-09-08, found a mapping`}},
		{"null is absence", "---\ntitle: ~\nweight: null\n---\n", nil},
		{"a source's lang that is not a language tag", "---\nsources:\n  - title: 全球\n    lang: zh_Hans\n  - title: B\n    lang: zh-Hant\n---\n",
			[]string{`4:11: sources[0].lang "zh_Hans" is not a well-formed language tag`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
		})
	}
}

func TestImpossibleDates(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"yaml february 30", "---\ndate: 2020-02-30\n---\n",
			[]string{`2:7: date: impossible date "2020-02-30": day out of range (write dates as YYYY-MM-DD)`}},
		{"yaml month 13", "---\ntitle: T\ndate: 2021-13-01\n---\n",
			[]string{`3:7: date: impossible date "2021-13-01": month out of range`}},
		{"toml february 30", "+++\ndate = 2020-02-30\n+++\n",
			[]string{`2:8: date: impossible date "2020-02-30": day out of range`}},
		{"toml month 13", "+++\ndate = 2021-13-01\n+++\n",
			[]string{`2:8: date: impossible date "2021-13-01": month out of range`}},
		{"quoted in yaml", "---\ndate: \"2021-02-29\"\n---\n",
			[]string{`2:7: date: impossible date "2021-02-29": day out of range`}},
		{"in a source", "---\nsources:\n  - title: S\n    date: 2019-04-31\n---\n",
			[]string{`4:11: sources[0].date: impossible date "2019-04-31": day out of range`}},
		{"in a toml source", "+++\n[[sources]]\ntitle = \"S\"\ndate = 2019-04-31\n+++\n",
			[]string{`4:8: sources[0].date: impossible date "2019-04-31": day out of range`}},
		{"not a date", "---\ndate: September 8\n---\n",
			[]string{`2:7: date: invalid date "September 8" (write dates as YYYY-MM-DD)`}},
		{"leap day", "---\ndate: 2020-02-29\n---\n", nil},
		{"date and time", "---\ndate: 2020-02-29 10:00:00\n---\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2020-09-08", "2020-09-08T10:00:00Z", "2020-09-08T10:00:00+08:00", "2020-09-08T10:00:00", "2020-09-08 10:00:00", " 2020-09-08 "} {
		if d, err := ParseDate(s); err != nil || d.Year() != 2020 || d.Month() != 9 || d.Day() != 8 {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2020-9-8", "08/09/2020", "2020-02-30", "2020-00-10", "2020-09-08T25:00:00Z"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
}

func TestSplitFile(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   Format
		raw      string
		body     string
		bodyLine int
		err      string
	}{
		{"yaml", "---\ntitle: T\n---\nBody\n", YAML, "title: T\n", "Body\n", 4, ""},
		{"toml", "+++\ntitle = \"T\"\n+++\n\nBody\n", TOML, "title = \"T\"\n", "\nBody\n", 4, ""},
		{"no front matter", "# Title\n\nBody\n", None, "", "# Title\n\nBody\n", 1, ""},
		{"empty file", "", None, "", "", 1, ""},
		{"thematic break later is not front matter", "Intro\n---\nmore\n", None, "", "Intro\n---\nmore\n", 1, ""},
		{"four dashes are not a fence", "----\ntitle: T\n----\n", None, "", "----\ntitle: T\n----\n", 1, ""},
		{"empty front matter", "---\n---\nBody", YAML, "", "Body", 3, ""},
		{"nothing after the closing fence", "---\ntitle: T\n---", YAML, "title: T\n", "", 4, ""},
		{"fences with trailing spaces", "---  \ntitle: T\n--- \t\nBody\n", YAML, "title: T\n", "Body\n", 4, ""},
		{"BOM", "\ufeff---\ntitle: T\n---\nBody\n", YAML, "title: T\n", "Body\n", 4, ""},
		{"BOM without front matter", "\ufeffBody\n", None, "", "Body\n", 1, ""},
		{"CRLF", "---\r\ntitle: T\r\n---\r\nBody\r\n", YAML, "title: T\r\n", "Body\r\n", 4, ""},
		{"lone CR", "---\rtitle: T\r---\rBody\r", YAML, "title: T\n", "Body\n", 4, ""},
		{"mixed line endings", "+++\r\ntitle = \"T\"\r\r+++\nBody\r\r\n", TOML, "title = \"T\"\n\n", "Body\n\r\n", 5, ""},
		{"lone CR without front matter", "# T\r\rBody", None, "", "# T\n\nBody", 1, ""},
		{"mismatched fences", "---\ntitle: T\n+++\nBody\n", 0, "", "", 0, "1:1: front matter opened here is never closed (end it with a line holding only ---)"},
		{"unterminated yaml", "---\ntitle: T\n\nBody\n", 0, "", "", 0, "1:1: front matter opened here is never closed"},
		{"unterminated toml", "+++\ntitle = \"T\"\n", 0, "", "", 0, "1:1: front matter opened here is never closed (end it with a line holding only +++)"},
		{"only a fence", "---", 0, "", "", 0, "1:1: front matter opened here is never closed"},
		{"invalid UTF-8", "---\ntitle: \xff\n---\n", 0, "", "", 0, "1:1: file is not valid UTF-8"},
		{"UTF-16 little-endian", "\xff\xfe-\x00-\x00-\x00\n\x00", 0, "", "", 0, "1:1: file is UTF-16, not UTF-8 (save it as UTF-8)"},
		{"UTF-16 big-endian", "\xfe\xff\x00-\x00-\x00-\x00\n", 0, "", "", 0, "1:1: file is UTF-16, not UTF-8 (save it as UTF-8)"},
		{"UTF-16 without a mark", "-\x00-\x00-\x00\n\x00", 0, "", "", 0, "1:1: file is UTF-16, not UTF-8"},
		{"UTF-16 without a mark, big-endian", "\x00#\x00 \x00T\x00\n", 0, "", "", 0, "1:1: file is UTF-16, not UTF-8"},
		{"a NUL later is not UTF-16", "# T\x00\n", None, "", "# T\x00\n", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := SplitFile([]byte(tt.src))
			if tt.err != "" {
				if err == nil {
					t.Fatalf("no error, want %q", tt.err)
				}
				wantProblems(t, []*Error{err}, tt.err)
				return
			}
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if s.Format != tt.format || string(s.Raw) != tt.raw || string(s.Body) != tt.body || s.BodyLine != tt.bodyLine {
				t.Errorf("got format %v raw %q body %q bodyLine %d, want %v %q %q %d",
					s.Format, s.Raw, s.Body, s.BodyLine, tt.format, tt.raw, tt.body, tt.bodyLine)
			}
			if s.Format != None && s.RawLine != 2 {
				t.Errorf("RawLine = %d, want 2", s.RawLine)
			}
		})
	}
}

func TestParseUnterminated(t *testing.T) {
	doc, errs := Parse([]byte("---\ntitle: T\n"))
	if doc != nil {
		t.Errorf("doc = %+v, want nil", doc)
	}
	wantProblems(t, errs, "1:1: front matter opened here is never closed")
}

func TestNoFrontMatter(t *testing.T) {
	doc, errs := Parse([]byte("# Just Markdown\n"))
	wantProblems(t, errs)
	if doc.Format != None || string(doc.Body) != "# Just Markdown\n" || doc.BodyLine != 1 || !reflect.DeepEqual(doc.Meta, Meta{}) {
		t.Errorf("doc = %+v", doc)
	}
}

// TestLineEndingsAndBOM checks that a BOM and CRLF or lone CR line
// endings change neither the values nor the positions.
func TestLineEndingsAndBOM(t *testing.T) {
	for _, lf := range []string{
		"---\ntitle: T\nsources:\n  - title: S\n    bogus: 1\n---\nBody\n",
		"+++\ntitle = \"T\"\n[[sources]]\ntitle = \"S\"\nbogus = 1\n+++\nBody\n",
	} {
		want, wantErrs := Parse([]byte(lf))
		for name, src := range map[string]string{
			"CRLF":     strings.ReplaceAll(lf, "\n", "\r\n"),
			"CR":       strings.ReplaceAll(lf, "\n", "\r"),
			"BOM":      "\ufeff" + lf,
			"BOM+CRLF": "\ufeff" + strings.ReplaceAll(lf, "\n", "\r\n"),
			"BOM+CR":   "\ufeff" + strings.ReplaceAll(lf, "\n", "\r"),
		} {
			got, errs := Parse([]byte(src))
			if !reflect.DeepEqual(problems(errs), problems(wantErrs)) {
				t.Errorf("%s %s: problems %q, want %q", want.Format, name, problems(errs), problems(wantErrs))
			}
			if got == nil {
				t.Fatalf("%s %s: no document", want.Format, name)
			}
			if got.Meta.Title != "T" || len(got.Meta.Sources) != 1 || got.Meta.Sources[0].Title != "S" {
				t.Errorf("%s %s: meta %+v", want.Format, name, got.Meta)
			}
			if len(errs) == 0 {
				t.Errorf("%s %s: no problems, want the unknown key's", want.Format, name)
			}
			if got.BodyLine != want.BodyLine || strings.TrimRight(string(got.Body), "\r\n") != "Body" {
				t.Errorf("%s %s: body %q at line %d", want.Format, name, got.Body, got.BodyLine)
			}
		}
	}
}

func TestDuplicateKeys(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"yaml", "---\ntitle: A\nweight: 1\ntitle: B\n---\n", []string{`4:1: key "title" is already set at line 2`}},
		{"yaml nested", "---\nsite:\n  title: A\n  title: B\n---\n", []string{`4:3: key "title" is already set at line 3`}},
		{"yaml in a source", "---\nsources:\n  - {title: A, title: B}\n---\n", []string{`3:16: key "title" is already set at line 3`}},
		{"toml", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n", []string{`3:1: key "title" is already set at line 2`}},
		{"toml dotted", "+++\nsite.title = \"A\"\n[site]\n+++\n", []string{`3:2: table "site" is already defined at line 2`}},
		{"toml in a table", "+++\n[site]\ntitle = \"A\"\ntitle = \"B\"\n+++\n", []string{`4:1: key "title" is already set at line 3`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
		})
	}
}

// TestTOMLTables covers TOML's ways of writing tables: [headers], arrays of
// tables, dotted keys and inline tables, and the redefinitions the TOML
// spec forbids.
func TestTOMLTables(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []string
		check func(*testing.T, Meta)
	}{
		{name: "array of tables", src: `+++
[[sources]]
title = "A"
[[sources]]
title = "B"
[[sources]]
+++
`, check: func(t *testing.T, m Meta) {
			if len(m.Sources) != 3 || m.Sources[0].Title != "A" || m.Sources[1].Title != "B" || m.Sources[2].Title != "" {
				t.Errorf("sources = %+v", m.Sources)
			}
			if m.Sources[1].Pos != (Pos{4, 3}) {
				t.Errorf("sources[1].Pos = %v", m.Sources[1].Pos)
			}
		}},
		{name: "sub-table after its parent", src: `+++
[site]
title = "S"
[site.highlight]
light = "github"
+++
`, check: func(t *testing.T, m Meta) {
			if m.Site == nil || m.Site.Title != "S" || m.Site.Highlight.Light != "github" {
				t.Errorf("site = %+v", m.Site)
			}
		}},
		{name: "parent after its sub-table", src: `+++
[site.highlight]
dark = "monokai"
[site]
title = "S"
+++
`, check: func(t *testing.T, m Meta) {
			if m.Site == nil || m.Site.Title != "S" || m.Site.Highlight.Dark != "monokai" {
				t.Errorf("site = %+v", m.Site)
			}
		}},
		{name: "dotted keys", src: `+++
site.title = "S"
site.highlight.light = "github"
"site".language = "en"
+++
`, check: func(t *testing.T, m Meta) {
			if m.Site == nil || m.Site.Title != "S" || m.Site.Highlight.Light != "github" || m.Site.Language != "en" {
				t.Errorf("site = %+v", m.Site)
			}
		}},
		{name: "dotted keys in a table", src: `+++
[relations]
counterexamples.to = "counterexamples"
counterexamples.label = "Counter-examples"
+++
`, check: func(t *testing.T, m Meta) {
			if r := m.Relations["counterexamples"]; r.To != "counterexamples" || r.Label != "Counter-examples" || r.Pos != (Pos{3, 1}) {
				t.Errorf("relations = %+v", m.Relations)
			}
		}},
		{name: "table defined twice", src: `+++
[site]
title = "S"
[site]
language = "en"
+++
`, want: []string{`4:2: table "site" is already defined at line 2`}},
		{name: "array of tables after a table", src: `+++
[sources]
[[sources]]
+++
`, want: []string{
			`3:3: key "sources" is already set to a mapping at line 2`,
			`2:2: sources: expected a list, found a mapping`,
		}},
		{name: "table after an array of tables", src: `+++
[[sources]]
[sources]
+++
`, want: []string{`3:2: table "sources" is already defined at line 2`}},
		{name: "appending to a static array", src: `+++
sources = [{title = "A"}]
[[sources]]
title = "B"
+++
`, want: []string{`3:3: key "sources" is already set to a list at line 2`}},
		{name: "extending an inline table with a header", src: `+++
site = {title = "S"}
[site.highlight]
light = "github"
+++
`, want: []string{`3:2: key "site" is an inline value at line 2 and cannot be extended`}},
		{name: "extending an inline table with a dotted key", src: `+++
site = {title = "S"}
site.language = "en"
+++
`, want: []string{`3:1: key "site" is an inline value at line 2 and cannot be extended`}},
		{name: "a table where a value is", src: `+++
title = "T"
[title]
+++
`, want: []string{`3:2: table "title" is already defined at line 2`}},
		{name: "a dotted key through a value", src: `+++
title = "T"
title.main = "M"
+++
`, want: []string{`3:1: key "title" is already set to a value`}},
		{name: "syntax error", src: `+++
title = "T"
weight = = 2
+++
`, want: []string{`3:10: invalid TOML: `}},
		{name: "unterminated string", src: "+++\ntitle = \"T\n+++\n", want: []string{`2:11: invalid TOML: basic strings cannot have new lines`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
			if tt.check != nil {
				tt.check(t, doc.Meta)
			}
		})
	}
}

func TestYAMLProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"not a mapping", "---\n- a\n- b\n---\n", []string{"2:1: front matter must be a mapping of keys to values"}},
		{"a scalar", "---\njust text\n---\n", []string{"2:1: front matter must be a mapping"}},
		{"syntax error at its line", "---\ntitle: T\nsummary: [a\nweight: 2\n---\n", []string{"3:1: invalid YAML: did not find expected ',' or ']'"}},
		{"bad indentation", "---\ntitle: T\n  weight: 2\n---\n", []string{"3:1: invalid YAML: mapping values are not allowed"}},
		{"tab indentation", "---\nsite:\n\ttitle: T\n---\n", []string{"3:1: invalid YAML: found character that cannot start any token"}},
		{"merge keys", "---\nbase: &b {title: T}\nsite:\n  <<: *b\n---\n", []string{"4:3: YAML merge keys (<<) are not supported in front matter"}},
		{"mapping as a key", "---\n? {a: 1}\n: x\n---\n", []string{"2:3: keys must be plain names"}},
		{"aliases are followed", "---\nbase: &t Shared title\ntitle: *t\n---\n", nil},
		{"a tag YAML's core schema does not have", "---\ntitle: !!binary aGVsbG8=\nparams:\n  a: !custom [1]\n  !x b: 2\n---\n", []string{
			"2:8: YAML tag !!binary is not supported in front matter (write the value without it)",
			"4:6: YAML tag !custom is not supported",
			"5:3: YAML tag !x is not supported"}},
		{"core tags", "---\ntitle: !!str 12\nweight: !!int \"3\"\nsummary: ! text\nparams: !!map {a: !!seq [!!null ~, !!float 1, !!bool true, !!timestamp 2020-01-01]}\n---\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
		})
	}
}

// TestControlCharacters: an escape may write a control character into a
// value or a key, in either syntax; tabs and line breaks stay allowed.
func TestControlCharacters(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"yaml", "---\ntitle: \"t\\0x\\e[31m\"\nsummary: \"a\\tb\\nc\"\nparams: {\"k\\x01\": \"\\u0085\", ok: \"\\r\"}\n---\n", []string{
			"2:8: text holds the control character U+0000 (remove the escape that writes it)",
			"4:10: key holds the control character U+0001",
			"4:19: text holds the control character U+0085"}},
		{"toml", "+++\ntitle = \"t\\u0007\"\nsummary = \"a\\tb\\nc\"\n[params]\n\"\\u001b\" = 1\n+++\n", []string{
			"2:9: text holds the control character U+0007",
			"5:1: key holds the control character U+001B"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want...)
		})
	}
}

// TestAliasBombIsBounded checks that YAML aliases that would expand into
// billions of nodes stop at maxNodes with one error, quickly.
func TestAliasBombIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("params: {bomb: *a8}\n---\n")
	start := time.Now()
	_, errs := Parse([]byte(b.String()))
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("parsing took %v", d)
	}
	if len(errs) == 0 {
		t.Fatal("no error for an alias bomb")
	}
	var found bool
	for _, e := range errs {
		if strings.Contains(e.Msg, "too large") || strings.Contains(e.Msg, "excessive aliasing") {
			found = true
		}
		if e.Line < 2 || e.Line > 12 || e.Col < 1 {
			t.Errorf("error outside the front matter: %d:%d %s", e.Line, e.Col, e.Msg)
		}
	}
	if !found {
		t.Errorf("problems = %q, want one about size", problems(errs))
	}
}

func TestDeepNestingIsBounded(t *testing.T) {
	for _, src := range []string{
		"---\nparams: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n---\n",
		"+++\nparams = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n+++\n",
		"---\nparams:\n" + strings.Repeat("  - ", 1) + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n---\n",
	} {
		_, errs := Parse([]byte(src)) // must not overflow the stack
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 {
				t.Errorf("bad position %d:%d", e.Line, e.Col)
			}
		}
	}
}

func TestPositionsAfterLongFrontMatter(t *testing.T) {
	// Positions stay true to the file however far down the key is.
	var y, tm strings.Builder
	y.WriteString("---\ntitle: T\n")
	tm.WriteString("+++\ntitle = \"T\"\n")
	for i := range 50 {
		fmt.Fprintf(&y, "# comment %d\n", i)
		fmt.Fprintf(&tm, "# comment %d\n", i)
	}
	y.WriteString("site:\n  titel: x\n---\n")
	tm.WriteString("[site]\ntitel = \"x\"\n+++\n")
	_, errs := Parse([]byte(y.String()))
	wantProblems(t, errs, `54:3: unknown key "titel" in site (did you mean "title"?)`)
	_, errs = Parse([]byte(tm.String()))
	wantProblems(t, errs, `54:1: unknown key "titel" in site (did you mean "title"?)`)
}

// TestURLPositions: a source's url and the site_url are placed at their
// values, in YAML and TOML alike, and a bad site_url is reported there
// and dropped.
func TestURLPositions(t *testing.T) {
	for _, tc := range []struct {
		name, doc      string
		source, siteAt Pos
		err            string
	}{
		{"yaml", "---\nsources:\n  - title: A\n    url: https://example.org/a\nsite:\n  title: T\n  site_url: 'https://example.org:99999/'\n---\n",
			Pos{4, 10}, Pos{7, 13}, `7:13: site.site_url "https://example.org:99999/": port 99999 is out of range (1 to 65535)`},
		{"toml", "+++\n[[sources]]\ntitle = \"A\"\nurl = \"https://example.org/a\"\n[site]\nsite_url = \"https://example.org/a b/\"\n+++\n",
			Pos{4, 7}, Pos{6, 12}, `6:12: site.site_url "https://example.org/a b/": it contains a space, which a URL writes as %20`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := Parse([]byte(tc.doc))
			if got := doc.Meta.Sources[0].URLPos; got != tc.source {
				t.Errorf("source url at %v, want %v", got, tc.source)
			}
			if got := doc.Meta.Site.SiteURLPos; got != tc.siteAt {
				t.Errorf("site_url at %v, want %v", got, tc.siteAt)
			}
			if len(errs) != 1 || fmt.Sprintf("%d:%d: %s", errs[0].Line, errs[0].Col, errs[0].Msg) != tc.err {
				t.Errorf("errors %v, want one: %s", errs, tc.err)
			}
			if doc.Meta.Site.SiteURL != "" {
				t.Errorf("the bad site_url %q was kept", doc.Meta.Site.SiteURL)
			}
		})
	}
	if names := FieldNames(Source{}); slices.Contains(names, "url,pos") {
		t.Errorf("FieldNames lists a position: %q", names)
	}
}
