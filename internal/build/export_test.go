package build

// What the tests of package build_test may see of the package's inside.

// MaxListedPreviews is maxListedPreviews.
const MaxListedPreviews = maxListedPreviews
