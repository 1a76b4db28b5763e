package portable

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/gloss-ssg/gloss/internal/diag"
)

// Collisions reports the paths that one desktop file system or another
// would hold as one: paths that differ only in case or Unicode
// normalisation, and a file where another path needs a folder (static/a
// beside content/a.md), which no file system can hold. paths are sorted;
// sources maps each to the site file it came from.
func Collisions(paths []string, sources map[string]string) diag.List {
	var ds diag.List
	folded := map[string]string{}
	for _, p := range paths {
		from := sources[p]
		if prev, ok := folded[fold(p)]; ok {
			d := diag.Errorf(from, 1, 1, "%s and %s %s", prev, p, howAlike(prev, p))
			if !strings.EqualFold(prev, p) {
				// The two may look the same: show their code points.
				d = d.WithHint(fmt.Sprintf("%+q and %+q; rename one of them", prev, p))
			}
			ds = append(ds, d)
		}
		folded[fold(p)] = p
	}
	blocked := map[string]bool{}
	for _, p := range paths {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if f, ok := folded[fold(dir)]; ok && !blocked[f] {
				blocked[f] = true
				ds = append(ds, diag.Errorf(sources[f], 1, 1, "output file %s is also the folder of %s, written from %s", f, p, sources[p]).
					WithHint("rename or remove one of them"))
			}
		}
	}
	return ds
}

// Names reports, for each path, the first of its names that Windows
// cannot hold (see BadName).
func Names(paths []string, sources map[string]string) diag.List {
	var ds diag.List
	for _, p := range paths {
		from := sources[p]
		for _, seg := range strings.Split(p, "/") {
			if msg := BadName(seg); msg != "" {
				ds = append(ds, diag.Errorf(from, 1, 1, "output path %s: %s", p, msg))
				break
			}
		}
	}
	return ds
}

// fold is the name under which a path is stored by the file systems that
// ignore case (Windows, macOS) or normalise Unicode (macOS).
func fold(p string) string {
	return norm.NFC.String(strings.ToLower(p))
}

// howAlike says how two different paths with the same fold differ.
func howAlike(a, b string) string {
	switch {
	case strings.EqualFold(a, b):
		return "differ only in case, and collide on Windows and macOS"
	case norm.NFC.String(a) == norm.NFC.String(b):
		return "differ only in Unicode normalisation (an accented letter written as one character or as a letter and a combining accent), and collide on macOS"
	}
	return "differ only in case and Unicode normalisation, and collide on Windows and macOS"
}

var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// BadName says why Windows cannot hold a file or folder named seg, or
// returns "" when it can.
func BadName(seg string) string {
	stem, _, _ := strings.Cut(strings.ToLower(seg), ".")
	switch {
	case reserved[strings.TrimSpace(stem)]:
		return "\"" + seg + "\" is a reserved name on Windows"
	case strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " "):
		return "\"" + seg + "\" ends in a dot or space, which Windows drops"
	case strings.ContainsAny(seg, "<>:\"|?*\\"):
		return "\"" + seg + "\" contains a character Windows forbids in names"
	}
	for _, c := range seg {
		if c < 32 {
			return "a name contains a control character"
		}
		if invisible(c) {
			// "ab" with a zero-width space inside looks like "ab" and is
			// not; a right-to-left override shows "x\u202egpj.exe" as
			// "xexe.jpg" in a file manager.
			return fmt.Sprintf("a name contains the invisible character %U", c)
		}
	}
	return ""
}

// invisible reports whether r is a character that is not shown, or that
// reorders the characters shown around it: a bidirectional control, a
// zero-width space, a word joiner or a byte order mark. (The zero-width
// joiners of emoji and of Indic and Persian scripts are part of how those
// are written, and allowed.)
func invisible(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' || r == '\u2060' || r == '\ufeff'
}
