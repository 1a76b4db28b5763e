package e2e

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// HomeWeightBudget is the most the hosted home page may weigh: its HTML
// and every stylesheet, script, image and icon it loads, uncompressed (a
// host's gzip would make it less). The offline zip it links to is a
// download, not part of the page, and the search index loads only when a
// reader first searches.
const HomeWeightBudget = 100 << 10

// TestHomePageWeight adds up what the hosted home page of this
// repository's site loads, and reports it.
func TestHomePageWeight(t *testing.T) {
	o := buildRepo(t)
	files := o.Hosted.Files
	home := files["index.html"]
	doc, err := html.Parse(bytes.NewReader(home))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]int{"index.html": len(home)}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			var ref string
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "link":
				if rel := attr["rel"]; strings.Contains(rel, "stylesheet") || strings.Contains(rel, "icon") || strings.Contains(rel, "preload") {
					ref = attr["href"]
				}
			case "script", "img", "source", "video", "audio", "iframe", "embed":
				ref = attr["src"]
			}
			if ref != "" {
				u, err := url.Parse(ref)
				if err != nil || u.IsAbs() || u.Host != "" {
					t.Errorf("the home page loads %q, which is not a file of the site", ref)
				} else {
					p := path.Clean(u.Path)
					data, ok := files[p]
					if !ok {
						t.Errorf("the home page loads %s, which is not in the output", p)
					}
					parts[p] = len(data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	total := 0
	var list []string
	for p, n := range parts {
		total += n
		list = append(list, p)
	}
	if len(parts) < 3 {
		t.Fatalf("the home page loads only %v: the count cannot be right", list)
	}
	t.Logf("home page weight: %d bytes (%.1f KB) in %d files: %v", total, float64(total)/1024, len(parts), parts)
	if total > HomeWeightBudget {
		t.Errorf("the home page weighs %d bytes, over the budget of %d", total, HomeWeightBudget)
	}
}
