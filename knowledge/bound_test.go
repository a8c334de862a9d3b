package knowledge

import (
	"math"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// treeNodes counts the nodes of a tree the YAML library built, the
// document node included.
func treeNodes(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += treeNodes(k)
	}
	return c
}

// FuzzShapeOf: shapeOf never counts fewer nodes than the YAML library
// builds, whatever the file, so a limit on its count bounds the tree.
func FuzzShapeOf(f *testing.F) {
	f.Add(defaultFile)
	f.Add([]byte(readValid(f)))
	for _, s := range []string{
		"events:\n" + strings.Repeat("-\n", 50),
		"[1,1,1,[2,{a: b, c: [d]}],\"x,y\"]",
		"a: |\n  - - -\n  [1,2]\nb: >-\n   c: d\n",
		"- key: |\n    x: y\n  other: [1, 2]\n",
		"a: \"multi\n  line: [1,2]\n  \" \nb: 'it''s: [x]'\n",
		"? [a, b]\n: c\n",
		"- - - - x\n- &a !!str y\n- {a, b, c}\n",
		"a: b # c: d\n#- x\n",
		"a:\n  b\n  \"c\n",
		"x: 'a\n\n  b'\n",
		"--- [a, b, c, d]\n", // found in CI: a root on the document's "---" line
		"%YAML 1.1\n--- |\nfoo\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			return
		}
		want := treeNodes(&doc)
		if got := shapeOf(data, math.MaxInt).nodes; got < want {
			t.Fatalf("shapeOf counts %d nodes; the library built %d", got, want)
		}
	})
}

// TestBoundRefuses: a file out of proportion to its size is refused with
// the line where it went out, before any tree is built.
func TestBoundRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, data, want string
	}{
		{"empty items", "events:\n" + strings.Repeat("-\n", 499_996),
			"x.yaml:125000:1: too many values for the file's size: more than 250000 in 1000000 bytes by this line"},
		{"flow list", "events: [" + strings.Repeat("1,", 100_000) + "1]\n",
			"x.yaml:1:1: too many values for the file's size"},
		{"long key", readValid(t) + strings.Repeat("k", 65) + ": x\n",
			"x.yaml:58:1: a key longer than 64 bytes"},
	} {
		_, ps := Parse("x.yaml", []byte(tt.data))
		if len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), tt.want) {
			t.Errorf("%s: Parse = %v; want %s", tt.name, ps, tt.want)
		}
	}
}

// TestRefusedPastMemoryLimit: a file whose load would not fit in what is
// left under the memory limit is refused, saying how much it would take.
func TestRefusedPastMemoryLimit(t *testing.T) {
	data := padded([]byte(readValid(t)))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(4 << 20))
	_, err := Load("x.yaml", data)
	if err == nil || !strings.Contains(err.Error(), "x.yaml: loading this file would take about 7 MiB") {
		t.Errorf("Load under a 4 MiB limit = %v", err)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if _, err := Load("x.yaml", data); err != nil {
		t.Errorf("Load without a limit = %v", err)
	}
}

// TestLargeFileNotReadPastMemoryLimit: a file whose bytes alone would
// cost a load more than is left under the limit is not read at all.
func TestLargeFileNotReadPastMemoryLimit(t *testing.T) {
	path := t.TempDir() + "/kb.yaml"
	if err := os.WriteFile(path, padded([]byte(readValid(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(4 << 20))
	if _, err := LoadFile(path); err == nil || !strings.Contains(err.Error(), "knowledge file of 1 MiB: loading it would take at least 7 MiB") {
		t.Errorf("LoadFile under a 4 MiB limit = %v", err)
	}
}
