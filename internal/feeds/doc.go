// Package feeds owns what a site tells the programs that read it besides
// browsers: a description for every page; with a site_url, in the hosted
// variant only, the page's absolute URL (canonical, Open Graph), its
// structured data (JSON-LD), an Atom feed of the dated pages and a sitemap
// of every page; robots.txt always in the hosted variant; and the plan for
// a 404.html rendered from the site's layouts/404.html, which a static
// host serves at any missing path.
//
// Absolute URLs appear only where the web demands them, and only under
// site_url. The offline variant gets none of it but the descriptions:
// nothing there is served, crawled or subscribed to.
//
// A Plan is decided once per build, before anything is rendered, since
// what pages show (the feed link, canonical URLs) depends on it. Package
// build makes the plan, asks it to describe each page's view, and writes
// the files it makes; the view types layouts see (layout.JSONLD) stay in
// package layout, which knows nothing of this one.
package feeds
