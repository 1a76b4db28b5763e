package main

import (
	"runtime/debug"
)

// versionOf says which gloss a binary is, from the build information Go
// records in it. A binary installed with go install MODULE@VERSION, or
// built from a checkout by a toolchain that stamps versions (Go 1.24 and
// later, in a git clone), carries a module version: a release such as
// v1.2.0, or a pseudo-version naming the commit, with "+dirty" when the
// checkout had uncommitted changes. Without one, the commit Go recorded
// stands in: its first 12 hex digits, "-dirty" if modified, and the
// commit's time. With neither (go run, go test, -buildvcs=false, a linked
// git worktree, which Go does not recognise) the version is "dev".
func versionOf(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, when string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := rev[:min(12, len(rev))]
	if dirty {
		v += "-dirty"
	}
	if when != "" {
		v += " (" + when + ")"
	}
	return v
}
