package draft

import (
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestHappening checks that a warning being given is a happening, and
// that the noun "warning" alone makes none.
func TestHappening(t *testing.T) {
	pub, err := knowledge.ParseDate("2023-05-25")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want int
	}{
		{"Engineers are warning of more cracks in the wall.\n", 1},
		{"The cracks were a warning to the town.\n", 0},
		{"The wall gave no warning before it fell.\n", 0},
		{"Roe said the warning signs were clear.\n", 0},
	} {
		if evs := Events(c.text, nil, pub); len(evs) != c.want {
			t.Errorf("Events(%q) = %+v; want %d events", c.text, evs, c.want)
		}
	}
}
