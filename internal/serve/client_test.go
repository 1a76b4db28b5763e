package serve

import (
	"os/exec"
	"testing"
)

// TestClientBehaviour runs client.js under node with a fake EventSource
// and DOM (testdata/client_test.js): which events reload the page, swap
// stylesheets, show and dismiss the overlay, and reconnect. It needs node
// (.ci/run installs it where it is missing) and fails without it: a test
// that skips silently proves nothing.
func TestClientBehaviour(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed; it runs the client script's scenarios (apt-get install -y nodejs)")
	}
	out, err := exec.Command(node, "testdata/client_test.js", "client.js").CombinedOutput()
	if err != nil {
		t.Fatalf("client.js scenarios failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
