package build

// What the tests of package build_test may see of the package's inside.

import "github.com/gloss-ssg/gloss/internal/previews"

// MaxListedPreviews is previews.MaxListed.
const MaxListedPreviews = previews.MaxListed

// CardRenders returns how many times the preview partial has been executed
// in this process.
func CardRenders() int64 { return previews.CardRenders() }
