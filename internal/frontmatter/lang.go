package frontmatter

import "strings"

// WellFormedLang checks the shape of a BCP 47 language tag, not that its
// subtags are registered: a primary language of two or three letters,
// then subtags of one to eight letters and digits, a one-character
// subtag (an extension or private-use singleton) never last. That is
// enough to keep anything but a tag out of a lang attribute: the
// Markdown's ::: {lang=...} containers and a source's lang.
func WellFormedLang(tag string) bool {
	if len(tag) > 64 {
		return false
	}
	subtags := strings.Split(tag, "-")
	for i, s := range subtags {
		if len(s) < 1 || len(s) > 8 {
			return false
		}
		for j := 0; j < len(s); j++ {
			c := s[j]
			letter := 'A' <= c&^0x20 && c&^0x20 <= 'Z'
			if i == 0 && !letter || !letter && (c < '0' || c > '9') {
				return false
			}
		}
		if i == 0 && (len(s) < 2 || len(s) > 3) {
			return false
		}
		if len(s) == 1 && i == len(subtags)-1 {
			return false
		}
	}
	return true
}
