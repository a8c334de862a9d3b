package bottest

import (
	"os"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

// sources are the archived articles, beside the repository as CI has them.
const sources = "../../../../shared/sources"

// TestFixtureVerbatim: the fixture invents nothing. It loads, and every
// excerpt in it is word for word in its archived article.
func TestFixtureVerbatim(t *testing.T) {
	Fixture(t)
	if _, err := os.Stat(sources); err != nil {
		t.Skipf("no archived articles to compare with: %v", err)
	}
	if ps := knowledge.CheckArchives(FixtureName, fixtureFile, sources); len(ps) > 0 {
		t.Errorf("the fixture is not verbatim:\n%v", ps)
	}
}
