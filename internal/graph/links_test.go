package graph

import "testing"

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"index.html", "", "./"},
		{"index.html", "principles/", "principles/"},
		{"index.html", "css/site.css", "css/site.css"},
		{"index.html", "index.html", "index.html"},
		{"principles/second/index.html", "", "../../"},
		{"principles/second/index.html", "principles/second/", "./"},
		{"principles/second/index.html", "principles/third/", "../third/"},
		{"principles/second/index.html", "principles/", "../"},
		{"principles/second/index.html", "principles/index.html", "../index.html"},
		{"principles/second/index.html", "principles/second/map.png", "map.png"},
		{"principles/second/index.html", "css/syntax.css", "../../css/syntax.css"},
		{"principles/index.html", "principles/second/", "second/"},
		{"principles/index.html", "principles", "../principles"},
		{"article/index.html", "a b/c#d/", "../a%20b/c%23d/"},
	}
	for _, tt := range tests {
		if got := Rel(tt.from, tt.to); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
		if got := Rel(tt.from, tt.to); len(got) > 0 && got[0] == '/' {
			t.Errorf("Rel(%q, %q) = %q begins with /", tt.from, tt.to, got)
		}
	}
}

func TestIsExternal(t *testing.T) {
	for dest, want := range map[string]bool{
		"https://example.org": true, "mailto:a@b": true, "//cdn.example.org/x": true,
		"../a.md": false, "a.md#x:y": false, "#frag": false, "/principles/": false, "a/b:c": false,
	} {
		if got := isExternal(dest); got != want {
			t.Errorf("isExternal(%q) = %v, want %v", dest, got, want)
		}
	}
}
