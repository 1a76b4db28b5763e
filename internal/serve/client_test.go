package serve

import (
	"os/exec"
	"testing"
)

// TestClientBehaviour runs client.js under node with a fake EventSource
// and DOM (testdata/client_test.js): which events reload the page, swap
// stylesheets, show and dismiss the overlay, and reconnect. Without node
// it is skipped; the HTTP side is covered by the other tests either way.
func TestClientBehaviour(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	out, err := exec.Command(node, "testdata/client_test.js", "client.js").CombinedOutput()
	if err != nil {
		t.Fatalf("client.js scenarios failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
