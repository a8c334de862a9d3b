package bot

import (
	"context"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestListedBounded: past maxListed, the memo of listed items keeps no
// more, and answers are the same as with room for every item.
func TestListedBounded(t *testing.T) {
	ask := func(limit int) (string, int) {
		t.Helper()
		defer func(old int) { maxListed = old }(maxListed)
		maxListed = limit
		b, err := knowledge.Default()
		if err != nil {
			t.Fatal(err)
		}
		e := New(nil, b, Config{})
		var text string
		for _, line := range []string{"/timeline", "/timeline", "/who-said", "/who-said"} {
			text += Plain(e.Ask(context.Background(), Request{Line: line})) + "\n"
		}
		m := knowledge.Memo(b, listedKey{}, func() *listedItems { return &listedItems{items: map[listedID]Item{}} })
		return text, len(m.items)
	}
	want, all := ask(1 << 20)
	if all <= 3 {
		t.Fatalf("the default base's /timeline and /who-said listed %d items; want more than 3 to test the bound", all)
	}
	got, kept := ask(3)
	if kept != 3 {
		t.Errorf("the memo kept %d items; want 3, its bound", kept)
	}
	if got != want {
		t.Errorf("answers past the bound differ:\n%s\nwant\n%s", got, want)
	}
}
