package bot

import (
	"slices"
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// suggester lists what a command's argument may be on a base, most
// useful first: what autocomplete offers as the argument is typed.
type suggester func(b *knowledge.Base) []string

// suggestions are what autocomplete offers for a command's argument on a
// base, each with the form Suggest compares: folded once per base rather
// than on every keystroke (at 100,000 entries folding every name took
// 76 ms a lookup).
type suggestions struct {
	shown, folded []string
}

// Suggest returns up to n values for command's argument that contain
// prefix, those that start with it first, for autocomplete: for
// /who-said the base's people's names and aliases, for /timeline the
// months and days of its timeline, for /claims the topics of its claims.
// Each is a string a user can pass to the command, drawn from the
// incident req names or else the one of its places; none for a command
// without suggestions or for n <= 0. A user past their autocomplete limit
// (Config.SuggestPerMinute) on req's platform gets none, at the cost of a
// lookup in the limiter.
func (e *Engine) Suggest(req Request, command, prefix string, n int) []string {
	c := commandNamed(command)
	if c.suggest == nil {
		return nil
	}
	if e.suggest != nil && req.UserID != "" && !e.suggest.Allow(req.Platform+"\x00"+req.UserID) {
		return nil
	}
	// From the incident the command would be answered from.
	d := e.resolve(req.Places)
	if req.Incident != "" {
		d = e.desk(req.Incident)
	}
	if d == nil {
		return nil
	}
	h := d.acquire()
	defer h.release()
	base := h.base
	all := knowledge.Memo(base, suggestionsKey{c.name}, func() suggestions {
		s := suggestions{shown: c.suggest(base)}
		for _, v := range s.shown {
			s.folded = append(s.folded, strings.ToLower(knowledge.Fold(v)))
		}
		return s
	})
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []string
	for i, f := range all.folded {
		switch j := strings.Index(f, want); {
		case j == 0:
			starts = append(starts, all.shown[i])
		case j > 0:
			contains = append(contains, all.shown[i])
		}
	}
	out := append(starts, contains...)
	return slices.Clip(out[:max(0, min(n, len(out)))])
}

// suggestionsKey keeps a command's suggestions with the base.
type suggestionsKey struct{ command string }
