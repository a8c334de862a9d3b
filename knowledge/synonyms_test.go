package knowledge

import (
	"fmt"
	"strings"
	"testing"
)

// TestSynonymsLoad checks that a valid synonyms section loads as written.
func TestSynonymsLoad(t *testing.T) {
	b, err := Load("valid.yaml", []byte(readValid(t)+"synonyms:\n  - ask: [uav, \"unmanned aircraft\"]\n    means: drones\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Synonyms; len(got) != 1 || strings.Join(got[0].Ask, "|") != "uav|unmanned aircraft" || got[0].Means != "drones" {
		t.Errorf("Synonyms = %+v; want one entry, uav and unmanned aircraft for drones", got)
	}
}

// TestSynonymsProblems checks the messages a curator sees for a broken
// synonyms section, with their line and column.
func TestSynonymsProblems(t *testing.T) {
	lines := strings.Count(readValid(t), "\n")
	// Lines are counted from the last line of valid.yaml: +2 is the
	// first entry's first line.
	for _, c := range []struct {
		name, synonyms, want string
		line, col            int
	}{
		{"no ask", "synonyms:\n  - means: drones\n", "synonyms[0].ask: required field is missing", 2, 5},
		{"no means", "synonyms:\n  - ask: [uav]\n", "synonyms[0].means: required field is missing", 2, 5},
		{"not English", "synonyms:\n  - ask: [дрон]\n    means: drones\n", "synonyms[0].ask[0]: want English words, got \"дрон\"", 2, 11},
		{"no words", "synonyms:\n  - ask: [\"?!\"]\n    means: drones\n", "synonyms[0].ask[0]: want English words, got \"?!\"", 2, 11},
		{"same phrase twice", "synonyms:\n  - ask: [uav]\n    means: drones\n  - ask: [UAV]\n    means: flown\n",
			fmt.Sprintf("synonyms[1].ask[0]: \"UAV\" is also synonyms[0].ask[0] (line %d)", lines+2), 4, 11},
		{"means a word the file lacks", "synonyms:\n  - ask: [uav]\n    means: unmanned drones\n",
			"synonyms[0].means: \"unmanned\" is in no entry or name of this file", 3, 12},
	} {
		_, err := Load("valid.yaml", []byte(readValid(t)+c.synonyms))
		if err == nil {
			t.Errorf("%s: loaded without a problem", c.name)
			continue
		}
		want := fmt.Sprintf("valid.yaml:%d:%d: %s", lines+c.line, c.col, c.want)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v\nwant %s", c.name, err, want)
		}
	}
}
