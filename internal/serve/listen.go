package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// DefaultAddr is where `gloss serve` listens: loopback, so a dev server on
// a shared machine or café Wi-Fi is not reachable from elsewhere.
const DefaultAddr = "127.0.0.1:1313"

// readHeaderTimeout bounds how long a connection may take to send its
// request headers, so that idle or trickling connections do not pile up.
const readHeaderTimeout = 10 * time.Second

// CheckAddr reports whether addr is a listen address Listen can try:
// HOST:PORT, where HOST is empty (every interface), an IP address (with a
// zone if need be) or a host name, and PORT a number up to 65535 (0 picks
// a free port). It checks the form only: whether the port is free shows
// when Listen listens.
func CheckAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not HOST:PORT", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if _, err := netip.ParseAddr(host); err != nil && host != "" && !hostName(host) {
		return fmt.Errorf("%q: %q is not an IP address or host name", addr, host)
	}
	return nil
}

// hostName reports whether s has the form of a DNS name: dot-separated
// labels of letters, digits and inner hyphens.
func hostName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// Listening is a Server answering HTTP on an address, from Listen.
type Listening struct {
	// URL is the server's root, "http://127.0.0.1:1313/", with the port
	// that was picked when the address asked for port 0.
	URL  string
	hs   *http.Server
	done chan error
}

// Listen checks addr (see CheckAddr), listens on it and serves s there in
// the background until Shutdown. The address it listens on becomes an
// allowed Host (SetListenAddr).
func (s *Server) Listen(addr string) (*Listening, error) {
	if err := CheckAddr(addr); err != nil {
		return nil, fmt.Errorf("listen address %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	s.SetListenAddr(ln.Addr().String())
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: readHeaderTimeout}
	// Event streams never end on their own: Close ends them, so that
	// Shutdown, which waits for active requests, returns.
	hs.RegisterOnShutdown(s.Close)
	l := &Listening{URL: "http://" + ln.Addr().String() + "/", hs: hs, done: make(chan error, 1)}
	go func() {
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			l.done <- err
		}
	}()
	return l, nil
}

// Failed delivers the error that stopped the server from accepting
// connections, if it stops other than by Shutdown.
func (l *Listening) Failed() <-chan error { return l.done }

// Shutdown stops accepting connections, ends the event streams and waits,
// until ctx is done, for the requests in flight.
func (l *Listening) Shutdown(ctx context.Context) error {
	if err := l.hs.Shutdown(ctx); err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	return nil
}
