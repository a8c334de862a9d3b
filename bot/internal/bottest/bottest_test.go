package bottest

import (
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestFixtureVerbatim: the fixture invents nothing. It loads, and every
// excerpt in it is word for word in its archived article.
func TestFixtureVerbatim(t *testing.T) {
	Fixture(t)
	sources := shared.Dir(t, "sources")
	if ps := knowledge.CheckArchives(FixtureName, fixtureFile, sources); len(ps) > 0 {
		t.Errorf("the fixture is not verbatim:\n%v", ps)
	}
}
