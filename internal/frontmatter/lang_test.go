package frontmatter_test

import (
	"testing"

	"github.com/gloss-ssg/gloss/internal/frontmatter"
)

func TestWellFormedLang(t *testing.T) {
	for _, good := range []string{"en", "zh-Hans", "zh-Hans-CN", "pt-BR", "yue", "es-419", "de-CH-1996", "en-x-gloss", "sgn-BE-FR"} {
		if !frontmatter.WellFormedLang(good) {
			t.Errorf("%q rejected", good)
		}
	}
	for _, bad := range []string{"", "e", "engl", "1a", "zh_Hans", "zh-", "-zh", "zh--Hans", "en-x", "en-abcdefghi", "zh Hans", "zh\"", "zh-汉"} {
		if frontmatter.WellFormedLang(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
