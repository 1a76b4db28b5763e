package build_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/export"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// TestDeterminism writes one site to two folders, its files created in
// different orders with different modification times, builds each from
// disk on a different number of cores, writes each output, and requires
// the two output trees to be identical byte for byte.
func TestDeterminism(t *testing.T) {
	s := goldenSite(t, "site.txtar")
	s.apply(explainerExtras)
	names := make([]string, 0, len(s.fs))
	for name := range s.fs {
		names = append(names, name)
	}
	sort.Strings(names)

	var results [2]*build.Result
	var outs [2]string
	for i, seed := range []uint64{1, 2} {
		dir := t.TempDir()
		rng := rand.New(rand.NewPCG(seed, seed*7919))
		order := slices.Clone(names)
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, name := range order {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, s.fs[name].Data, 0o644); err != nil {
				t.Fatal(err)
			}
			mtime := time.Unix(1_000_000_000+rng.Int64N(1_000_000_000), 0)
			if err := os.Chtimes(p, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}
		procs := runtime.GOMAXPROCS(0)
		if i == 0 {
			runtime.GOMAXPROCS(1)
		} else {
			runtime.GOMAXPROCS(max(4, procs))
		}
		res := buildOnce(t, os.DirFS(dir), build.Options{})
		runtime.GOMAXPROCS(procs)
		if res.Failed() {
			t.Fatalf("build %d failed: %v", i, res.Diags)
		}
		out := filepath.Join(t.TempDir(), "public")
		if err := export.WriteDir(res, out); err != nil {
			t.Fatal(err)
		}
		results[i], outs[i] = res, out
	}

	assertSameFiles(t, results[0].Files, results[1].Files)
	if !slices.Equal(results[0].Inputs, results[1].Inputs) {
		t.Errorf("inputs differ:\n%q\n%q", results[0].Inputs, results[1].Inputs)
	}
	if !slices.Equal(results[0].Diags, results[1].Diags) {
		t.Errorf("diagnostics differ:\n%v\n%v", results[0].Diags, results[1].Diags)
	}
	a, b := readTree(t, outs[0]), readTree(t, outs[1])
	assertSameFiles(t, a, b)
	if want := len(results[0].Files) + countDirs(results[0].Files) + 1; len(a) != want { // + export.Marker
		t.Errorf("output tree has %d entries, want %d: the files, their folders and the marker", len(a), want)
	}
}

// explainerExtras adds pages beyond the golden site so that ordering,
// inverses and parallel rendering have more to get wrong.
const explainerExtras = `
-- content/counterexamples/clean-network.md --
---
title: The Clean Network programme
date: 2020-08-05
params: {actor: US, status: policy}
---
## What it did
Text.
-- content/counterexamples/tiktok.md --
---
title: The TikTok and WeChat orders
date: 2020-08-06
---
Text.
-- content/principles/third.md --
---
title: Third principle
weight: 3
counterexamples: [tiktok, clean-network, cloud-act]
---
See [clean network](../counterexamples/clean-network.md#what-it-did).

` + "```go\nfunc main() {}\n```\n" + `
-- content/principles/fourth.md --
---
title: Fourth principle
weight: 3
counterexamples: [clean-network]
---
Same weight as the third: ordered by title.
`

// readTree returns every file under root by slash path, and every folder
// (with a nil value and a trailing slash) so that empty folders count too.
func readTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	return sitetest.ReadTree(t, root)
}

// countDirs counts the distinct folders the output paths need.
func countDirs(files map[string][]byte) int {
	dirs := map[string]bool{}
	for p := range files {
		for d := filepath.Dir(p); d != "."; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	return len(dirs)
}
