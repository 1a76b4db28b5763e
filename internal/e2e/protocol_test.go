package e2e

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestDevToolsMethodsAreStable reads the browser tests' own source and
// checks every DevTools protocol command and event they name against the
// protocol description pinned in .ci/node (the devtools-protocol package):
// none may be experimental or deprecated, since Chromium releases drop or
// change those without notice (Network.emulateNetworkConditionsByRule
// made every browser test fail on Chromium 148). It also checks that every
// command goes through call or callOn, whose errors name the Chromium
// version that refused it.
func TestDevToolsMethodsAreStable(t *testing.T) {
	dir := filepath.Join(nodeTools(t), "node_modules", "devtools-protocol", "json")
	type member struct {
		Name         string `json:"name"`
		Experimental bool   `json:"experimental"`
		Deprecated   bool   `json:"deprecated"`
	}
	type domain struct {
		Domain       string   `json:"domain"`
		Experimental bool     `json:"experimental"`
		Deprecated   bool     `json:"deprecated"`
		Commands     []member `json:"commands"`
		Events       []member `json:"events"`
	}
	domains := map[string]domain{} // by lower-case name, as cdproto's packages are named
	for _, f := range []string{"browser_protocol.json", "js_protocol.json"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatalf("reading the pinned protocol description: %v", err)
		}
		var p struct {
			Domains []domain `json:"domains"`
		}
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, d := range p.Domains {
			domains[strings.ToLower(d.Domain)] = d
		}
	}
	lookup := func(ms []member, name string) (member, bool) {
		for _, m := range ms {
			if m.Name == name {
				return m, true
			}
		}
		return member{}, false
	}

	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	used := map[string]string{} // protocol name → first place it is used
	var problems []string
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		cdproto := map[string]string{} // local package name → domain
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			d, ok := strings.CutPrefix(path, "github.com/chromedp/cdproto/")
			if !ok || d == "cdp" {
				continue
			}
			name := d
			if imp.Name != nil {
				name = imp.Name.Name
			}
			cdproto[name] = d
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && sel.Sel.Name == "Call" && (pkg.Name == "chromedp" || pkg.Name == "cdp") && file != "tools_test.go" {
						problems = append(problems, fmt.Sprintf("%s: %s.Call: use call or callOn, so a refusal names the Chromium version", fset.Position(call.Pos()), pkg.Name))
					}
				}
			}
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			d, ok := cdproto[pkg.Name]
			if !ok {
				return true
			}
			dom, ok := domains[d]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: the pinned protocol has no domain %q", fset.Position(sel.Pos()), d))
				return true
			}
			goName := sel.Sel.Name
			isEvent := strings.HasPrefix(goName, "Event")
			protoName := lowerFirst(strings.TrimPrefix(goName, "Event"))
			var m member
			var found bool
			if isEvent {
				m, found = lookup(dom.Events, protoName)
			} else {
				m, found = lookup(dom.Commands, protoName)
			}
			if !found { // a type, a constant or a parameter struct
				return true
			}
			full := dom.Domain + "." + protoName
			if _, seen := used[full]; !seen {
				used[full] = fset.Position(sel.Pos()).String()
				switch {
				case dom.Experimental || dom.Deprecated:
					problems = append(problems, fmt.Sprintf("%s: %s is in a domain the protocol marks experimental or deprecated", used[full], full))
				case m.Experimental:
					problems = append(problems, fmt.Sprintf("%s: %s is experimental", used[full], full))
				case m.Deprecated:
					problems = append(problems, fmt.Sprintf("%s: %s is deprecated", used[full], full))
				}
			}
			return true
		})
	}
	if len(used) == 0 {
		t.Fatal("found no DevTools protocol command or event in the browser tests: is the scan broken?")
	}
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("DevTools protocol methods and events the browser tests use: %s", strings.Join(names, ", "))
	for _, p := range problems {
		t.Error(p)
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	// PrintToPDF → printToPDF, but an all-capital name stays as it is.
	return string(unicode.ToLower(r)) + s[n:]
}
