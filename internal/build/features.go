package build

// The render pass calls the feature packages here: feeds (what programs
// other than browsers read) and previews (link preview cards). The view
// model (package view), site-wide data (sitewide) and the glossary are
// called from build.go and linker.go.

import (
	"strings"

	"github.com/gloss-ssg/gloss/internal/feeds"
	"github.com/gloss-ssg/gloss/internal/graph"
	"github.com/gloss-ssg/gloss/internal/layout"
	"github.com/gloss-ssg/gloss/internal/previews"
	"github.com/gloss-ssg/gloss/internal/source"
)

// planMeta decides r.meta, what the build makes for programs other than
// browsers (package feeds). A file of the site's own at one of the paths
// (static/robots.txt, content/404.html) takes the place of the generated
// one.
func (r *run) planMeta(src *source.Site) {
	taken := map[string]bool{}
	for _, f := range src.Static {
		taken[strings.TrimPrefix(f.Path, "static/")] = true
	}
	for file := range r.site.Assets {
		taken[strings.TrimPrefix(file, "content/")] = true
	}
	r.meta = feeds.NewPlan(r.site, feeds.Options{Style: r.opts.Style, ServedAt: r.opts.ServedAt,
		Taken:          func(p string) bool { return taken[p] },
		NotFoundLayout: hasLayout(src, feeds.NotFoundPath)})
}

// hasLayout reports whether the site has the layout at name (a path under
// layouts/). The layouts are still loading when the plan is made: should
// one not parse, the build fails, and whether the plan counted on it
// changes nothing.
func hasLayout(src *source.Site, name string) bool {
	for _, f := range src.Layouts {
		if f.Path == "layouts/"+name {
			return true
		}
	}
	return false
}

// metaFiles writes the files of the plan: feed, sitemap, robots.txt and
// 404.html (when the layouts parsed).
func (r *run) metaFiles(layoutsOK bool) {
	r.add(r.meta.Diags...)
	for _, f := range r.meta.Files(Version) {
		r.output(f.Path, f.Data, r.site.Home.File)
	}
	if r.meta.NotFound() && layoutsOK {
		r.notFound()
	}
}

// notFound renders layouts/404.html as 404.html, from the home page's view
// made root-relative (feeds.Plan.NotFoundView).
//
// A session keeps it like a page, under a key no page has: made from the
// home page's view, it links to every page the home page does, which at
// 10,000 pages took a tenth of each rebuild to make again.
func (r *run) notFound() {
	const key = "\x00" + feeds.NotFoundPath
	var sig uint64
	if r.sess.cache.keepsAll() {
		sig = r.signature(r.site.Home, feeds.NotFoundPath)
		if e := r.sess.cache.page(key); e != nil && e.sig == r.pageSig(sig, e) {
			r.output(feeds.NotFoundPath, e.html, e.from)
			return
		}
	}
	v := r.view(r.site.Home, feeds.NotFoundPath)
	r.meta.NotFoundView(v)
	html, d := r.layouts.Execute(feeds.NotFoundPath, v)
	if d != nil {
		r.add(*d)
		r.missing(feeds.NotFoundPath)
		return
	}
	from := "layouts/" + feeds.NotFoundPath
	r.output(feeds.NotFoundPath, html, from)
	if r.sess.cache.keepsAll() {
		e := &pageEntry{html: html, from: from, sitewide: layout.UsedSiteData(v), gathered: layout.GatheredKeys(v)}
		e.sig = r.pageSig(sig, e)
		r.mu.Lock()
		r.sess.cache.keepPage(key, e)
		r.mu.Unlock()
	}
}

// linkedPages lists the pages of the site p's body links to, in the order
// its links were resolved (glossary terms included), with nil for links
// elsewhere: the first of a page's preview cards (package previews).
func (r *run) linkedPages(p *graph.Page) []*graph.Page {
	calls := r.bodies[p.Order].calls
	out := make([]*graph.Page, len(calls))
	for i, c := range calls {
		out[i] = previews.LinkedPage(r.site, c.res)
	}
	return out
}
