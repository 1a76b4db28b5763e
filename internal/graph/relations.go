package graph

import (
	"slices"
	"sort"
	"strings"

	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/frontmatter"
)

// relate checks each section's relation declarations, reads every page's
// relation values, and computes the inverses. The cost is linear in the
// number of relation values: each value is one map lookup, and each inverse
// list is sorted once. (Hugo sites compute backlinks with a query per page,
// which is quadratic.)
func (b *builder) relate() {
	s := b.site
	sectionNames := make([]string, 0, len(s.Sections))
	for _, sec := range s.Sections {
		sectionNames = append(sectionNames, sec.Key)
	}
	for _, sec := range s.Sections {
		for _, name := range sortedKeys(sec.Meta.Relations) {
			d := sec.Meta.Relations[name]
			if d.To == "" {
				b.add(diag.Errorf(sec.File, d.Pos.Line, d.Pos.Col, "relation %q has no target section", name).WithHint("add to: with a section name"))
			} else if t := s.ByKey[d.To]; t == nil || t.Kind != Section {
				b.add(diag.Errorf(sec.File, d.Pos.Line, d.Pos.Col, "relation %q points to %q, which is not a section", name, d.To).
					WithHint(diag.DidYouMean(d.To, sectionNames)))
			}
		}
	}
	known := frontmatter.FieldNames(frontmatter.Meta{})
	inverses := map[*Page]map[string]*Relation{}
	declNames := map[*Page][]string{} // per section, sorted once
	for _, sec := range s.Sections {
		declNames[sec] = sortedKeys(sec.Meta.Relations)
	}
	for _, p := range s.Pages {
		if p.Kind != Regular {
			continue
		}
		var decls map[string]frontmatter.RelationDecl
		if p.Parent.Kind == Section {
			decls = p.Parent.Meta.Relations
		}
		var values map[string]frontmatter.Field
		if len(p.Meta.Extra) > 0 {
			values = make(map[string]frontmatter.Field, len(p.Meta.Extra))
		}
		for _, f := range p.Meta.Extra {
			if _, ok := decls[f.Name]; !ok {
				candidates := append(slices.Clone(known), sortedKeys(decls)...)
				hint := b.inverseHint(f.Name, p.Section)
				if hint == "" {
					hint = diag.DidYouMean(f.Name, candidates)
				}
				if hint == "" && b.declaredElsewhere(f.Name) {
					hint = "the section " + sectionOf(p) + " does not declare this relation in its _index.md"
				}
				b.add(diag.Errorf(p.File, f.Pos.Line, f.Pos.Col, "unknown key %q", f.Name).WithHint(hint))
				continue
			}
			values[f.Name] = f
		}
		for _, name := range declNames[p.Parent] {
			d := decls[name]
			rel := &Relation{Name: name, Label: labelOr(d.Label, name)}
			p.Relations = append(p.Relations, rel)
			f, ok := values[name]
			if !ok {
				continue
			}
			target := s.ByKey[d.To]
			if target == nil || target.Kind != Section {
				continue // already reported at the declaration
			}
			seen := map[*Page]bool{}
			for _, v := range relationValues(f, b, p) {
				t := b.resolveRelation(p, name, target, v)
				if t == nil {
					continue
				}
				if seen[t] {
					b.add(diag.Errorf(p.File, v.Pos.Line, v.Pos.Col, "%s lists %q twice", name, v.Value))
					continue
				}
				seen[t] = true
				rel.Pages = append(rel.Pages, t)
				if d.Inverse != "" {
					inv := inverses[t]
					if inv == nil {
						inv = map[string]*Relation{}
						inverses[t] = inv
					}
					r := inv[d.Inverse]
					if r == nil {
						r = &Relation{Name: d.Inverse, Label: labelOr(d.InverseLabel, d.Inverse)}
						inv[d.Inverse] = r
					}
					r.Pages = append(r.Pages, p)
				}
			}
		}
	}
	// Every page of a target section gets each inverse relation, empty or
	// not, so layouts can rely on it being there.
	for _, sec := range s.Sections {
		for _, name := range sortedKeys(sec.Meta.Relations) {
			d := sec.Meta.Relations[name]
			t := s.ByKey[d.To]
			if d.Inverse == "" || t == nil || t.Kind != Section {
				continue
			}
			for _, p := range t.Pages {
				inv := inverses[p]
				if inv == nil {
					inv = map[string]*Relation{}
					inverses[p] = inv
				}
				if inv[d.Inverse] == nil {
					inv[d.Inverse] = &Relation{Name: d.Inverse, Label: labelOr(d.InverseLabel, d.Inverse)}
				}
			}
		}
	}
	for p, inv := range inverses {
		for _, name := range sortedKeys(inv) {
			r := inv[name]
			sort.Slice(r.Pages, func(i, j int) bool { return r.Pages[i].Order < r.Pages[j].Order })
			p.Inverses = append(p.Inverses, r)
		}
	}
}

