package synth

import (
	"bytes"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

func TestGenerateIsValidAndDeterministic(t *testing.T) {
	for _, n := range []int{10, 1000} {
		data := mustGenerate(t, n, 1)
		b, err := knowledge.Load("synth.yaml", data)
		if err != nil {
			t.Fatalf("Generate(%d) does not validate: %v", n, err)
		}
		c := b.Counts()
		if got := c["events"] + c["quotes"] + c["claims"]; got != n {
			t.Errorf("Generate(%d) has %d entries", n, got)
		}
		if !bytes.Equal(data, mustGenerate(t, n, 1)) {
			t.Errorf("Generate(%d, 1) differs between runs", n)
		}
		if bytes.Equal(data, mustGenerate(t, n, 2)) {
			t.Errorf("Generate(%d) ignores the seed", n)
		}
	}
}

func mustGenerate(t testing.TB, n int, seed uint64) []byte {
	t.Helper()
	data, err := Generate(n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
