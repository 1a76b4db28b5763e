package build

import (
	"context"
	"errors"
	"io/fs"

	"github.com/gloss-ssg/gloss/internal/source"
)

// Snapshot is a site's sources read once, to be built more than once: the
// offline variant, then the hosted one. Built from one snapshot, the two
// cannot disagree, even if an author saves a file between the two builds;
// the second build also reuses the first one's parsed front matter, layouts,
// highlighted code, minified assets, every rendered body whose links
// resolve the same in both styles (a body linking only to other sites, or
// to its own headings) and, when the first was built with Options.Twin,
// the twin it left of every other body (twin.go), with its search
// analysis, and its preview cards.
type Snapshot struct {
	sess *Session
	src  *source.Site
	err  error
}

// Read reads the site in fsys once. Its error is for I/O failures (see
// Build); the site's own reading problems are reported by each Build.
func Read(fsys fs.FS, opts Options) (*Snapshot, error) {
	s := NewSession(fsys, opts)
	s.cache = bodyCache{s}
	src, err := source.Load(context.Background(), fsys)
	var errs source.Errors
	if errors.As(err, &errs) {
		if err := ioError(errs); err != nil {
			return nil, err
		}
	}
	return &Snapshot{sess: s, src: src, err: err}, nil
}

// Build builds the snapshot with opts (its Style, Download, Progress and
// Drafts; the snapshot keeps its own Highlighter). It may be called more
// than once, not concurrently. Its only error is ctx's, as for Build.
func (sn *Snapshot) Build(ctx context.Context, opts Options) (*Result, error) {
	// Read has returned I/O failures; the site's own reading problems
	// are errors of this build among its others.
	var unread source.Errors
	if sn.err != nil && !errors.As(sn.err, &unread) {
		return readFailure(sn.err), nil
	}
	opts.Highlighter = sn.sess.opts.Highlighter
	sn.sess.opts = opts
	return sn.sess.build(ctx, sn.src, unread)
}

// Close lets go of what the snapshot keeps outside memory for its next
// build: the page templates a Twin build with Spill left in a temporary
// file, which that build closes itself once it has read them. A build
// after Close executes those pages' layouts instead.
func (sn *Snapshot) Close() {
	sn.sess.twinSpill.close()
	sn.sess.twinSpill, sn.sess.twinPages = nil, nil
}
