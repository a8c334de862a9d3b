// Package shared finds, for tests and benchmarks, the workplace's shared
// folder beside the repository (or the nearest one above it): the archived
// source articles and the quotation corpus. SHARED_DIR overrides where it
// is. Nothing the bot runs imports it.
package shared

import (
	"os"
	"path/filepath"
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
// skipped, saying where the folder goes (`go test -v ./... | grep SKIP`
// lists every such test; see docs/development.md).
func Dir(tb testing.TB, sub string) string {
	tb.Helper()
	d, ok := Find(sub)
	if !ok {
		tb.Skipf("no shared/%s folder beside the repository or above it: put the workplace's shared folder there or set SHARED_DIR to it", sub)
	}
	return d
}
