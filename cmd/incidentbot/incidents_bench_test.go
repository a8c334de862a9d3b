package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
	"github.com/incidentbot/incidentbot/knowledge/synth"
)

// Issue 22's scale: a folder of this many incidents, each of this many
// entries, loads and serves in one process within maxIncidentsRSS.
const (
	benchIncidents  = 100
	benchEntries    = 1_500
	maxIncidentsRSS = 512 << 20
)

// synthFolder writes n synthetic incidents of entries each into a new
// folder, each with an id of its own, and returns the folder.
func synthFolder(tb testing.TB, n, entries int) string {
	tb.Helper()
	dir := tb.TempDir()
	for i := range n {
		data, err := synth.Generate(entries, uint64(i+1))
		if err != nil {
			tb.Fatal(err)
		}
		id := fmt.Appendf(nil, "incident:\n  id: synthetic-%03d\n", i)
		if data = bytes.Replace(data, []byte("incident:\n  id: \"synthetic\"\n"), id, 1); !bytes.HasPrefix(data, id) {
			tb.Fatalf("kb synth's file does not begin with its incident's id:\n%.80s", data)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("incident-%03d.yaml", i)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkIncidents serves a folder of 100 incidents of 1,500 entries
// each: the real binary's resident memory once it listens (rss-MiB, and
// its peak while loading, peak-MiB, which must stay under 512 MiB), how
// long the load took (load-s), and what reloading one edited file costs
// beside loading one (reload-one-ms, load-one-ms). Each iteration is one
// answer from an incident picked in turn, in-process (answer-µs).
//
//	go test ./cmd/incidentbot -run '^$' -bench Incidents -benchtime 200x
func BenchmarkIncidents(b *testing.B) {
	dir := synthFolder(b, benchIncidents, benchEntries)
	bin := buildCommand(b, b.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	cmd := exec.Command(bin, "serve")
	cmd.Dir = b.TempDir()
	// GOMEMLIMIT a little under the 512 MiB, as the Kubernetes example
	// sets it under its container's limit.
	cmd.Env = []string{"GOMEMLIMIT=480MiB", "KB_PATH=" + dir, "SLACK_SIGNING_SECRET=bench", "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0", "PATH=" + os.Getenv("PATH")}
	stdout, stderr := &serveLog{addr: make(chan string, 1)}, &serveLog{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	select {
	case <-stdout.addr:
	case <-time.After(5 * time.Minute):
		b.Fatalf("serve did not say it was listening\n%s", stderr)
	}
	loaded := time.Since(start)
	rss, peak := procStatus(b, cmd.Process.Pid, "VmRSS"), procStatus(b, cmd.Process.Pid, "VmHWM")

	// Reload one file, edited, and wait for serve to say so.
	path := filepath.Join(dir, "incident-042.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("title: "), []byte("title: Edited "), 1)
	before := strings.Count(stderr.String(), `"msg":"knowledge reloaded"`)
	reloadStart := time.Now()
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		b.Fatal(err)
	}
	for strings.Count(stderr.String(), `"msg":"knowledge reloaded"`) == before {
		if time.Since(reloadStart) > time.Minute {
			b.Fatalf("the edited file was not reloaded\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	reloaded := time.Since(reloadStart) - reloadDebounce
	if after := procStatus(b, cmd.Process.Pid, "VmHWM"); after > peak {
		peak = after
	}
	loadStart := time.Now()
	if _, err := knowledge.LoadFile(path); err != nil {
		b.Fatal(err)
	}
	loadOne := time.Since(loadStart)

	// Answers, in-process, from each incident in turn.
	bases, err := loadBases(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg := bot.Config{Folder: true}
	for _, base := range bases {
		cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: base})
	}
	engine := bot.New(nil, nil, cfg)
	took := time.Duration(0)
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		a := engine.Ask(context.Background(), bot.Request{Platform: "bench", Line: "/timeline", Incident: fmt.Sprintf("synthetic-%03d", i%benchIncidents)})
		took += time.Since(t0)
		if a.Incident == "" {
			b.Fatalf("an answer from a folder of %d incidents does not name its incident", benchIncidents)
		}
	}
	b.ReportMetric(float64(took.Microseconds())/float64(b.N), "answer-µs")
	b.ReportMetric(float64(rss)/(1<<20), "rss-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.ReportMetric(loaded.Seconds(), "load-s")
	b.ReportMetric(float64(reloaded.Milliseconds()), "reload-one-ms")
	b.ReportMetric(float64(loadOne.Milliseconds()), "load-one-ms")
	b.Logf("%d incidents of %d entries: RSS %.0f MiB (peak %.0f MiB), loaded in %.1f s; one reloaded in %d ms, loaded alone in %d ms; an answer %d µs",
		benchIncidents, benchEntries, float64(rss)/(1<<20), float64(peak)/(1<<20), loaded.Seconds(), reloaded.Milliseconds(), loadOne.Milliseconds(), took.Microseconds()/int64(b.N))
	if peak > maxIncidentsRSS {
		b.Errorf("serving %d incidents of %d entries took a peak RSS of %.0f MiB; want at most %d MiB", benchIncidents, benchEntries, float64(peak)/(1<<20), maxIncidentsRSS>>20)
	}
}
