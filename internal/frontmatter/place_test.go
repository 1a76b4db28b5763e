package frontmatter

import "testing"

// TestYAMLErrorPlaces: errors yaml.v3 places at the start of a value, or
// at the end of the front matter, are moved to the character at fault.
func TestYAMLErrorPlaces(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"tab after a plain value", "---\ntitle: A\nweight: 1\n\tdate: 2020-01-01\n---\n",
			"4:1: invalid YAML: found a tab character that violates indentation"},
		{"tab after spaces in a list", "---\ntitle: A\nsources:\n  - title: x\n  \t url: y\n---\n",
			"5:3: invalid YAML: found a tab character that violates indentation"},
		{"unclosed double quote", "---\ntitle: \"A\nweight: 1\n---\n",
			"2:8: invalid YAML: found unexpected end of stream (this quote is never closed)"},
		{"unclosed quote after closed ones", "---\ntitle: \"A \\\" B\"\nsummary: 'it''s'\nnote: 'open\n---\n",
			"4:7: invalid YAML: found unexpected end of stream (this quote is never closed)"},
		{"unclosed quote in a list", "---\ntitle: A\nsummary: [\"a\", \"b]\n---\n",
			"3:1: invalid YAML"},
		{"quote closed lines further down", "---\ntitle: \"A\nsummary: B\nnote: said \"this\" here\n---\n",
			`4:1: invalid YAML: did not find expected key (the quote opened on line 2, column 8, is not closed on its line)`},
		{"unclosed quote as a list item", "---\ntitle: A\nkeep:\n  - \"a\n---\n",
			"4:5: invalid YAML: found unexpected end of stream (this quote is never closed)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			wantProblems(t, errs, tt.want)
		})
	}
}

func TestKeyHint(t *testing.T) {
	site := FieldNames(SiteSettings{})
	for key, want := range map[string]string{
		"base_url":     `gloss calls it "site_url"`,
		"baseURL":      `gloss calls it "site_url"`,
		"url":          `gloss calls it "site_url"`,
		"languageCode": `gloss calls it "language"`,
		"titel":        `did you mean "title"?`,
		"zzzzzz":       "",
	} {
		if got := KeyHint(key, site); got != want {
			t.Errorf("KeyHint(%q) in site = %q, want %q", key, got, want)
		}
	}
	// An alias is offered only where its key exists: a source's url is
	// "url", not "site_url".
	if got := KeyHint("link", FieldNames(Source{})); got != `gloss calls it "url"` {
		t.Errorf("KeyHint(link) in a source = %q", got)
	}
	if got := KeyHint("base_url", FieldNames(Source{})); got != "" {
		t.Errorf("KeyHint(base_url) in a source = %q, want none", got)
	}
}
