package layout

import (
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"
)

// Funcs is the fixed FuncMap every layout can use, besides html/template's
// built-ins (and, or, not, len, index, slice, eq, lt, printf, …):
//
//	date "2 January 2006" .Date   format a date; "" for a page without one
//	isodate .Date                 2006-01-02, for <time datetime>; "" if none
//	year .Date                    the year as a number
//	add a b, sub a b              integer arithmetic
//	lower s, upper s              change case
//	join ", " list                join strings
//	truncate 80 s                 at most n characters, ending in "…"
//	default "x" v                 v, or "x" when v is empty
//	plural n "source" "sources"   the word for n
//	dict "k" v "k2" v2            a map, to pass several values to a partial
//	param "actor" .Params         a value of a page's params, or ""
//
// There is deliberately no function that turns a string into trusted HTML:
// the rendered Markdown body is the only template.HTML a layout sees, with
// the preview cards (Page.Previews) and the drawn timeline
// (Page.TimelineSVG), which are this package's own output.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"date": func(layout string, t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(layout)
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"year":  func(t time.Time) int { return t.Year() },
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"lower": strings.ToLower,
		"upper": strings.ToUpper,
		"join":  func(sep string, list []string) string { return strings.Join(list, sep) },
		"truncate": func(n int, s string) string {
			if utf8.RuneCountInString(s) <= n {
				return s
			}
			r := []rune(s)
			return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
		},
		"default": func(def, v any) any {
			if v == nil || v == "" || v == 0 || v == false {
				return def
			}
			return v
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key and value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"param": func(name string, params map[string]any) any {
			if v, ok := params[name]; ok {
				return v
			}
			return ""
		},
	}
}
