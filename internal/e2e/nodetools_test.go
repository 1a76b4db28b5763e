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
// npm ci (from the lock file, as .ci/test does) when they are missing or
// older than the lock file. A
// test that needs them fails, never skips, when they cannot be had.
func nodeTools(t testing.TB) string {
	t.Helper()
	nodeOnce.Do(func() {
		// npm writes node_modules/.package-lock.json on each install: one
		// older than the lock file is an install from before a change to it.
		installed, err := os.Stat(filepath.Join(nodeDir, "node_modules", ".package-lock.json"))
		lock, lockErr := os.Stat(filepath.Join(nodeDir, "package-lock.json"))
		if err == nil && lockErr == nil && !installed.ModTime().Before(lock.ModTime()) {
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
