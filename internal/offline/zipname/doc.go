// Package zipname owns the offline zip's name and the limits its paths
// must keep: the zip (and its one top-level folder) is named by
// site.zip_name or a slug of the site's title, README.txt is its own, and
// no path inside it may be longer than Windows' extractors can write.
//
// It lives apart from package offline, which builds the variants through
// package build, because build checks every output path against these
// limits as it makes them; package offline and build both import it.
package zipname
