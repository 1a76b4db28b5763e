// Command servebench measures dev servers the way an author feels them:
// from a page's file being written to the new text being served, for gloss
// serve and hugo server alike, on copies of the same corpus, alternating
// edits between the two. It also reports each server's resident memory.
// Not part of CI; run it by hand, or with .ci/bench-serve, which makes the
// corpora and runs it twice:
//
//	go run ./.ci/servebench -gloss /tmp/gloss -g /tmp/g10k -h /tmp/h10k -edits 30
//
// Without -h it measures gloss alone. With -trace it also splits gloss's
// time per edit into phases (fsnotify, the quiet window, the build, the
// publish, serving), from the lines `gloss serve` prints with GLOSS_TRACE
// set. Servers are stopped with an interrupt, so that a GLOSS_CPUPROFILE
// in the environment is written.
//
// Each server is measured unperturbed: before every edit, servebench waits
// until every server it runs is idle, that is, until its CPU time (user and
// system, from /proc/PID/stat) has not advanced for -idle (100 ms). A
// server keeps working after it has served an edit (Hugo rebuilds the
// other pages, both collect garbage), and on a small machine an edit that
// lands meanwhile, whichever server it is for, waits for a core: an author
// runs one server, not two. The same rule holds for both tools. A server
// that does not settle within -settle (10 s) is edited anyway, and the
// number of such edits is reported beside its figures. With -v it prints
// each edit's time on stderr, with the CPU each server and the whole
// machine used meanwhile (and, with -trace, gloss's phases, and its
// collections when GODEBUG=gctrace=1 is set), to tell a slow edit's cause.
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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// running are the servers started, killed on any exit.
var (
	running []*exec.Cmd
	work    string // the temporary copies, removed on exit
)

func exit(code int) {
	for _, c := range running {
		stop(c)
	}
	if work != "" {
		os.RemoveAll(work)
	}
	os.Exit(code)
}

type server struct {
	name    string
	cmd     *exec.Cmd
	url     string // page URL to poll
	file    string // the page's source
	orig    []byte
	lat     []time.Duration
	busy    int  // edits made while a server had not gone idle within -settle
	verbose bool // -v
	// traces are gloss's GLOSS_TRACE lines, when -trace is set; phases
	// collects, per phase, its time in each edit.
	traces chan map[string]int64
	phases map[string][]time.Duration
}

