package markdown

import (
	"slices"
	"testing"
)

// TestIDList: the IDs read back in order, are found and not found as a
// sorted slice's would be, and two lists are equal only with the same IDs
// (not merely the same bytes joined).
func TestIDList(t *testing.T) {
	ids := []string{"a", "ab", "b", "fn-1", "zz"}
	l := NewIDList(ids)
	if got := l.Strings(); !slices.Equal(got, ids) {
		t.Fatalf("Strings() = %q, want %q", got, ids)
	}
	for _, id := range []string{"", "a", "aa", "ab", "abc", "b", "fn-1", "fn-2", "zz", "zzz"} {
		if got, want := l.Has(id), slices.Contains(ids, id); got != want {
			t.Errorf("Has(%q) = %v, want %v", id, got, want)
		}
	}
	if !l.Equal(NewIDList(slices.Clone(ids))) {
		t.Error("a list is not equal to one of the same IDs")
	}
	if l.Equal(NewIDList([]string{"a", "abb", "fn-1", "zz"})) { // the same bytes joined
		t.Error("lists of other IDs with the same bytes are equal")
	}
	var empty IDList
	if empty.Has("") || empty.Len() != 0 || empty.Strings() != nil || !empty.Equal(NewIDList(nil)) {
		t.Errorf("the empty list: Has(\"\") %v, Len %d, Strings %q", empty.Has(""), empty.Len(), empty.Strings())
	}
}
