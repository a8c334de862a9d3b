package bot

import (
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

func newEngine(t testing.TB) *Engine {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("knowledge.Default() = %v", err)
	}
	return New(b, nil)
}
