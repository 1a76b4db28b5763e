package layout

import (
	"errors"
	"html/template"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"
	"text/template/parse"
)

// The proof that a layout can be shared between variants (share.go):
// which partials read a variant's own settings and are called where
// executing them alone gives what the call wrote, and that everything
// else writes a slot only where a token and a URL come out alike.

// slotNames are the view fields that can hold a slot token (walkView:
// Page.Content, Page.Home, Site.SearchIndex, Link.URL, Preview.Href) and
// Rel; variantNames those only a variant's own partials may read. Parse
// trees do not know types, so a name is taken as the field wherever it
// appears, which can only refuse a layout that could have been shared.
var (
	slotNames    = map[string]bool{"Content": true, "Home": true, "URL": true, "Href": true, "SearchIndex": true, "Rel": true}
	variantNames = map[string]bool{"Canonical": true, "JSONLD": true, "Download": true, "Offline": true, "Feed": true}
)

// slotEscapers are the html/template escapers a slot may pass through:
// each leaves a token, and every value a slot accepts (slotValue), as it
// is. Content, a template.HTML, may only be written as HTML text, where it
// is written as it is.
var slotEscapers = map[string]bool{
	"_html_template_htmlescaper":    true,
	"_html_template_rcdataescaper":  true,
	"_html_template_attrescaper":    true,
	"_html_template_nospaceescaper": true,
	"_html_template_urlfilter":      true,
	"_html_template_urlnormalizer":  true,
}

// shareLayout is what sharing learned about one kind layout.
type shareLayout struct {
	once     sync.Once
	ok       bool
	shared   *template.Template // the layout with its variant partials as markers
	partials []string           // the variant partials, by marker number
}

// plan makes the shared copy of kind layout name (nil if the layout
// cannot be shared whatever its escaping): a copy of the base and
// partials with the layout's text, and each variant partial replaced by
// its marker. The partials are found in the copy before it is escaped,
// where every call still names the template it calls.
func (s *Set) plan(name string) (*template.Template, []string) {
	if s.pristine == nil {
		return nil, nil
	}
	shared, err := s.pristine.Clone()
	if err == nil {
		_, err = shared.New(name).Parse(s.src[name])
	}
	if err != nil {
		return nil, nil
	}
	partials, ok := variantPartials(shared, s.entry(name))
	if !ok {
		return nil, nil
	}
	for i, p := range partials {
		if _, err := shared.New(p).Parse(s.marker('p', i)); err != nil {
			return nil, nil
		}
	}
	return shared, partials
}

// variantPartials names the partials of a layout's set that read a
// variant field, each called only where dot is the page and in HTML text,
// so that executing it alone on the page gives what the call wrote. ok is
// false if any other template reads one.
func variantPartials(set *template.Template, entry string) (names []string, ok bool) {
	reads := map[string]bool{}
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		if mentions(t.Tree.Root, variantNames) {
			if !strings.HasPrefix(t.Name(), partialDir) || t.Name() == entry {
				return nil, false
			}
			reads[t.Name()] = true
		}
	}
	dotIsPage := pageDotTemplates(set, entry)
	for _, t := range set.Templates() {
		if t.Tree == nil || reads[t.Name()] {
			continue
		}
		bad := false
		eachCall(t.Tree.Root, false, func(call *parse.TemplateNode, nested bool) {
			if reads[call.Name] && (nested || !dotIsPage[t.Name()] || !isPageDot(call.Pipe)) {
				bad = true
			}
		})
		if bad {
			return nil, false
		}
	}
	for n := range reads {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, true
}

// pageDotTemplates finds the templates whose dot is always the page: the
// entry, and those only ever called with dot or $ from where dot is the
// page in such a template (outside {{with}} and {{range}}).
func pageDotTemplates(set *template.Template, entry string) map[string]bool {
	type site struct {
		caller string
		ok     bool // dot passed where dot is the page
	}
	calls := map[string][]site{}
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		eachCall(t.Tree.Root, false, func(call *parse.TemplateNode, nested bool) {
			calls[call.Name] = append(calls[call.Name], site{t.Name(), !nested && isPageDot(call.Pipe)})
		})
	}
	page := map[string]bool{}
	for _, t := range set.Templates() {
		page[t.Name()] = t.Name() == entry || len(calls[t.Name()]) > 0
	}
	for changed := true; changed; {
		changed = false
		for name, ok := range page {
			if !ok || name == entry {
				continue
			}
			for _, c := range calls[name] {
				if !c.ok || !page[c.caller] {
					page[name], changed = false, true
					break
				}
			}
		}
	}
	return page
}

// isPageDot reports whether a {{template}} call passes dot or $ itself.
func isPageDot(p *parse.PipeNode) bool {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.DotNode:
		return true
	case *parse.VariableNode:
		return len(a.Ident) == 1 && a.Ident[0] == "$"
	}
	return false
}

