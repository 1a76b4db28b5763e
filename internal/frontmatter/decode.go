package frontmatter

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Decode fills the struct that v points to from a Map node, strictly: every
// key must name a field (by its `fm:"name"` tag) unless the struct has a
// field tagged `fm:",extra"` of type []Field, which then collects the
// unknown keys for a later stage to judge. A field of type Pos tagged
// `fm:",pos"` receives the place of the mapping itself; one tagged
// `fm:"name,pos"`, the place of key name's value, for diagnostics about it.
func Decode(n *Node, v any) []*Error {
	d := decoder{}
	d.decode(n, reflect.ValueOf(v).Elem(), "")
	return d.errs
}

// Field is a key the struct does not declare, kept with its value.
type Field struct {
	Name  string
	Pos   Pos
	Value *Node
}

type decoder struct{ errs []*Error }

func (d *decoder) errorf(p Pos, hint, format string, args ...any) {
	d.errs = append(d.errs, &Error{Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// wrong reports that the value at key (a path such as "title" or
// "sources[0].url") cannot be decoded: the message starts with the key,
// and the Error carries it.
func (d *decoder) wrong(p Pos, key, hint, format string, args ...any) {
	d.errs = append(d.errs, &Error{Line: p.Line, Col: p.Col, Key: key, Msg: key + ": " + fmt.Sprintf(format, args...), Hint: hint})
}

var (
	posType  = reflect.TypeFor[Pos]()
	dateType = reflect.TypeFor[Date]()
	anyType  = reflect.TypeFor[any]()
	extraTyp = reflect.TypeFor[[]Field]()
)

func (d *decoder) decode(n *Node, v reflect.Value, path string) {
	if n == nil || n.Kind == Null {
		return
	}
	t := v.Type()
	switch {
	case t == dateType:
		if n.Kind != Scalar {
			d.wrong(n.Pos, path, "", "expected a date like 2020-09-08, found %s", n.Kind)
			return
		}
		date, err := ParseDate(n.Value)
		if err != nil {
			d.wrong(n.Pos, path, "write dates as YYYY-MM-DD", "%v", err)
			return
		}
		v.Set(reflect.ValueOf(date))
		return
	case t == anyType:
		v.Set(reflect.ValueOf(n.toAny()))
		return
	}
	switch t.Kind() {
	case reflect.String:
		if n.Kind != Scalar {
			d.wrong(n.Pos, path, "", "expected text, found %s", n.Kind)
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		// YAML reads digits too many for 64 bits as a fraction.
		whole := n.Tag == TagInt || (n.Tag == TagFloat && strings.Trim(strings.TrimLeft(n.Value, "+-"), "0123456789") == "")
		if n.Kind != Scalar || !whole {
			d.wrong(n.Pos, path, "", "expected a whole number, found %s", describe(n))
			return
		}
		if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.wrong(n.Pos, path, "", "%s is out of range (a whole number from %d to %d)", n.Value, math.MinInt32, math.MaxInt32)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Kind != Scalar || n.Tag != TagBool {
			d.wrong(n.Pos, path, "", "expected true or false, found %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true")
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
	case reflect.Slice:
		if n.Kind != List {
			d.wrong(n.Pos, path, "", "expected a list, found %s", describe(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Items), len(n.Items))
		for i, item := range n.Items {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != Map {
			d.wrong(n.Pos, path, "", "expected a mapping of keys to values, found %s", describe(n))
			return
		}
		m := reflect.MakeMapWithSize(t, len(n.Keys))
		for _, k := range n.Keys {
			e := reflect.New(t.Elem()).Elem()
			d.decode(k.Value, e, join(path, k.Name))
			m.SetMapIndex(reflect.ValueOf(k.Name), e)
		}
		v.Set(m)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	default:
		panic("frontmatter: unsupported field type " + t.String())
	}
}

func (d *decoder) decodeStruct(n *Node, v reflect.Value, path string) {
	if n.Kind != Map {
		d.wrong(n.Pos, path, "", "expected a mapping of keys to values, found %s", describe(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var names []string
	extra, pos := -1, -1
	var keyPos map[string]int
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("fm")
		switch {
		case tag == ",extra" && t.Field(i).Type == extraTyp:
			extra = i
		case tag == ",pos" && t.Field(i).Type == posType:
			pos = i
		case strings.HasSuffix(tag, ",pos") && t.Field(i).Type == posType:
			if keyPos == nil {
				keyPos = map[string]int{}
			}
			keyPos[strings.TrimSuffix(tag, ",pos")] = i
		case tag != "" && tag != "-":
			fields[tag] = i
			names = append(names, tag)
		}
	}
	if pos >= 0 {
		v.Field(pos).Set(reflect.ValueOf(n.Pos))
	}
	sort.Strings(names)
	for _, k := range n.Keys {
		i, ok := fields[k.Name]
		if !ok {
			if extra >= 0 {
				f := v.Field(extra)
				f.Set(reflect.Append(f, reflect.ValueOf(Field(k))))
				continue
			}
			d.errorf(k.Pos, KeyHint(k.Name, names), "unknown key %q%s", k.Name, in(path))
			continue
		}
		d.decode(k.Value, v.Field(i), join(path, k.Name))
		if j, ok := keyPos[k.Name]; ok && k.Value != nil {
			v.Field(j).Set(reflect.ValueOf(k.Value.Pos))
		}
	}
}

// FieldNames lists the keys a struct type accepts, for hints.
func FieldNames(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var names []string
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("fm")
		if tag != "" && tag != "-" && !strings.Contains(tag, ",") {
			names = append(names, tag)
		}
	}
	sort.Strings(names)
	return names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func in(path string) string {
	if path == "" {
		return ""
	}
	return " in " + path
}

func describe(n *Node) string {
	if n.Kind != Scalar {
		return n.Kind.String()
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return strconv.Quote(v)
}

// toAny converts a node into plain Go values for free-form params.
func (n *Node) toAny() any {
	switch n.Kind {
	case Null:
		return nil
	case Map:
		m := make(map[string]any, len(n.Keys))
		for _, k := range n.Keys {
			m[k.Name] = k.Value.toAny()
		}
		return m
	case List:
		l := make([]any, len(n.Items))
		for i, item := range n.Items {
			l[i] = item.toAny()
		}
		return l
	}
	switch n.Tag {
	case TagInt:
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return int(i)
		}
	case TagFloat:
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case TagBool:
		return n.Value == "true"
	case TagDate:
		if d, err := ParseDate(n.Value); err == nil {
			return d.Time
		}
	}
	return n.Value
}

// Date is a calendar date (or date and time) from front matter.
type Date struct{ time.Time }

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"}

// ParseDate accepts YYYY-MM-DD, optionally with a time, and rejects
// impossible dates such as 2020-02-30.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var firstErr error
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err == nil {
			return Date{t}, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if pe, ok := firstErr.(*time.ParseError); ok && pe.Message != "" {
		// pe.Message reads ": day out of range", colon included.
		return Date{}, fmt.Errorf("impossible date %q%s", s, pe.Message)
	}
	return Date{}, fmt.Errorf("invalid date %q", s)
}
