package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// nodeDir holds the Node tools the tests drive (.ci/node/package.json,
// pinned by its package-lock.json): axe-core, which the accessibility test
// runs inside Chromium, and html-validate.
var nodeDir = filepath.Join("..", "..", ".ci", "node")

var (
	nodeOnce sync.Once
	nodeErr  error
	nodeOut  []byte
)

// nodeTools returns the folder of the Node tools, installing them with
// npm ci (from the lock file, as .ci/run does) when they are missing. A
// test that needs them fails, never skips, when they cannot be had.
func nodeTools(t testing.TB) string {
	t.Helper()
	nodeOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", ".package-lock.json")); err == nil {
			return
		}
		npm, err := exec.LookPath("npm")
		if err != nil {
			nodeErr = err
			return
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = nodeDir
		nodeOut, nodeErr = cmd.CombinedOutput()
	})
	if nodeErr != nil {
		t.Fatalf("the Node tools in .ci/node are missing and npm ci failed (apt-get install -y nodejs npm; cd .ci/node && npm ci): %v\n%s", nodeErr, nodeOut)
	}
	abs, err := filepath.Abs(nodeDir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
