// Package assets owns what happens to a site's stylesheets and scripts on
// their way out: minification (tdewolff/minify) and fingerprinting, which
// names each file by a hash of its content ("css/site.3f2a9c1b.css") so
// that a host may cache it for ever and a change still reaches every
// reader. It knows nothing of pages: the build gives it files and gets back
// the files to write and, for layouts, the name each asset is linked by.
package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// Options say what to do to assets.
type Options struct {
	Minify      bool
	Fingerprint bool
	// Memo, if set, keeps what was minified for later calls, which then
	// minify only files whose content changed: a published build minifies
	// the same files for both its variants.
	Memo *Memo
}

// Memo remembers the last minified version of each file, by path. It is
// safe for concurrent use.
type Memo struct {
	// Known, if set, gives files minified beforehand (the embedded
	// theme's), which are then not minified at all.
	Known func(path string, data []byte) ([]byte, bool)
	mu    sync.Mutex
	last  map[string]minified // by path: a new version replaces the old
}

type minified struct {
	orig, data []byte
	err        error
}

// minify minifies f, or finds it done before.
func (m *Memo) minify(f File) ([]byte, error) {
	if m == nil {
		return minifyFile(f)
	}
	if m.Known != nil {
		if data, ok := m.Known(f.Path, f.Data); ok {
			return data, nil
		}
	}
	m.mu.Lock()
	got, ok := m.last[f.Path]
	m.mu.Unlock()
	if ok && bytes.Equal(got.orig, f.Data) {
		return got.data, got.err
	}
	data, err := minifyFile(f)
	m.mu.Lock()
	if m.last == nil {
		m.last = map[string]minified{}
	}
	m.last[f.Path] = minified{f.Data, data, err}
	m.mu.Unlock()
	return data, err
}

// Minify minifies one stylesheet or script, as Process does.
func Minify(p string, data []byte) ([]byte, error) { return minifyFile(File{Path: p, Data: data}) }

func minifyFile(f File) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(f.Data))
	if err := minifier.Minify(mediaType(f.Path), &b, bytes.NewReader(f.Data)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// File is an asset: its path in the output ("css/site.css") and content.
type File struct {
	Path string
	Data []byte
}

// Output is the result of Process.
type Output struct {
	// Files are the files to write: every asset under its own path
	// (minified when asked), and under its fingerprinted path too, so that
	// links written by hand to the plain name keep working.
	Files []File
	// Names maps an asset's path to the path layouts should link
	// ("css/site.css" → "css/site.3f2a9c1b.css"); empty without
	// fingerprinting.
	Names map[string]string
	// Errors are the assets minify could not parse, by path; those are
	// written as they were.
	Errors map[string]error
}

// hashLen is the number of hex digits of the content hash in a name: 32
// bits make a collision between two versions of one file, the only kind
// that matters, vanishingly unlikely.
const hashLen = 8

// Processed reports whether a path is an asset this package handles.
func Processed(p string) bool {
	switch path.Ext(p) {
	case ".css", ".js":
		return true
	}
	return false
}

var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	return m
}()

func mediaType(p string) string {
	if path.Ext(p) == ".css" {
		return "text/css"
	}
	return "text/javascript"
}

// Process minifies and fingerprints the assets. The output follows the
// input's order, so it is deterministic.
func Process(files []File, opts Options) Output {
	out := Output{Names: map[string]string{}, Errors: map[string]error{}}
	for _, f := range files {
		data := f.Data
		if opts.Minify {
			if min, err := opts.Memo.minify(f); err != nil {
				out.Errors[f.Path] = err
			} else {
				data = min
			}
		}
		out.Files = append(out.Files, File{Path: f.Path, Data: data})
		if opts.Fingerprint {
			name := Fingerprinted(f.Path, data)
			out.Names[f.Path] = name
			out.Files = append(out.Files, File{Path: name, Data: data})
		}
	}
	return out
}

// Fingerprinted names a file by its content: "css/site.css" with content
// data becomes "css/site.<hash>.css".
func Fingerprinted(p string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(p)
	return strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:hashLen] + ext
}
