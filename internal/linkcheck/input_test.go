package linkcheck

import (
	"sync"
	"testing"
)

// TestScansLeaveTheBytesAlone: a stylesheet or script is often a slice of
// a larger buffer (an inline <style> in a page, a file among the output's
// bytes). The lexers' input must not write past its end, where the page
// goes on, nor race with another goroutine scanning the same file.
func TestScansLeaveTheBytesAlone(t *testing.T) {
	for _, tt := range []struct {
		name string
		page string
		end  int // where the stylesheet or script ends within page
		scan func(s *scanned, data []byte)
	}{
		{"css", "a{background:url(x.png)}</style>", len("a{background:url(x.png)}"),
			func(s *scanned, data []byte) { scanCSS(s, "p.html", data, 0, "p.html", "stylesheet") }},
		{"js", "fetch('x.json')</script>", len("fetch('x.json')"),
			func(s *scanned, data []byte) { scanJS(s, "p.html", data, 0, "script") }},
		{"html", `<A HREF="x" style="a:url(y)"><script>fetch('z')</script><style>b{c:url(w)}</style><a href=v>`, len(`<A HREF="x" style="a:url(y)"><script>fetch('z')</script><style>b{c:url(w)}</style>`),
			func(s *scanned, data []byte) { scanHTMLInto(s, "p.html", data, 0) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := []byte(tt.page)
			data := page[:tt.end] // room to spare: the rest of the page
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() { tt.scan(&scanned{}, data) })
			}
			wg.Wait()
			if string(page) != tt.page {
				t.Errorf("the page around the scanned part became %q, want %q", page, tt.page)
			}
		})
	}
}
