package layout

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TimelineSVG draws the dated pages (Dated) as an inline <svg>, made when
// the page is built: time runs left to right, with a tick for each year;
// each lane is one value of the page parameter param (an actor), in the
// order of its first date and labelled over its dots, with the pages that
// have none in a last lane labelled other; each page is a dot that links
// to it, with its date and title as the dot's tooltip.
//
//	{{ .TimelineSVG "actor" "Other" }}
//
// The drawing repeats what a list of the same pages says, for readers who
// see it at a glance; it is not their way in. It is aria-hidden and its
// links are out of the tab order, so a screen reader or keyboard reader
// meets each page once, in the list, which the layout keeps as the
// drawing's text alternative (a role="img" drawing would hide the links
// from them anyway, and a second set of links would say everything
// twice).
//
// Colours, fonts and strokes come from the stylesheet (the elements carry
// classes: timeline-svg, tl-year, tl-grid, tl-rule, tl-lane with
// data-lane, tl-label, tl-track, tl-dot), so that light, dark and print
// themes apply. The
// drawing is 600 units wide and scales to its container; the same pages
// give the same bytes.
func (p *Page) TimelineSVG(param, other string) (template.HTML, error) {
	dated, err := p.Dated()
	if err != nil {
		return "", err
	}
	return drawTimeline(dated, param, other), nil
}

// The drawing's geometry, in user units.
const (
	tlWidth    = 600.0
	tlTop      = 26.0 // the year labels
	tlBottom   = 6.0
	tlLeft     = 10.0
	tlRight    = 10.0
	tlLabel    = 15.0 // a lane's label, over its dots
	tlRow      = 14.0 // between the rows of a lane
	tlLanePad  = 8.0  // above the first row and below the last
	tlRadius   = 5.0  // of a dot
	tlGap      = 2*tlRadius + 3
	tlFont     = 12.0
	tlYearFont = 11.0
	tlYearMin  = 31.0 // the least room a year label needs
)

type tlDot struct {
	link *Link
	x    float64
	row  int
}

type tlLane struct {
	label string
	dots  []tlDot
	rows  []float64 // the x of the last dot of each row
}

// place puts a dot at x in the first row where it does not touch the one
// before it, or a new row.
func (l *tlLane) place(link *Link, x float64) {
	row := slices.IndexFunc(l.rows, func(last float64) bool { return x-last >= tlGap })
	if row < 0 {
		row = len(l.rows)
		l.rows = append(l.rows, 0)
	}
	l.rows[row] = x
	l.dots = append(l.dots, tlDot{link: link, x: x, row: row})
}

func drawTimeline(pages []*Link, param, other string) template.HTML {
	if len(pages) == 0 {
		return ""
	}
	first, last := pages[0].Date.Year(), pages[0].Date.Year()
	for _, l := range pages {
		first, last = min(first, l.Date.Year()), max(last, l.Date.Year())
	}
	t0 := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)

	// Each lane's label is over its dots, not beside them: time gets the
	// whole width, and a long label ("PRC and five Central Asian states")
	// is not cut.
	left := tlLeft
	span := t1.Sub(t0).Seconds()
	xOf := func(t time.Time) float64 {
		return left + (tlWidth-tlRight-left)*t.Sub(t0).Seconds()/span
	}

	// Lanes in the order of their first page; "other" last.
	var lanes []*tlLane
	byLabel := map[string]*tlLane{}
	rest := &tlLane{label: other}
	for _, l := range pages {
		lane := rest
		if v, ok := l.Params[param]; ok && v != nil {
			if label := strings.TrimSpace(fmt.Sprint(v)); label != "" {
				if lane = byLabel[label]; lane == nil {
					lane = &tlLane{label: label}
					byLabel[label] = lane
					lanes = append(lanes, lane)
				}
			}
		}
		d := l.Date
		lane.place(l, xOf(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)))
	}
	if len(rest.dots) > 0 {
		lanes = append(lanes, rest)
	}

	height := tlTop
	laneHeight := func(l *tlLane) float64 { return tlLabel + 2*tlLanePad + float64(len(l.rows)-1)*tlRow }
	for _, lane := range lanes {
		height += laneHeight(lane)
	}
	height += tlBottom

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" aria-hidden="true" font-size="%s">`+"\n",
		num(tlWidth), num(height), num(tlWidth), num(height), num(tlFont))

	// Years: a rule at each new year, the label over the middle of its
	// year, every step-th year when they would crowd.
	years := last - first + 1
	step := int(math.Ceil(tlYearMin / ((tlWidth - tlRight - left) / float64(years))))
	b.WriteString(`<g class="tl-years">` + "\n")
	for y := first; y <= last+1; y++ {
		x := xOf(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		fmt.Fprintf(&b, `<line class="tl-grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x), num(tlTop-6), num(x), num(height-tlBottom))
		if y <= last && (y-first)%step == 0 {
			mid := xOf(time.Date(y, 7, 2, 0, 0, 0, 0, time.UTC))
			fmt.Fprintf(&b, `<text class="tl-year" x="%s" y="%s" text-anchor="middle" font-size="%s">%d</text>`+"\n", num(mid), num(tlTop-10), num(tlYearFont), y)
		}
	}
	b.WriteString("</g>\n")

	top := tlTop
	for _, lane := range lanes {
		h := laneHeight(lane)
		row0 := top + tlLabel + tlLanePad // the first row's y
		fmt.Fprintf(&b, `<g class="tl-lane" data-lane="%s">`+"\n", template.HTMLEscapeString(lane.label))
		fmt.Fprintf(&b, `<line class="tl-rule" x1="0" y1="%s" x2="%s" y2="%s"/>`+"\n", num(top), num(tlWidth), num(top))
		fmt.Fprintf(&b, `<text class="tl-label" x="%s" y="%s">%s</text>`+"\n",
			num(left), num(top+tlLabel-2), template.HTMLEscapeString(lane.label))
		for r := range lane.rows {
			y := row0 + float64(r)*tlRow
			fmt.Fprintf(&b, `<line class="tl-track" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(left), num(y), num(tlWidth-tlRight), num(y))
		}
		for _, d := range lane.dots {
			y := row0 + float64(d.row)*tlRow
			fmt.Fprintf(&b, `<a href="%s" tabindex="-1"><title>%s: %s</title><circle class="tl-dot" cx="%s" cy="%s" r="%s"/></a>`+"\n",
				template.HTMLEscapeString(d.link.URL), d.link.Date.Format("2 January 2006"), template.HTMLEscapeString(d.link.Title),
				num(d.x), num(y), num(tlRadius))
		}
		b.WriteString("</g>\n")
		top += h
	}
	b.WriteString("</svg>")
	return template.HTML(b.String()) //nolint:gosec // every value in it is escaped or a number
}

// num writes a coordinate to a tenth of a unit, which is finer than any
// screen or printer shows at the drawing's size, in as few bytes as it
// takes.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
