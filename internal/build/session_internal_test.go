package build

import (
	"slices"
	"testing"
)

// TestChangedPaths checks the comparison of two builds' outputs: paths
// added, removed and changed are listed, sorted; the same bytes, in the
// same slice or a copy, are not.
func TestChangedPaths(t *testing.T) {
	same := []byte("same")
	before := map[string][]byte{"a.html": same, "b.html": []byte("old"), "c.html": []byte("copy"), "gone.html": nil}
	after := map[string][]byte{"a.html": same, "b.html": []byte("new"), "c.html": []byte("copy"), "new.html": nil}
	want := []string{"b.html", "gone.html", "new.html"}
	if got := changedPaths(before, after); !slices.Equal(got, want) {
		t.Fatalf("changed %q, want %q", got, want)
	}
	// A path removed while another comes: the counts match, the sets not.
	delete(after, "new.html")
	after["other.html"] = nil
	want = []string{"b.html", "gone.html", "other.html"}
	if got := changedPaths(before, after); !slices.Equal(got, want) {
		t.Fatalf("changed %q, want %q", got, want)
	}
	delete(before, "gone.html")
	delete(after, "other.html")
	if got := changedPaths(before, after); !slices.Equal(got, []string{"b.html"}) {
		t.Fatalf("changed %q, want only b.html", got)
	}
}