func (b *builder) declaredElsewhere(name string) bool {
	for _, sec := range b.site.Sections {
		if _, ok := sec.Meta.Relations[name]; ok {
			return true
		}
	}
	return false
}

// inverseHint explains a key that names an inverse relation computed for
// pages of section: inverses are never written by hand.
func (b *builder) inverseHint(name, section string) string {
	for _, sec := range b.site.Sections {
		for _, rel := range sortedKeys(sec.Meta.Relations) {
			if d := sec.Meta.Relations[rel]; d.Inverse == name && d.To == section && section != "" {
				return name + " is computed from the " + rel + " lists of " + sec.Key + " pages; name this page there instead"
			}
		}
	}
	return ""
}

func sectionOf(p *Page) string {
	if p.Section == "" {
		return "of top-level pages"
	}
	return p.Section
}

type relationValue struct {
	Value string
	Pos   frontmatter.Pos
}

// relationValues accepts a list of page names, or a single name.
func relationValues(f frontmatter.Field, b *builder, p *Page) []relationValue {
	n := f.Value
	var items []*frontmatter.Node
	switch n.Kind {
	case frontmatter.Scalar:
		items = []*frontmatter.Node{n}
	case frontmatter.List:
		items = n.Items
	case frontmatter.Null:
		return nil
	default:
		b.add(diag.Errorf(p.File, n.Pos.Line, n.Pos.Col, "%s: expected a list of page names, found %s", f.Name, n.Kind))
		return nil
	}
	var out []relationValue
	for _, it := range items {
		if it.Kind != frontmatter.Scalar || it.Tag != frontmatter.TagString && it.Tag != frontmatter.TagInt {
			b.add(diag.Errorf(p.File, it.Pos.Line, it.Pos.Col, "%s: expected a page name, found %s", f.Name, it.Kind))
			continue
		}
		out = append(out, relationValue{Value: strings.TrimSpace(it.Value), Pos: it.Pos})
	}
	return out
}

// resolveRelation finds the page a relation value names: a slug in the
// target section, or a path from content/.
func (b *builder) resolveRelation(from *Page, name string, target *Page, v relationValue) *Page {
	s := b.site
	ref := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(v.Value, "content/"), "/"), ".md")
	key := ref
	if !strings.Contains(ref, "/") {
		key = target.Key + "/" + ref
	}
	if p := s.ByKey[key]; p != nil && p.Kind == Regular {
		if p.Section != target.Key {
			b.add(diag.Errorf(from.File, v.Pos.Line, v.Pos.Col, "%s: %q is in section %q, but %s points to section %q", name, v.Value, p.Section, name, target.Key))
			return nil
		}
		return p
	}
	if s.drafts[key] {
		b.add(diag.Errorf(from.File, v.Pos.Line, v.Pos.Col, "%s: %q is a draft, left out of this build", name, v.Value).WithHint("build with --drafts, or publish it"))
		return nil
	}
	if !strings.Contains(ref, "/") {
		for _, sec := range s.Sections {
			if p := s.ByKey[sec.Key+"/"+ref]; p != nil && sec != target {
				b.add(diag.Errorf(from.File, v.Pos.Line, v.Pos.Col, "%s: %q is in section %q, but %s points to section %q", name, v.Value, sec.Key, name, target.Key))
				return nil
			}
		}
	}
	slugs := make([]string, 0, len(target.Pages))
	for _, p := range target.Pages {
		slugs = append(slugs, p.Slug)
	}
	b.add(diag.Errorf(from.File, v.Pos.Line, v.Pos.Col, "%s: no page %q in section %q", name, v.Value, target.Key).
		WithHint(diag.DidYouMean(baseName(ref), slugs)))
	return nil
}

func baseName(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func labelOr(label, name string) string {
	if label != "" {
		return label
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
