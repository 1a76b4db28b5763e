package build

// What the tests of package build_test may see of the package's inside.

// MaxListedPreviews is maxListedPreviews.
const MaxListedPreviews = maxListedPreviews

// CardRenders returns how many times the preview partial has been executed
// in this process.
func CardRenders() int64 { return cardRenders.Load() }
