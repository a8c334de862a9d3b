package bot

import (
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// names is every person's name and aliases in a base, each once, with the
// form Suggest compares: folded once per base rather than on every
// keystroke (at 100,000 entries folding them all took 76 ms a lookup).
type names struct {
	base   *knowledge.Base
	shown  []string
	folded []string
}

func newNames(b *knowledge.Base) *names {
	ns := &names{base: b}
	seen := map[string]bool{}
	for _, p := range b.People {
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			key := strings.ToLower(name)
			if seen[key] {
				continue
			}
			seen[key] = true
			ns.shown = append(ns.shown, name)
			ns.folded = append(ns.folded, strings.ToLower(knowledge.Fold(name)))
		}
	}
	return ns
}

// Suggest returns up to n people names and aliases that contain prefix,
// those that start with it first, for autocomplete. Each is a string a
// user can pass to /who-said. A user past their autocomplete limit
// (WithSuggestLimit) on platform gets none, at the cost of a lookup in
// the limiter.
func (e *Engine) Suggest(platform, userID, prefix string, n int) []string {
	if e.suggest != nil && userID != "" && !e.suggest.allow(platform+"\x00"+userID) {
		return nil
	}
	base := e.Base()
	ns := e.names.Load()
	if ns == nil || ns.base != base {
		// Built by the first lookup after a reload; two at once build
		// the same thing, and either may stay.
		ns = newNames(base)
		e.names.Store(ns)
	}
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []string
	for i, f := range ns.folded {
		switch j := strings.Index(f, want); {
		case j == 0:
			starts = append(starts, ns.shown[i])
		case j > 0:
			contains = append(contains, ns.shown[i])
		}
	}
	out := append(starts, contains...)
	return slices.Clip(out[:min(n, len(out))])
}
