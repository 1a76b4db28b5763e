package build

// What the tests of package build_test may see of the package's inside.

import "github.com/gloss-ssg/gloss/internal/previews"

// MaxListedPreviews is previews.MaxListed.
const MaxListedPreviews = previews.MaxListed
