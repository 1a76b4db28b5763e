// Package portable checks that a site's output paths can exist on every
// desktop system a reader may copy the site to: no Windows reserved names,
// no names ending in a dot or space, no characters Windows forbids, no two
// paths that differ only in case (one file on Windows and macOS) or in
// Unicode normalisation (one file on macOS), and no file where another
// path needs a folder. Package build runs these checks on every build's
// outputs; the offline zip's own limits are package offline's.
package portable
