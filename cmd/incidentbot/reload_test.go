package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/knowledge"
)

// waitFor polls cond, which says whether what the test waits for has
// happened, for up to a minute: the watcher works in the background.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// watchLog is a logger for watchKB whose records a test waits on: that
// the watch is set up, that a change was seen and ignored.
type watchLog struct{ records chan slog.Record }

func newWatchLog() *watchLog { return &watchLog{records: make(chan slog.Record, 100)} }

func (l *watchLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *watchLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *watchLog) WithGroup(string) slog.Handler            { return l }
func (l *watchLog) Handle(_ context.Context, r slog.Record) error {
	select {
	case l.records <- r.Clone():
	default: // a test that stopped reading must not stall the watcher
	}
	return nil
}

// await returns the first record with message msg whose attributes match
// attr (a substring of "key=value" pairs), skipping others, or fails the
// test after 10 s.
func (l *watchLog) await(t *testing.T, msg, attr string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case r := <-l.records:
			var attrs strings.Builder
			r.Attrs(func(a slog.Attr) bool {
				attrs.WriteString(a.String() + " ")
				return true
			})
			if r.Message == msg && strings.Contains(attrs.String(), attr) {
				return
			}
		case <-timeout:
			t.Fatalf("timed out waiting for the watcher to log %q (%s)", msg, attr)
		}
	}
}

func TestWatchReloads(t *testing.T) {
	valid, err := os.ReadFile("../../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Laid out as Kubernetes mounts a ConfigMap: the file is a symlink
	// into a versioned folder, and an update swaps the ..data symlink.
	write := func(version, content string) {
		vdir := filepath.Join(dir, version)
		if err := os.MkdirAll(vdir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(vdir, "kb.yaml"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, "..data_tmp")
		if err := os.Symlink(version, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
	}
	write("v1", string(valid))
	path := filepath.Join(dir, "kb.yaml")
	if err := os.Symlink(filepath.Join("..data", "kb.yaml"), path); err != nil {
		t.Fatal(err)
	}
	base, err := knowledge.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var loads atomic.Int32
	engine := bot.New(nil, base, bot.Config{Reload: func() (*knowledge.Base, error) {
		loads.Add(1)
		return knowledge.LoadFile(path)
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	wlog := newWatchLog()
	go func() { done <- watchKB(ctx, path, engine, slog.New(wlog)) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watchKB = %v", err)
		}
	}()
	wlog.await(t, "watching the knowledge file", "")

	// Another file in the folder (a gaps file, say) costs no reload: the
	// watcher is seen to have ignored it, rather than not to have seen it.
	if err := os.WriteFile(filepath.Join(dir, "gaps.jsonl"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wlog.await(t, "knowledge watch: change ignored", "gaps.jsonl")
	if n := loads.Load(); n != 0 {
		t.Fatalf("a write to another file in the folder caused %d reloads", n)
	}

	// A ConfigMap-style swap to an edited file is picked up.
	write("v2", strings.Replace(string(valid), "Two drones are reported", "Two drones were seen", 1))
	waitFor(t, "the symlink swap to be reloaded", func() bool { return engine.Base().Version != base.Version })
	v2 := engine.Base()

	// A broken file is refused; the last good base stays.
	write("v3", strings.Replace(string(valid), "kind: direct", "kind: verbatim", 1))
	waitFor(t, "the broken file to be refused", func() bool { return engine.Status().LastError != "" })
	if engine.Base() != v2 {
		t.Fatal("a broken file replaced the good base")
	}
	if got := engine.Status().LastError; !strings.Contains(got, `quotes[0].kind: unknown kind "verbatim"`) {
		t.Errorf("LastError = %q", got)
	}

	// An editor's write-to-temp-and-rename of a plain file, then SIGHUP.
	os.Remove(path)
	if err := os.WriteFile(path+".tmp", valid, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the renamed file to be reloaded", func() bool { return engine.Base().Version == base.Version })
	if got := engine.Status().LastError; got != "" {
		t.Errorf("LastError after a good reload = %q", got)
	}
	if len(engine.Changes(t.Context())) != 2 {
		t.Errorf("Changes() = %d sets; want 2 (v2, then back to v1)", len(engine.Changes(t.Context())))
	}

	// A write in place.
	if err := os.WriteFile(path, []byte(strings.Replace(string(valid), "An article", "An article, retitled", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the write in place to be reloaded", func() bool { return engine.Base().Source("article").Title == "An article, retitled" })
}

func TestSIGHUPReloads(t *testing.T) {
	base, err := knowledge.LoadFile("../../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	loads := make(chan struct{}, 10)
	engine := bot.New(nil, base, bot.Config{Reload: func() (*knowledge.Base, error) {
		loads <- struct{}{}
		return base, nil
	}})
	// Take SIGHUP for the test first: should it arrive before the watcher
	// registers, the default action would end the test binary.
	guard := make(chan os.Signal, 1)
	signal.Notify(guard, syscall.SIGHUP)
	defer signal.Stop(guard)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watchKB = %v", err)
		}
	}()
	// Watch a folder nothing writes to, so only the signal can reload.
	wlog := newWatchLog()
	go func() {
		done <- watchKB(ctx, filepath.Join(t.TempDir(), "kb.yaml"), engine, slog.New(wlog))
	}()
	wlog.await(t, "watching the knowledge file", "")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-loads:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGHUP did not reload")
	}
}
