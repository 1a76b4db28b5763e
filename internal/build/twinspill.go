package build

import (
	"sync"

	"github.com/gloss-ssg/gloss/internal/spill"
)

// twinSpill is where a Twin build with Options.Spill keeps the page
// templates past twinPageBudget for the next build: a temporary file,
// made when the first template passes the budget. At 10,000 pages the
// hosted build then fills every page instead of executing the layouts
// of two thirds of them again (docs/performance.md).
type twinSpill struct {
	once sync.Once
	file *spill.File // nil until made, or if it could not be
}

// open returns the file, making it on the first call; nil without one
// (no spilling asked for, no writable temporary folder). Safe for
// concurrent use.
func (ts *twinSpill) open() *spill.File {
	if ts == nil {
		return nil
	}
	ts.once.Do(func() { ts.file, _ = spill.Create("") })
	return ts.file
}

// close lets the file go, once the build that reads it is done.
func (ts *twinSpill) close() {
	if ts != nil {
		ts.file.Close()
	}
}