// eachCall calls fn for every {{template}} call under n, saying whether
// it is inside a {{with}} or {{range}} (where dot is something else).
func eachCall(n parse.Node, nested bool, fn func(*parse.TemplateNode, bool)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				eachCall(c, nested, fn)
			}
		}
	case *parse.TemplateNode:
		fn(n, nested)
	case *parse.IfNode:
		eachCall(n.List, nested, fn)
		eachCall(n.ElseList, nested, fn)
	case *parse.WithNode:
		eachCall(n.List, true, fn)
		eachCall(n.ElseList, nested, fn)
	case *parse.RangeNode:
		eachCall(n.List, true, fn)
		eachCall(n.ElseList, true, fn)
	}
}

// mentions reports whether any field, method or variable path under n
// names one of names.
func mentions(n parse.Node, names map[string]bool) bool {
	found := false
	walkTree(n, func(n parse.Node) {
		for _, id := range fieldPath(n) {
			if names[id] {
				found = true
			}
		}
	})
	return found
}

// fieldPath is the field names a node reads (.A.B, $x.A.B, (…).A.B).
func fieldPath(n parse.Node) []string {
	switch n := n.(type) {
	case *parse.FieldNode:
		return n.Ident
	case *parse.ChainNode:
		return n.Field
	case *parse.VariableNode:
		return n.Ident[1:]
	}
	return nil
}

// walkTree calls fn for every node under n, pipelines and arguments
// included.
func walkTree(n parse.Node, fn func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkTree(c, fn)
		}
	case *parse.ActionNode:
		walkTree(n.Pipe, fn)
	case *parse.PipeNode:
		for _, d := range n.Decl {
			walkTree(d, fn)
		}
		for _, c := range n.Cmds {
			walkTree(c, fn)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkTree(a, fn)
		}
	case *parse.ChainNode:
		walkTree(n.Node, fn)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.TemplateNode:
		walkTree(n.Pipe, fn)
	}
}

// walkBranch walks an {{if}}, {{with}} or {{range}}: its pipeline, then
// both of its lists.
func walkBranch(b *parse.BranchNode, fn func(parse.Node)) {
	walkTree(b.Pipe, fn)
	walkTree(b.List, fn)
	walkTree(b.ElseList, fn)
}

// sharing returns the shared copy of kind layout name, making and
// checking it the first time it is asked for (once both copies are
// escaped): nil when the layout cannot be shared.
func (s *Set) sharing(name string) *shareLayout {
	sl := s.share[name]
	if sl == nil {
		return nil
	}
	sl.once.Do(func() {
		sl.shared, sl.partials = s.plan(name)
		if sl.shared == nil {
			return
		}
		entry := s.entry(name)
		kind := s.byName[name]
		// Escaping happens at the first execution; with no data it
		// stops at the first use of dot, as in Escape.
		_ = kind.ExecuteTemplate(io.Discard, entry, nil)
		if err := sl.shared.ExecuteTemplate(io.Discard, entry, nil); err != nil && !isNilDataError(err) {
			return
		}
		used := reachable(sl.shared, entry)
		isPartial := map[string]bool{}
		for _, p := range sl.partials {
			isPartial[p] = true
		}
		sl.ok = escapedAlike(kind, sl.shared, isPartial, used) && slotsOnlyWritten(sl.shared, isPartial, used)
	})
	if !sl.ok {
		return nil
	}
	return sl
}

// isNilDataError tells an execution error of a nil dot (expected: only
// escaping was wanted) from an escaping error.
func isNilDataError(err error) bool {
	var te *template.Error
	return !errors.As(err, &te)
}

// reachable names the templates an execution from entry can reach, by
// the names the escaper gave them: only those are escaped and executed.
func reachable(set *template.Template, entry string) map[string]bool {
	used := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if used[name] {
			return
		}
		used[name] = true
		if t := set.Lookup(name); t != nil && t.Tree != nil {
			walkTree(t.Tree.Root, func(n parse.Node) {
				if c, ok := n.(*parse.TemplateNode); ok {
					visit(c.Name)
				}
			})
		}
	}
	visit(entry)
	return used
}

// escapedAlike reports whether html/template escaped every template of
// the shared copy but the markers exactly as in the layout's own set, and
// called each variant partial in HTML text (under its own name, not a
// copy escaped for another context). Otherwise a marker would stand
// where the partial's output would have been escaped differently, or
// would have changed the escaping of what follows it.
func escapedAlike(kind, shared *template.Template, isPartial, used map[string]bool) bool {
	for _, t := range kind.Templates() {
		if t.Tree == nil {
			continue
		}
		bad := false
		walkTree(t.Tree.Root, func(n parse.Node) {
			if c, ok := n.(*parse.TemplateNode); ok {
				base, _, suffixed := strings.Cut(c.Name, "$htmltemplate_")
				if suffixed && isPartial[base] {
					bad = true
				}
			}
		})
		if bad {
			return false
		}
	}
	for _, t := range shared.Templates() {
		if isPartial[t.Name()] || t.Tree == nil || !used[t.Name()] {
			continue
		}
		if base, _, _ := strings.Cut(t.Name(), "$htmltemplate_"); isPartial[base] {
			return false
		}
		k := kind.Lookup(t.Name())
		if k == nil || k.Tree == nil || k.Tree.Root.String() != t.Tree.Root.String() {
			return false
		}
	}
	return true
}

