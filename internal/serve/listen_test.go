package serve

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCheckAddr(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:1313", ":1313", "0.0.0.0:0", "[::1]:8080", "localhost:65535", "my-box.local:1313", "[fe80::1%eth0]:1313"} {
		if err := CheckAddr(addr); err != nil {
			t.Errorf("CheckAddr(%q): %v", addr, err)
		}
	}
	for _, addr := range []string{"", "1313", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:+80", "127.0.0.1:0x50",
		"host:http", "a..b:1", "-a:1", "a_b:1", "::1:1313", "[::1:1313"} {
		if err := CheckAddr(addr); err == nil {
			t.Errorf("CheckAddr(%q) accepted it", addr)
		}
	}
}

// TestListen serves a build on a free loopback port, answers under the
// address it listens on, and stops: Shutdown ends the open event stream
// instead of waiting for it.
func TestListen(t *testing.T) {
	s := New(Options{})
	s.Publish(site(), nil)
	if _, err := s.Listen("127.0.0.1:http"); err == nil || !strings.Contains(err.Error(), "listen address") {
		t.Errorf("Listen with a malformed address: %v", err)
	}
	l, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.URL, "http://127.0.0.1:") || strings.HasSuffix(l.URL, ":0/") {
		t.Errorf("URL %q does not name the port picked", l.URL)
	}
	resp, err := http.Get(l.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<h1>Home</h1>") {
		t.Errorf("GET /: %d %s", resp.StatusCode, body)
	}
	events, err := http.Get(l.URL + "_gloss/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown with an event stream open: %v", err)
	}
	select {
	case err := <-l.Failed():
		t.Errorf("Failed after Shutdown: %v", err)
	default:
	}
	if _, err := http.Get(l.URL); err == nil {
		t.Error("still answering after Shutdown")
	}
}
