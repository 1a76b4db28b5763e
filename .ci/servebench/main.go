// Command servebench measures dev servers the way an author feels them:
// from a page's file being written to the new text being served, for gloss
// serve and hugo server alike, on copies of the same corpus, alternating
// edits between the two. It also reports each server's resident memory.
// Not part of CI; run it by hand (see .ci/bench-serve).
//
//	go run ./.ci/servebench -gloss /tmp/gloss -g /tmp/g10k -h /tmp/h10k -edits 50
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// running are the servers started, killed on any exit.
var (
	running []*exec.Cmd
	work    string // the temporary copies, removed on exit
)

func exit(code int) {
	for _, c := range running {
		c.Process.Kill()
		c.Wait()
	}
	if work != "" {
		os.RemoveAll(work)
	}
	os.Exit(code)
}

type server struct {
	name string
	cmd  *exec.Cmd
	url  string // page URL to poll
	file string // the page's source
	orig []byte
	lat  []time.Duration
}

func main() {
	glossBin := flag.String("gloss", "gloss", "the gloss binary")
	gsite := flag.String("g", "", "gloss corpus site (copied)")
	hsite := flag.String("h", "", "hugo corpus site (copied)")
	edits := flag.Int("edits", 50, "edits per server")
	page := flag.String("page", "principles/p00500", "the page to edit, without .md")
	flag.Parse()
	if *gsite == "" || *hsite == "" {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	work, err = os.MkdirTemp("", "servebench")
	check(err)
	g, h := filepath.Join(work, "g"), filepath.Join(work, "h")
	check(os.CopyFS(g, os.DirFS(*gsite)))
	check(os.CopyFS(h, os.DirFS(*hsite)))

	servers := []*server{
		start("gloss", exec.Command(*glossBin, "serve", "--site", g, "--addr", "127.0.0.1:18313"),
			"http://127.0.0.1:18313/"+*page+"/", filepath.Join(g, "content", *page+".md")),
		start("hugo", exec.Command("hugo", "server", "-s", h, "--bind", "127.0.0.1", "-p", "18314",
			"--baseURL", "http://127.0.0.1:18314/"), // Hugo's defaults, fast render included: its best case
			"http://127.0.0.1:18314/"+*page+"/", filepath.Join(h, "content", *page+".md")),
	}
	for _, s := range servers {
		waitFor(s, "", 5*time.Minute)
		s.orig, err = os.ReadFile(s.file)
		check(err)
	}
	for i := range *edits {
		for _, s := range servers { // alternate, so noise falls on both
			marker := fmt.Sprintf("servebench-edit-%d", i)
			check(os.WriteFile(s.file, fmt.Appendf(append([]byte{}, s.orig...), "\n%s\n", marker), 0o644))
			start := time.Now()
			waitFor(s, marker, time.Minute)
			s.lat = append(s.lat, time.Since(start))
			time.Sleep(100 * time.Millisecond)
		}
	}
	fmt.Printf("| server | p50 (ms) | p95 (ms) | resident memory (MB) |\n|---|---|---|---|\n")
	for _, s := range servers {
		sort.Slice(s.lat, func(i, j int) bool { return s.lat[i] < s.lat[j] })
		p := func(q float64) float64 {
			return float64(s.lat[min(len(s.lat)-1, int(q*float64(len(s.lat))))].Microseconds()) / 1000
		}
		fmt.Printf("| %s | %.1f | %.1f | %d |\n", s.name, p(0.5), p(0.95), rss(s.cmd.Process.Pid))
	}
	exit(0)
}

func start(name string, cmd *exec.Cmd, url, file string) *server {
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	check(cmd.Start())
	running = append(running, cmd)
	return &server{name: name, cmd: cmd, url: url, file: file}
}

// waitFor polls the page every millisecond until it is served and, if
// marker is set, contains it.
func waitFor(s *server, marker string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), marker) {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	fmt.Fprintf(os.Stderr, "servebench: %s did not serve %q in %s\n", s.name, marker, limit)
	exit(1)
}

// rss is a process's resident memory in MB.
func rss(pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 1 && fields[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(fields[1])
			return kb / 1024
		}
	}
	return 0
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "servebench:", err)
		exit(1)
	}
}
