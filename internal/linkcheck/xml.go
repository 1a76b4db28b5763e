package linkcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Namespaces of the XML files whose URLs are checked.
const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	atomNS    = "http://www.w3.org/2005/Atom"
)

// scanXML reads the URLs of a sitemap (each <loc>, which must be
// absolute) or an Atom feed (each <link href>, relative to the feed when
// relative). Other XML files are not read. A sitemap or feed that is not
// well-formed is a problem: its readers would drop it whole.
func scanXML(name string, data []byte) *scanned {
	s := &scanned{}
	d := xml.NewDecoder(bytes.NewReader(data))
	var root string // the root element's namespace, once known
	var loc *strings.Builder
	locOff := 0
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return s
		}
		if err != nil {
			if root == sitemapNS || root == atomNS {
				s.probs = append(s.probs, problem{out: name, off: off, what: name,
					reason: "is not well-formed XML (" + err.Error() + "): sitemap and feed readers drop it"})
			}
			return s
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = t.Name.Space
				if root != sitemapNS && root != atomNS {
					return s // another kind of XML file
				}
			}
			switch {
			case root == sitemapNS && t.Name.Local == "loc":
				loc, locOff = &strings.Builder{}, int(d.InputOffset())
			case root == atomNS && t.Name.Local == "link" && t.Name.Space == atomNS:
				for _, a := range t.Attr {
					if a.Name.Local == "href" && a.Name.Space == "" {
						s.refs = append(s.refs, ref{what: "<link href>", val: a.Value, use: absolute, off: off, base: name})
					}
				}
			}
		case xml.CharData:
			if loc != nil {
				loc.Write(t)
			}
		case xml.EndElement:
			if loc != nil && t.Name.Local == "loc" {
				s.refs = append(s.refs, ref{what: "<loc>", val: strings.TrimSpace(loc.String()), use: absolute, absOnly: true, off: locOff, base: name})
				loc = nil
			}
		}
	}
}

// scanRobots reads robots.txt's Sitemap: lines, whose URLs must be
// absolute.
func scanRobots(name string, data []byte) *scanned {
	s := &scanned{}
	off := 0
	for line := range strings.Lines(string(data)) {
		field, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(field), "sitemap") {
			v := strings.TrimSpace(value)
			if i := strings.IndexByte(v, '#'); i >= 0 { // a comment
				v = strings.TrimSpace(v[:i])
			}
			s.refs = append(s.refs, ref{what: "Sitemap:", val: v, use: absolute, absOnly: true,
				off: off + len(field) + 1 + strings.Index(value, v), base: name})
		}
		off += len(line)
	}
	return s
}
