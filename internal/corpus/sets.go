package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
)

// Set is one held-out evaluation set: a base built by hand from corpus
// articles, rendered to a file, and the questions written for it before
// any answer was seen.
type Set struct {
	Name      string
	Base      string // the rendered knowledge file, in a test's temporary folder
	Questions string // the question file, in the format of `incidentbot kb eval`
}

// Sets renders every set under this package's testdata, skipping the test
// when the corpus is not beside the repository.
func Sets(tb testing.TB) []Set {
	tb.Helper()
	dir := shared.Dir(tb, "corpora/news-quotes")
	_, here, _, _ := runtime.Caller(0)
	names, err := filepath.Glob(filepath.Join(filepath.Dir(here), "testdata", "*", "base.yaml.tmpl"))
	if err != nil || len(names) == 0 {
		tb.Fatalf("no evaluation sets: %v", err)
	}
	out := tb.TempDir()
	var sets []Set
	for _, tmpl := range names {
		setDir := filepath.Dir(tmpl)
		name := filepath.Base(setDir)
		data, err := os.ReadFile(tmpl)
		if err == nil {
			data, err = Render(data, dir)
		}
		if err != nil {
			tb.Fatalf("%s: %v", tmpl, err)
		}
		base := filepath.Join(out, name+".yaml")
		if err := os.WriteFile(base, data, 0o600); err != nil {
			tb.Fatal(err)
		}
		sets = append(sets, Set{Name: name, Base: base, Questions: filepath.Join(setDir, "questions.json")})
	}
	return sets
}
