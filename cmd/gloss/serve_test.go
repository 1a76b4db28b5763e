package main

import (
	"net"
	"strings"
	"testing"
)

// TestServeAddr checks that a malformed --addr is a usage error (exit 2,
// before anything is built or listened on) and that a well-formed address
// that cannot be listened on is an I/O error (exit 3, saying why).
func TestServeAddr(t *testing.T) {
	site := writeSite(t, goodSite)
	for _, addr := range []string{
		"nonsense",           // no port
		"127.0.0.1",          // no port
		"127.0.0.1:99999",    // port out of range
		"127.0.0.1:-1",       // negative port
		"127.0.0.1:http-alt", // service names are not taken
		"localhost:12ab",     // not a number
		"bad_host!:1313",     // not a host name
		"::1:1313",           // IPv6 without brackets
		"[::1:1313",          // unclosed bracket
	} {
		code, _, stderr := gloss(t, "", "serve", "--site", site, "--addr", addr)
		if code != 2 || !strings.Contains(stderr, "gloss serve: --addr") || !strings.Contains(stderr, "Usage") {
			t.Errorf("--addr %q: exit %d, want 2 with the reason and usage; stderr:\n%s", addr, code, stderr)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().String()
	code, _, stderr := gloss(t, "", "serve", "--site", site, "--addr", taken)
	if code != 3 || !strings.Contains(stderr, "listening on "+taken) || !strings.Contains(stderr, "pick another port: --addr") || strings.Contains(stderr, "Usage") {
		t.Errorf("--addr %s in use: exit %d, want 3 naming the listen failure and how to proceed, without usage; stderr:\n%s", taken, code, stderr)
	}
}