// slotsOnlyWritten reports whether, in every template of the shared copy
// but the markers, a slot field is only ever written out through escapers
// that leave it as it is, passed to Rel, or tested for being empty in an
// {{if}}; and whether Rel's result is only written out. Anything else (a
// comparison, a length, a function, a variable, {{with}} or {{range}} on
// one) could make the token's bytes matter, so the layout is executed for
// each variant.
func slotsOnlyWritten(shared *template.Template, isPartial, used map[string]bool) bool {
	for _, t := range shared.Templates() {
		if isPartial[t.Name()] || t.Tree == nil || !used[t.Name()] {
			continue
		}
		if mentions(t.Tree.Root, variantNames) || !slotsSafe(t.Tree.Root) {
			return false
		}
	}
	return true
}

// slotsSafe checks one tree for slotsOnlyWritten.
func slotsSafe(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !slotsSafe(c) {
				return false
			}
		}
		return true
	case *parse.ActionNode:
		return writesSlotSafely(n.Pipe)
	case *parse.IfNode:
		return testsSlotSafely(n.Pipe) && slotsSafe(n.List) && slotsSafe(n.ElseList)
	case *parse.WithNode:
		return !mentions(n.Pipe, slotNames) && slotsSafe(n.List) && slotsSafe(n.ElseList)
	case *parse.RangeNode:
		return !mentions(n.Pipe, slotNames) && slotsSafe(n.List) && slotsSafe(n.ElseList)
	case *parse.TemplateNode:
		return !mentions(n.Pipe, slotNames)
	}
	return true
}

// writesSlotSafely checks an action: one that touches a slot must write
// it (or Rel's result) alone, followed only by slotEscapers.
func writesSlotSafely(p *parse.PipeNode) bool {
	if !mentions(p, slotNames) {
		return true
	}
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return false // a slot always needs at least one escaper after it
	}
	var escapers []string
	for _, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if len(c.Args) != 1 || !ok || !slotEscapers[id.Ident] {
			return false
		}
		escapers = append(escapers, id.Ident)
	}
	args := p.Cmds[0].Args
	path := fieldPath(args[0])
	if len(path) == 0 || chainMentions(args[0]) {
		return false
	}
	last := path[len(path)-1]
	switch {
	case last == "Rel":
		// .Rel X: X may be anything but a computation on a slot.
		return len(args) == 2 && simpleArg(args[1])
	case len(args) != 1 || !slotNames[last]:
		return false
	case last == "Content":
		return len(escapers) == 1 && escapers[0] == "_html_template_htmlescaper"
	}
	return true
}

// simpleArg is an argument of Rel: a literal or a field, never a call.
func simpleArg(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.StringNode, *parse.DotNode:
		return true
	case *parse.FieldNode, *parse.VariableNode:
		path := fieldPath(n)
		return len(path) == 0 || path[len(path)-1] != "Rel"
	}
	return false
}

// testsSlotSafely checks an {{if}}: a slot may only be tested for being
// empty, alone or as an argument of and, or, not.
func testsSlotSafely(p *parse.PipeNode) bool {
	if !mentions(p, slotNames) {
		return true
	}
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return false
	}
	args := p.Cmds[0].Args
	if id, ok := args[0].(*parse.IdentifierNode); ok && (id.Ident == "and" || id.Ident == "or" || id.Ident == "not") {
		args = args[1:]
	} else if len(args) != 1 {
		return false
	}
	for _, a := range args {
		path := fieldPath(a)
		if !mentions(a, slotNames) {
			continue
		}
		if _, isField := a.(*parse.FieldNode); !isField && !isChainOrVar(a) || chainMentions(a) {
			return false
		}
		if last := path[len(path)-1]; !slotNames[last] || last == "Rel" {
			return false
		}
		for _, id := range path[:len(path)-1] {
			if slotNames[id] {
				return false
			}
		}
	}
	return true
}

// chainMentions reports whether a chain's operand, (…) in (…).A, touches
// a slot: only the field read after it may.
func chainMentions(n parse.Node) bool {
	c, ok := n.(*parse.ChainNode)
	return ok && mentions(c.Node, slotNames)
}

func isChainOrVar(n parse.Node) bool {
	switch n.(type) {
	case *parse.ChainNode, *parse.VariableNode:
		return true
	}
	return false
}
