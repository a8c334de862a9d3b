// Package shared finds, for tests and benchmarks, the workplace's shared
// folder beside the repository (or the nearest one above it): the archived
// source articles and the quotation corpus. SHARED_DIR overrides where it
// is. Nothing the bot runs imports it.
package shared

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// Find returns the folder sub of the shared folder, and whether there is
// one.
func Find(sub string) (string, bool) {
	if d := os.Getenv("SHARED_DIR"); d != "" {
		cand := filepath.Join(d, sub)
		st, err := os.Stat(cand)
		return cand, err == nil && st.IsDir()
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", false
	}
	for {
		cand := filepath.Join(dir, "shared", sub)
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Dir is Find for a test that needs the folder: without it, the test is
// skipped, saying so, and the package says once, where `go test ./...`
// shows it, that its tests of the folder did not run.
func Dir(tb testing.TB, sub string) string {
	tb.Helper()
	d, ok := Find(sub)
	if !ok {
		why := fmt.Sprintf("no shared/%s folder beside the repository or above it: put the workplace's shared folder there or set SHARED_DIR to it", sub)
		noticeOnce.Do(func() { notice(tb.Name(), sub) })
		tb.Skip(why)
	}
	return d
}

var noticeOnce sync.Once

// notice tells whoever ran `go test ./...` that tests were skipped. In
// that mode the go command shows a passing package's output only as "ok",
// so a skip (t.Skip, or a line on the test's own stderr) goes unseen; the
// line is written to the go command's own stderr instead. Run any other
// way (go test -v, a test binary run by hand), the test's output is shown
// and carries the skip. A go command writing to a regular file is left
// alone: a second writer there, with an offset of its own, would overwrite
// the go command's output.
func notice(first, sub string) {
	if testing.Verbose() {
		return
	}
	parent := fmt.Sprintf("/proc/%d", os.Getppid())
	if comm, err := os.ReadFile(parent + "/comm"); err != nil || string(comm) != "go\n" {
		return
	}
	if st, err := os.Stat(parent + "/fd/2"); err != nil || st.Mode().IsRegular() {
		return
	}
	f, err := os.OpenFile(parent+"/fd/2", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	// A test binary's main package is the tested package's path + ".test".
	pkg := "this package"
	if bi, ok := debug.ReadBuildInfo(); ok {
		pkg = strings.TrimSuffix(bi.Path, ".test")
	}
	fmt.Fprintf(f, "%s: %s and any other test that needs the shared folder SKIPPED (no shared/%s): put the workplace's shared folder beside the repository (or above it), or set SHARED_DIR to it; go test -v lists them\n",
		pkg, first, sub)
}
