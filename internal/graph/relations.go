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
			} else if t := s.ByKey[d.To]; (t == nil || t.Kind != Section) && !s.Unread("content/"+d.To) {
				b.add(diag.Errorf(sec.File, d.Pos.Line, d.Pos.Col, "relation %q points to %q, which is not a section", name, d.To).
					WithHint(diag.DidYouMean(d.To, sectionNames)))
			}
		}
	}
	known := frontmatter.FieldNames(frontmatter.Meta{})
	declNames := map[*Page][]string{} // per section, sorted once
	for _, sec := range s.Sections {
		declNames[sec] = sortedKeys(sec.Meta.Relations)
	}
	b.prepareInverses(declNames)
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
				if p.Parent.MetaFailed {
					continue // its declarations are lost to a syntax error, reported
				}
				candidates := append(slices.Clone(known), sortedKeys(decls)...)
				hint := b.inverseHint(f.Name, p.Section)
				if hint == "" {
					hint = frontmatter.KeyHint(f.Name, candidates)
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
			for _, v := range relationValues(f, b, p) {
				t := b.resolveRelation(p, name, target, v)
				if t == nil {
					continue
				}
				if t == p {
					// Its page would list it as related to itself, and
					// the inverse say the same.
					b.add(diag.Errorf(p.File, v.Pos.Line, v.Pos.Col, "%s lists the page itself", name).
						WithHint("a page is not related to itself; remove it"))
					continue
				}
				if slices.Contains(rel.Pages, t) { // lists are short: no map needed
					b.add(diag.Errorf(p.File, v.Pos.Line, v.Pos.Col, "%s lists %q twice", name, v.Value))
					continue
				}
				rel.Pages = append(rel.Pages, t)
				if d.Inverse != "" {
					for _, r := range t.Inverses {
						if r.Name == d.Inverse {
							r.Pages = append(r.Pages, p)
						}
					}
				}
			}
		}
	}
	// Inverses list their pages in reading order, whatever order the
	// pages were visited in.
	for _, sec := range s.Sections {
		for _, p := range sec.Pages {
			for _, r := range p.Inverses {
				if len(r.Pages) > 1 {
					sort.Slice(r.Pages, func(i, j int) bool { return r.Pages[i].Order < r.Pages[j].Order })
				}
			}
		}
	}
}

// prepareInverses gives every page of a section that some relation
// targets each inverse relation, empty for now and sorted by name, so
// layouts can rely on it being there. When two sections declare the same
// inverse name, the first section's label is used.
func (b *builder) prepareInverses(declNames map[*Page][]string) {
	s := b.site
	type inverse struct{ name, label string }
	bySection := map[*Page][]inverse{}
	for _, sec := range s.Sections {
		for _, name := range declNames[sec] {
			d := sec.Meta.Relations[name]
			t := s.ByKey[d.To]
			if d.Inverse == "" || t == nil || t.Kind != Section {
				continue
			}
			if !slices.ContainsFunc(bySection[t], func(i inverse) bool { return i.name == d.Inverse }) {
				bySection[t] = append(bySection[t], inverse{d.Inverse, labelOr(d.InverseLabel, d.Inverse)})
			}
		}
	}
	for t, invs := range bySection {
		slices.SortFunc(invs, func(a, b inverse) int { return strings.Compare(a.name, b.name) })
		for _, p := range t.Pages {
			p.Inverses = make([]*Relation, len(invs))
			for i, inv := range invs {
				p.Inverses[i] = &Relation{Name: inv.name, Label: inv.label}
			}
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
