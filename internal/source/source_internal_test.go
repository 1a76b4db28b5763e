package source

import (
	"bytes"
	"context"
	"testing"
	"testing/iotest"
)

// TestReadSized reads files whose size Stat gave right, too small (the
// file grew since), too large (it shrank) or unknown, in pieces.
func TestReadSized(t *testing.T) {
	data := bytes.Repeat([]byte("gloss "), 1000)
	for _, size := range []int64{int64(len(data)), 10, int64(len(data)) + 500, 0, -1, 2 << 30} {
		got, err := readSized(context.Background(), iotest.HalfReader(bytes.NewReader(data)), size)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("size %d: read %d bytes, %v; want all %d", size, len(got), err, len(data))
		}
		if size == int64(len(data)) && cap(got) > len(data)+1 {
			t.Errorf("size right: capacity %d for %d bytes", cap(got), len(data))
		}
	}
	if _, err := readSized(context.Background(), iotest.ErrReader(iotest.ErrTimeout), 10); err == nil {
		t.Error("a read error was not returned")
	}
}
