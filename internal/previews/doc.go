// Package previews owns link preview cards: every page carries a card for
// each page it links to, which static/js/previews.js shows on hover and
// focus. A card is the site's layouts/_partials/preview.html executed for
// the target page, once per target and build: it holds no URL, so the same
// HTML serves every page that links there, at any depth. Layouts get them
// as .Previews (layout.Preview); without the partial there are none.
//
// A Set is one build's cards. Package build makes one per build, asks it
// for each page's cards while making the page's view, and folds the
// targets into the page's signature so that a session renders a page
// again when a card it carries changes.
package previews
