package gaps

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGapsFileStaysBounded checks that a long gaps file is cut to its
// newest lines at start, and that a foreign, over-long line is skipped
// rather than stopping the bot from starting.
func TestGapsFileStaysBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	var b strings.Builder
	b.WriteString(strings.Repeat("x", 10*maxLine) + "\n")
	for i := range maxLines + 500 {
		q := "old question"
		if i >= 500 {
			q = "new question"
		}
		fmt.Fprintf(&b, `{"time":"2024-01-01T00:00:00Z","command":"ask","platform":"slack","query":%q}`+"\n", q)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	defer g.Close()
	top := g.Top(10)
	if len(top) != 1 || top[0].Query != "new question" || top[0].Count != maxLines {
		t.Errorf("Top = %+v; want only the newest %d lines", top, maxLines)
	}
	data, _ := os.ReadFile(path)
	if n := strings.Count(string(data), "\n"); n != maxLines {
		t.Errorf("file has %d lines after start; want %d", n, maxLines)
	}
}
