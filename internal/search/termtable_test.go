package search

import (
	"fmt"
	"sync"
	"testing"
)

// TestTermTable interns terms from many goroutines at once, across
// several chunks of the table, while others read terms numbered before:
// each term gets one number, and every number reads back as its term.
func TestTermTable(t *testing.T) {
	tab := termTable{ids: map[string]uint32{}}
	const terms, workers = 3000, 8 // about three chunks
	ids := make([][]uint32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ids[w] = make([]uint32, terms)
			for i := range terms {
				k := (i*7 + w*13) % terms // each worker in its own order
				s, id := tab.intern(fmt.Appendf(nil, "term%d", k))
				if s != fmt.Sprintf("term%d", k) {
					t.Errorf("intern(term%d) = %q", k, s)
				}
				if got := tab.term(id); got != s {
					t.Errorf("term(%d) = %q just after interning %q", id, got, s)
				}
				ids[w][k] = id
			}
		})
	}
	wg.Wait()
	seen := map[uint32]bool{}
	for k := range terms {
		id := ids[0][k]
		for w := range workers {
			if ids[w][k] != id {
				t.Fatalf("term%d numbered %d and %d", k, id, ids[w][k])
			}
		}
		if seen[id] {
			t.Fatalf("number %d given twice", id)
		}
		seen[id] = true
		if got := tab.term(id); got != fmt.Sprintf("term%d", k) {
			t.Errorf("term(%d) = %q, want term%d", id, got, k)
		}
	}
}
