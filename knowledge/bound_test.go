package knowledge

import (
	"math"
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