func main() {
	glossBin := flag.String("gloss", "gloss", "the gloss binary")
	gsite := flag.String("g", "", "gloss corpus site (copied)")
	hsite := flag.String("h", "", "hugo corpus site (copied); without it, gloss alone is measured")
	edits := flag.Int("edits", 50, "edits per server")
	page := flag.String("page", "", "the page to edit, without .md (default: the middle one of principles/, p00500 at 10,000 pages)")
	dir := flag.String("work", "", "where the copies go (default: the system's temporary folder); it should be on disk, as an author's site is, not tmpfs")
	trace := flag.Bool("trace", false, "also say where gloss's time goes in each edit, from its GLOSS_TRACE lines")
	idle := flag.Duration("idle", 100*time.Millisecond, "before each edit, wait until every server's CPU time has not advanced for this long")
	settle := flag.Duration("settle", 10*time.Second, "edit anyway when a server is not idle after this long (counted and reported)")
	verbose := flag.Bool("v", false, "print each edit's time, and the CPU each server used meanwhile, on stderr")
	flag.Parse()
	if *gsite == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *page == "" {
		ps, _ := filepath.Glob(filepath.Join(*gsite, "content", "principles", "p*.md"))
		if len(ps) == 0 {
			fmt.Fprintf(os.Stderr, "servebench: no principles/p*.md in %s: name a page with -page\n", *gsite)
			os.Exit(2)
		}
		slices.Sort(ps)
		*page = "principles/" + strings.TrimSuffix(filepath.Base(ps[len(ps)/2]), ".md")
	}
	for _, site := range []string{*gsite, *hsite} {
		if _, err := os.Stat(filepath.Join(site, "content", *page+".md")); site != "" && err != nil {
			fmt.Fprintln(os.Stderr, "servebench:", err)
			os.Exit(2)
		}
	}
	var err error
	work, err = os.MkdirTemp(*dir, "servebench")
	check(err)
	if onTmpfs(work) {
		fmt.Fprintf(os.Stderr, "servebench: warning: %s is on tmpfs; an author's site is on disk (use -work)\n", work)
	}
	g, h := filepath.Join(work, "g"), filepath.Join(work, "h")
	check(os.CopyFS(g, os.DirFS(*gsite)))
	gcmd := exec.Command(*glossBin, "serve", "--site", g, "--addr", "127.0.0.1:18313")
	if *trace {
		gcmd.Env = append(os.Environ(), "GLOSS_TRACE=1")
	}
	servers := []*server{start("gloss", gcmd, "http://127.0.0.1:18313/"+*page+"/", filepath.Join(g, "content", *page+".md"), *trace)}
	if *hsite != "" {
		check(os.CopyFS(h, os.DirFS(*hsite)))
		servers = append(servers, start("hugo", exec.Command("hugo", "server", "-s", h, "--bind", "127.0.0.1", "-p", "18314",
			"--baseURL", "http://127.0.0.1:18314/"), // Hugo's defaults, fast render included: its best case
			"http://127.0.0.1:18314/"+*page+"/", filepath.Join(h, "content", *page+".md"), false))
	}
	for _, s := range servers {
		s.verbose = *verbose
		waitFor(s, "", 5*time.Minute)
		s.orig, err = os.ReadFile(s.file)
		check(err)
	}
	for i := range *edits {
		for _, s := range servers { // alternate, so noise falls on both
			for _, o := range servers {
				if !waitIdle(o.cmd.Process.Pid, *idle, *settle) {
					s.busy++ // o was still busy when s was edited
				}
			}
			marker := fmt.Sprintf("servebench-edit-%d", i)
			if *verbose {
				fmt.Fprintf(os.Stderr, "servebench: %s %s edit %d\n", time.Now().Format("15:04:05.000"), s.name, i)
			}
			var ticks []int64
			for _, o := range servers {
				ticks = append(ticks, cpuTicks(o.cmd.Process.Pid))
			}
			machine := machineTicks()
			start := time.Now() // from the write, as the author's editor starts it
			check(os.WriteFile(s.file, fmt.Appendf(append([]byte{}, s.orig...), "\n%s\n", marker), 0o644))
			waitFor(s, marker, time.Minute)
			served := time.Now()
			s.lat = append(s.lat, served.Sub(start))
			if *verbose {
				fmt.Fprintf(os.Stderr, "servebench: %s edit %d: %.1f ms; CPU ticks meanwhile:", s.name, i, ms(served.Sub(start)))
				for k, o := range servers {
					fmt.Fprintf(os.Stderr, " %s %d", o.name, cpuTicks(o.cmd.Process.Pid)-ticks[k])
				}
				now := machineTicks()
				fmt.Fprintf(os.Stderr, "; the machine's: busy %d, stolen %d\n", now[0]-machine[0], now[1]-machine[1])
			}
			if s.traces != nil {
				s.phase(start, served)
			}
		}
	}
	fmt.Printf("| server | p50 (ms) | p95 (ms) | resident memory (MB) | edits made with a server still busy |\n|---|---|---|---|---|\n")
	for _, s := range servers {
		fmt.Printf("| %s | %.1f | %.1f | %d | %d |\n", s.name, ms(pct(s.lat, 0.5)), ms(pct(s.lat, 0.95)), rss(s.cmd.Process.Pid), s.busy)
	}
	for _, s := range servers {
		if s.traces == nil {
			continue
		}
		fmt.Printf("\n%s, where each edit's time goes (GLOSS_TRACE):\n\n| phase | p50 (ms) | p95 (ms) | mean (ms) |\n|---|---|---|---|\n", s.name)
		for _, ph := range phaseNames {
			d := s.phases[ph.key]
			var sum time.Duration
			for _, x := range d {
				sum += x
			}
			mean := 0.0
			if len(d) > 0 {
				mean = ms(sum) / float64(len(d))
			}
			fmt.Printf("| %s | %.1f | %.1f | %.1f |\n", ph.name, ms(pct(d, 0.5)), ms(pct(d, 0.95)), mean)
		}
	}
	exit(0)
}

// phaseNames are the phases of an edit as GLOSS_TRACE tells them, in order.
var phaseNames = []struct{ key, name string }{
	{"event", "write to the watcher's first event"},
	{"quiet", "the watcher's quiet window (event to batch)"},
	{"queue", "batch to the loop taking it"},
	{"read", "reading the changed sources"},
	{"build", "the incremental build"},
	{"compare", "finding the outputs that changed"},
	{"publish", "publishing to the server"},
	{"served", "published to served (the poll and the fetch)"},
	{"builds", "builds per edit (a count, not ms)"},
	{"gc", "collections ended during the edit (a count, not ms)"},
	{"gcpause", "collectors' stop-the-world pauses"},
}

