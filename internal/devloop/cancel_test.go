package devloop

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
	"github.com/gloss-ssg/gloss/internal/watch"
)

// slowFS is a site whose next read of one file, once armed, waits until
// released: a build that reads it is as slow as the test wants. Stat
// does not wait, so only the build's read of the file's bytes does.
type slowFS struct {
	fs.FS
	path    string
	armed   atomic.Bool
	reading chan struct{} // gets a value when the slow read starts
	release chan struct{} // closed to let it finish
}

func (s *slowFS) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	if err != nil || name != s.path {
		return f, err
	}
	return &slowFile{File: f, fs: s}, nil
}

type slowFile struct {
	fs.File
	fs *slowFS
}

func (f *slowFile) Read(p []byte) (int, error) {
	if f.fs.armed.CompareAndSwap(true, false) {
		f.fs.reading <- struct{}{}
		<-f.fs.release
	}
	return f.File.Read(p)
}

// publication is one call to a Publisher.
type publication struct {
	files   map[string][]byte
	changed []string
	diags   diag.List // for Fail
}

// recorder is a Publisher that keeps what it is given.
type recorder struct {
	mu   sync.Mutex
	pubs []publication
	got  chan struct{}
}

func (r *recorder) Publish(files map[string][]byte, changed []string) {
	r.mu.Lock()
	r.pubs = append(r.pubs, publication{files: files, changed: changed})
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *recorder) Fail(diags diag.List) {
	r.mu.Lock()
	r.pubs = append(r.pubs, publication{diags: diags})
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *recorder) all() []publication {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.pubs)
}

// TestNewerEditCancelsBuild holds a rebuild on its read of an edited page,
// saves another page meanwhile, and lets the read finish: the held build
// is cancelled, never published, and the one build after it, of both
// edits, is published with exactly what changed and equals a clean build.
func TestNewerEditCancelsBuild(t *testing.T) {
	site := copyRepoSite(t)
	second, third := "content/principles/second.md", "content/principles/third.md"
	fsys := &slowFS{FS: os.DirFS(site), path: second,
		reading: make(chan struct{}), release: make(chan struct{})}
	batches := make(chan watch.Batch)
	pub := &recorder{got: make(chan struct{}, 10)}
	l := &loop{sess: build.NewSession(fsys, buildOptions(false)), fsys: fsys, batches: batches, pub: pub, out: io.Discard}

	ctx, cancel := context.WithCancel(context.Background())
	if err := l.first(ctx); err != nil {
		t.Fatal(err)
	}
	<-pub.got
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, nil) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	letGo := sync.OnceFunc(func() { close(fsys.release) })
	defer letGo() // before the loop is awaited, should the test fail early

	write(t, site, second, read(t, site, second)+"\nThe first save, held back.\n")
	fsys.armed.Store(true)
	batches <- watch.Batch{Paths: []string{second}}
	select {
	case <-fsys.reading:
	case <-time.After(20 * time.Second):
		t.Fatal("the rebuild did not read the edited page")
	}
	write(t, site, third, read(t, site, third)+"\nThe second save.\n")
	select {
	case batches <- watch.Batch{Paths: []string{third}}:
	case <-time.After(20 * time.Second):
		t.Fatal("the loop took no batch while a build was running")
	}
	letGo()

	select {
	case <-pub.got:
	case <-time.After(20 * time.Second):
		t.Fatal("nothing was published after the second save")
	}
	select {
	case <-pub.got:
		t.Fatal("two builds were published for two saves, one of them cancelled")
	case <-time.After(100 * time.Millisecond):
	}
	pubs := pub.all()
	if len(pubs) != 2 || pubs[1].files == nil {
		t.Fatalf("publications: %d, the last a failure: %v", len(pubs), pubs[len(pubs)-1].diags)
	}
	got := pubs[1]
	for _, want := range []string{"principles/second/index.html", "principles/third/index.html"} {
		if !slices.Contains(got.changed, want) {
			t.Errorf("changed %v lacks %s", got.changed, want)
		}
	}
	// A new session's first build is a clean build (build's own tests
	// hold every session to that).
	clean, err := build.NewSession(os.DirFS(site), buildOptions(false)).Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if clean.Failed() {
		t.Fatalf("clean build: %v", clean.Diags)
	}
	for p, w := range clean.Files {
		if g, ok := got.files[p]; !ok || !bytes.Equal(g, w) {
			t.Errorf("%s: served %d bytes (present %v), a clean build has %d", p, len(g), ok, len(w))
		}
	}
	for p := range got.files {
		if _, ok := clean.Files[p]; !ok {
			t.Errorf("%s is served but not in a clean build", p)
		}
	}
	if want := slices.Sorted(func(yield func(string) bool) {
		for p, b := range clean.Files {
			if !bytes.Equal(b, pubs[0].files[p]) && !yield(p) {
				return
			}
		}
		for p := range pubs[0].files {
			if _, ok := clean.Files[p]; !ok && !yield(p) {
				return
			}
		}
	}); !slices.Equal(got.changed, want) {
		t.Errorf("changed %v, want %v", got.changed, want)
	}
}

