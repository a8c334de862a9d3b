package knowledge

import "testing"

// TestDefaultSourcesShort checks that compact answers can name every
// default source by a short name.
func TestDefaultSourcesShort(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"doubts": "Doubts commentary", "ukrainian-units": "Report on NYT story"}
	for _, s := range b.Sources {
		if s.Short != want[s.ID] {
			t.Errorf("source %s: short = %q; want %q", s.ID, s.Short, want[s.ID])
		}
	}
}
