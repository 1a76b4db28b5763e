package build

import "testing"

func TestFill(t *testing.T) {
	slots := []twinSlot{{this: []byte("a/"), other: []byte("a/index.html")}, {this: []byte("b/"), other: []byte("b/index.html")}}
	for _, c := range []struct {
		tmpl, this, other string
		ok                bool
	}{
		{`<a href="gloss-slot-1-">x</a><a href="gloss-slot-0-">`, `<a href="b/">x</a><a href="a/">`, `<a href="b/index.html">x</a><a href="a/index.html">`, true},
		{`no slots`, `no slots`, `no slots`, true},
		{`gloss-slot-0-`, `a/`, `a/index.html`, true}, // a slot need not be used: only once at most
		{`gloss-slot-0-gloss-slot-0-`, ``, ``, false}, // twice
		{`gloss-slot-2-`, ``, ``, false},              // not a slot
		{`gloss-slot-01-`, ``, ``, false},             // not as written
		{`gloss-slot--`, ``, ``, false},
		{`gloss-slot-x-`, ``, ``, false},
		{`gloss-slot-0`, ``, ``, false}, // unterminated
	} {
		got, ok := fill([]byte(c.tmpl), slots, false)
		if ok != c.ok || ok && string(got) != c.this {
			t.Errorf("fill(%q) = %q, %v; want %q, %v", c.tmpl, got, ok, c.this, c.ok)
		}
		got, ok = fill([]byte(c.tmpl), slots, true)
		if ok != c.ok || ok && string(got) != c.other {
			t.Errorf("fill(%q, other) = %q, %v; want %q, %v", c.tmpl, got, ok, c.other, c.ok)
		}
	}
}

func TestSlotSafe(t *testing.T) {
	for href, want := range map[string]bool{"../a/": true, "a/index.html#x": true, "": false, "javascript:alert(1)": false, "data:text/html,x": false} {
		if got := slotSafe(href); got != want {
			t.Errorf("slotSafe(%q) = %v, want %v", href, got, want)
		}
	}
}