func TestMerge(t *testing.T) {
	for _, c := range []struct{ a, b, want watch.Batch }{
		{watch.Batch{Paths: []string{"b", "c"}}, watch.Batch{Paths: []string{"a", "c"}}, watch.Batch{Paths: []string{"a", "b", "c"}}},
		{watch.Batch{Full: true}, watch.Batch{Paths: []string{"a"}}, watch.Batch{Full: true}},
		{watch.Batch{Paths: []string{"a"}}, watch.Batch{Full: true}, watch.Batch{Full: true}},
	} {
		if got := merge(c.a, c.b); got.Full != c.want.Full || !slices.Equal(got.Paths, c.want.Paths) {
			t.Errorf("merge(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	var many, more []string
	for i := range watch.MaxBatch {
		many = append(many, "a"+string(rune('0'+i%10))+string(rune('A'+i/10)))
		more = append(more, "b"+string(rune('0'+i%10))+string(rune('A'+i/10)))
	}
	if got := merge(watch.Batch{Paths: many}, watch.Batch{Paths: more}); !got.Full {
		t.Errorf("merging %d paths gave %d paths, not a full rebuild", 2*watch.MaxBatch, len(got.Paths))
	}
}

// chunkFS is a site whose one large file is read in small pieces, as
// from a slow disk or a network mount, counting the reads; once armed,
// its next read waits until released.
type chunkFS struct {
	fs.FS
	path    string
	reads   atomic.Int64
	armed   atomic.Bool
	reading chan struct{}
	release chan struct{}
}

func (c *chunkFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil || name != c.path {
		return f, err
	}
	return &chunkFile{File: f, fs: c}, nil
}

type chunkFile struct {
	fs.File
	fs *chunkFS
}

func (f *chunkFile) Read(p []byte) (int, error) {
	if f.fs.armed.CompareAndSwap(true, false) {
		f.fs.reading <- struct{}{}
		<-f.fs.release
	}
	f.fs.reads.Add(1)
	return f.File.Read(p[:min(len(p), 64<<10)])
}

// TestStopWhileReadingLargeFile stops the server (Ctrl+C) while a rebuild
// reads a large static file: the read stops at once, rather than going
// on to the file's end, which for a video on a slow disk, or one still
// being copied in, kept `gloss serve` from exiting for seconds.
func TestStopWhileReadingLargeFile(t *testing.T) {
	site := copyRepoSite(t)
	const big, size = "static/big.bin", 16 << 20
	if err := os.WriteFile(filepath.Join(site, big), make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := &chunkFS{FS: os.DirFS(site), path: big, reading: make(chan struct{}), release: make(chan struct{})}
	batches := make(chan watch.Batch)
	pub := &recorder{got: make(chan struct{}, 10)}
	l := &loop{sess: build.NewSession(fsys, buildOptions(false)), fsys: fsys, batches: batches, pub: pub, out: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := l.first(ctx); err != nil {
		t.Fatal(err)
	}
	<-pub.got
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, nil) }()
	letGo := sync.OnceFunc(func() { close(fsys.release) })
	defer letGo()

	fsys.armed.Store(true)
	batches <- watch.Batch{Paths: []string{big}}
	select {
	case <-fsys.reading:
	case <-time.After(20 * time.Second):
		t.Fatal("the rebuild did not read the large file")
	}
	cancel() // Ctrl+C
	before := fsys.reads.Load()
	letGo()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the loop did not stop")
	}
	if after := fsys.reads.Load() - before; after > 2 {
		t.Errorf("%d reads of the large file after the server was stopped, of %d in all", after, size/(64<<10))
	}
	if n := len(pub.all()); n != 1 {
		t.Errorf("%d publications, want the first build's alone", n)
	}
}
