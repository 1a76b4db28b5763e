package offline

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gloss-ssg/gloss/internal/spill"
)

// Archive is a zip held as the pieces it is made of: each entry's
// compressed bytes where compression left them, and the headers that
// archive/zip wrote between them. A big site's zip is tens of megabytes;
// copying it into one slice came when the heap was at its soft limit,
// and cost a tenth of the 10,000-page build (0.3 to 0.5 s, serial).
// Written out, it is byte for byte the zip.
type Archive struct {
	pieces [][]byte
	size   int64
	// spilled holds the bytes instead of pieces once Spill has run.
	spilled *spill.File
	closed  bool
}

// Size is the zip's length in bytes.
func (a *Archive) Size() int64 {
	if a == nil {
		return 0
	}
	return a.size
}

// WriteTo writes the zip to w, in writes of up to writeBuffer bytes: the
// pieces are many and small (a header, an entry), and one write each
// would be a system call each.
func (a *Archive) WriteTo(w io.Writer) (int64, error) {
	if a == nil {
		return 0, nil
	}
	if a.closed {
		return 0, errors.New("zip: read after Close")
	}
	if a.spilled != nil {
		n, err := io.CopyBuffer(w, io.NewSectionReader(a.spilled, 0, a.size), make([]byte, writeBuffer))
		if err == nil && n != a.size {
			err = fmt.Errorf("zip: %d of %d bytes read back", n, a.size)
		}
		return n, err
	}
	bw := bufio.NewWriterSize(w, writeBuffer)
	var n int64
	for _, p := range a.pieces {
		k, err := bw.Write(p)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// Bytes returns the zip as one slice, a copy; nil if a spilled zip
// cannot be read back.
func (a *Archive) Bytes() []byte {
	if a == nil {
		return nil
	}
	var b bytes.Buffer
	b.Grow(int(a.size))
	if _, err := a.WriteTo(&b); err != nil {
		return nil
	}
	return b.Bytes()
}

// Spill moves the zip's bytes out of memory into a temporary file in dir
// (os.TempDir() if ""; package spill). A big site's hosted variant is
// then built without the zip in the heap: at 10,000 pages that is 40 MB,
// and holding it cost the build about a tenth of its time in garbage
// collection at its soft memory limit (the numbers are in
// docs/performance.md). A zip under spillMin stays in memory. The
// Archive reads as before.
func (a *Archive) Spill(dir string) (err error) {
	if a.spilled != nil || a.size < spillMin || a.closed {
		return nil
	}
	f, err := spill.Create(dir)
	if err != nil {
		return fmt.Errorf("zip: keeping it on disk: %w", err)
	}
	if _, err := a.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("zip: keeping it on disk: %w", err)
	}
	a.spilled, a.pieces = f, nil
	return nil
}

// Close lets go of the file a spilled zip is kept in, which cannot be
// read after it; a zip in memory stays as it is.
func (a *Archive) Close() error {
	if a == nil || a.spilled == nil {
		return nil
	}
	a.closed = true
	err := a.spilled.Close()
	a.spilled = nil
	return err
}

// pieceWriter is what archive/zip writes an Archive into. Headers are
// copied (archive/zip reuses its buffer); an entry's data, written
// between begin and end, is kept as the caller's slice instead of the
// copies that reach it through archive/zip's buffer.
type pieceWriter struct {
	a       Archive
	headers []byte // the current chunk of copied header bytes
	open    bool   // the last piece ends at the end of headers
	inData  bool   // between begin and end
	data    []byte // the entry being written, between begin and end
	got     int    // of data, the bytes that reached Write
}

// writeBuffer is the buffer WriteTo writes through: a few hundred writes
// for a big site's zip, and little fresh memory for a small one's (on a
// small site, every page the heap grows by is a page fault).
const writeBuffer = 64 << 10

// spillMin is the smallest zip Spill moves to disk: only a big site's
// heap nears its soft limit, where the zip's bytes cost collections, and
// for a small one the file would cost more than it saves.
const spillMin = 4 << 20

// headerChunk is the size of the chunks headers are copied into.
const headerChunk = 64 << 10

func (w *pieceWriter) Write(p []byte) (int, error) {
	n := len(p)
	if w.inData {
		w.got += n
		return n, nil
	}
	for len(p) > 0 {
		if len(w.headers) == cap(w.headers) {
			w.headers = make([]byte, 0, max(headerChunk, len(p)))
			w.open = false
		}
		k := min(len(p), cap(w.headers)-len(w.headers))
		start := len(w.headers)
		w.headers = append(w.headers, p[:k]...)
		if last := len(w.a.pieces) - 1; w.open {
			w.a.pieces[last] = w.headers[start-len(w.a.pieces[last]):]
		} else {
			w.a.pieces = append(w.a.pieces, w.headers[start:])
			w.open = true
		}
		w.a.size += int64(k)
		p = p[k:]
	}
	return n, nil
}

// begin says that the bytes written until end are data, and the caller's
// archive/zip buffer is flushed, so that no header bytes are among them.
func (w *pieceWriter) begin(data []byte) {
	w.inData, w.data, w.got = true, data, 0
}

// end keeps data as a piece once all its bytes have been written (the
// caller flushes archive/zip's buffer first).
func (w *pieceWriter) end() error {
	data := w.data
	w.inData, w.data = false, nil
	if w.got != len(data) {
		return fmt.Errorf("zip: %d bytes of data reached the archive, want %d", w.got, len(data))
	}
	if len(data) > 0 {
		w.a.pieces = append(w.a.pieces, data)
		w.a.size += int64(len(data))
		w.open = false
	}
	return nil
}

// Equal reports whether the zip's bytes are data.
func (a *Archive) Equal(data []byte) bool {
	if a.Size() != int64(len(data)) {
		return false
	}
	if a.spilled != nil {
		return bytes.Equal(a.Bytes(), data)
	}
	for _, p := range a.pieces {
		if !bytes.Equal(p, data[:len(p)]) {
			return false
		}
		data = data[len(p):]
	}
	return true
}