// phase splits one edit's time, from the write at start to the page
// served with the new text, by the trace of the build that served it:
// the last one that started before the page was served.
func (s *server) phase(start, served time.Time) {
	var last map[string]int64
	builds, gcs := 0, int64(0)
	var pause int64
	take := func(t map[string]int64) {
		builds++
		gcs += t["gc"]
		pause += t["gcpause"]
		// The build that served the page took its batch before the page
		// was served; its line's published instant, read just after the
		// server has the output, can be a little later than that.
		if t["received"] <= served.UnixMicro() {
			last = t
		}
	}
	// The page can be served before the server's trace line has been
	// read from its output: wait a little for the first one.
	wait := time.After(2 * time.Second)
	for last == nil {
		select {
		case t := <-s.traces:
			take(t)
			continue
		case <-wait:
		}
		break
	}
	for {
		select {
		case t := <-s.traces:
			take(t)
			continue
		default:
		}
		break
	}
	if last == nil {
		fmt.Fprintln(os.Stderr, "servebench: an edit without a trace line; is this gloss built with GLOSS_TRACE?")
		return
	}
	us := func(v int64) time.Duration { return time.Duration(v) * time.Microsecond }
	add := func(k string, d time.Duration) { s.phases[k] = append(s.phases[k], d) }
	if s.verbose {
		fmt.Fprintf(os.Stderr, "servebench: %s trace: read %.1f ms, build %.1f ms, compare %.1f ms, %d builds, %d collections ended\n",
			s.name, ms(us(last["read"])), ms(us(last["build"])), ms(us(last["compare"])), builds, gcs)
	}
	add("event", us(last["event"]-start.UnixMicro()))
	add("quiet", us(last["closed"]-last["event"]))
	add("queue", us(last["received"]-last["closed"]))
	add("read", us(last["read"]))
	add("build", us(last["build"]))
	add("compare", us(last["compare"]))
	add("publish", us(last["published"]-last["received"]-last["read"]-last["build"]-last["compare"]))
	add("served", us(served.UnixMicro()-last["published"]))
	add("builds", time.Duration(builds)*time.Millisecond)
	add("gc", time.Duration(gcs)*time.Millisecond)
	add("gcpause", us(pause))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pct is the q quantile of d, which it sorts.
func pct(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(q*float64(len(d))))]
}

// onTmpfs reports whether dir is on a tmpfs (or ramfs) file system.
func onTmpfs(dir string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return false
	}
	const tmpfsMagic, ramfsMagic = 0x01021994, 0x858458f6
	return st.Type == tmpfsMagic || st.Type == ramfsMagic
}

// stop ends a server the way Ctrl+C does, so that gloss writes its
// GLOSS_CPUPROFILE, and kills it if it has not ended within ten seconds.
func stop(c *exec.Cmd) {
	c.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.Process.Kill()
		<-done
	}
}

func start(name string, cmd *exec.Cmd, url, file string, trace bool) *server {
	s := &server{name: name, cmd: cmd, url: url, file: file}
	cmd.Stdout = io.Discard
	if !trace {
		cmd.Stderr = io.Discard
	} else {
		s.traces = make(chan map[string]int64, 1024)
		s.phases = map[string][]time.Duration{}
		r, err := cmd.StderrPipe()
		check(err)
		go readTraces(r, s.traces)
	}
	check(cmd.Start())
	running = append(running, cmd)
	return s
}

// readTraces sends each "gloss: trace k=v ..." line read from r.
func readTraces(r io.Reader, out chan<- map[string]int64) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "gloss: trace ")
		if !ok {
			if strings.HasPrefix(sc.Text(), "gc ") { // GODEBUG=gctrace=1
				fmt.Fprintf(os.Stderr, "servebench: %s %s\n", time.Now().Format("15:04:05.000"), sc.Text())
			}
			continue
		}
		t := map[string]int64{}
		for _, f := range strings.Fields(line) {
			k, v, _ := strings.Cut(f, "=")
			t[k], _ = strconv.ParseInt(v, 10, 64)
		}
		out <- t
	}
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

// waitIdle waits until the process's CPU time has not advanced for quiet,
// polling every few milliseconds; it reports false if that did not happen
// within limit. Times are read in clock ticks (usually 10 ms), so quiet
// should be several ticks.
func waitIdle(pid int, quiet, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	last, since := cpuTicks(pid), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		now := cpuTicks(pid)
		if now != last {
			last, since = now, time.Now()
			continue
		}
		if time.Since(since) >= quiet {
			return true
		}
	}
	return false
}

// cpuTicks is a process's user and system CPU time, all threads, in clock
// ticks (fields 14 and 15 of /proc/PID/stat); -1 if it cannot be read.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:])) // from field 3, the state
	if len(f) < 13 {
		return -1
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return u + s
}

// machineTicks are the clock ticks all CPUs spent busy (user, nice,
// system, interrupts) and stolen by the hypervisor, from /proc/stat.
func machineTicks() [2]int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return [2]int64{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal
	if len(f) < 9 {
		return [2]int64{}
	}
	n := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	return [2]int64{n(1) + n(2) + n(3) + n(6) + n(7), n(8)}
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
