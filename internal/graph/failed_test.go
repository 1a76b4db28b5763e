package graph_test

import (
	"slices"
	"testing"

	"github.com/gloss-ssg/gloss/internal/graph"
)

// TestDraftFiles: the drafts left out are listed by file, sorted, for the
// note the commands print; with Drafts none are left out.
func TestDraftFiles(t *testing.T) {
	archive := related + `
-- content/cases/zeta.md --
---
title: Zeta
draft: true
---
-- content/cases/wip.md --
---
title: Work in progress
draft: true
---
`
	site, _ := newSite(t, archive, graph.Options{})
	if want := []string{"content/cases/wip.md", "content/cases/zeta.md"}; !slices.Equal(site.Drafts, want) {
		t.Errorf("Drafts = %q, want %q", site.Drafts, want)
	}
	if site, _ := newSite(t, archive, graph.Options{Drafts: true}); len(site.Drafts) != 0 {
		t.Errorf("with drafts: Drafts = %q, want none", site.Drafts)
	}
}

// TestMetaFailed: a page whose front matter does not parse is marked, and
// when it is a section's _index.md, its pages' relation keys are not
// reported as undeclared: the one syntax error is.
func TestMetaFailed(t *testing.T) {
	site, diags := newSite(t, related+`
-- content/principles/_index.md --
---
title: "Principles
relations:
  cases: {to: cases}
---
-- content/principles/one.md --
---
title: One
cases: [alpha]
---
`, graph.Options{})
	want := []string{`content/principles/_index.md:2:8: error: invalid YAML: found unexpected end of stream (this quote is never closed)`}
	if !slices.Equal(diags, want) {
		t.Errorf("diagnostics:\ngot  %q\nwant %q", diags, want)
	}
	if !site.ByKey["principles"].MetaFailed || site.ByKey["principles/one"].MetaFailed || site.ByKey["cases/alpha"].MetaFailed {
		t.Errorf("MetaFailed: principles %v, principles/one %v, cases/alpha %v; want only principles",
			site.ByKey["principles"].MetaFailed, site.ByKey["principles/one"].MetaFailed, site.ByKey["cases/alpha"].MetaFailed)
	}
}
