package bot

import (
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// TestFactsPerBase checks that what ranking keeps of a base is that
// base's: after a reload to another base, a question with only question
// words ("what happened?") is read as being about the new incident, not
// the old one.
func TestFactsPerBase(t *testing.T) {
	def, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	starter, err := knowledge.Load("starter.yaml", knowledge.StarterData())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		b    *knowledge.Base
		want string
	}{
		{def, "drone attack on the kremlin"},
		{starter, "what happened, where, when"},
		{def, "drone attack on the kremlin"},
	} {
		r := answerer{b: tt.b, loc: LocaleEN}
		if got := r.incidentSubject(); got != tt.want {
			t.Errorf("%s: incidentSubject() = %q; want %q", tt.b.Name, got, tt.want)
		}
		if got := r.analyse("what happened?").search; got != "what happened? "+tt.want {
			t.Errorf("%s: analyse(%q).search = %q; want the question and %q", tt.b.Name, "what happened?", got, tt.want)
		}
	}
}
