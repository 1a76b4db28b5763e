// Package e2e holds the end-to-end tests of this repository's site as its
// readers get it: the hosted build served over real HTTP under a subpath
// and crawled from its home page, and the offline zip unzipped and opened
// from disk in headless Chromium with the network off. It has no code of
// its own; the tests build the site with package offline, as gloss build
// does.
//
// The browser test needs Debian's chromium at /usr/bin/chromium
// (apt-get install -y chromium) and fails without it.
package e2e
