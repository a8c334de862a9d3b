package bot

import (
	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/knowledge"
)

// suggester lists what a command's argument may be on a base, most
// useful first: what autocomplete offers as the argument is typed.
type suggester func(b *knowledge.Base) []string

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
	defer h.Release()
	base := h.Base
	all := knowledge.Memo(base, suggestionsKey{c.name}, func() examples.Values { return examples.NewValues(c.suggest(base)) })
	return all.Match(prefix, n)
}

// suggestionsKey keeps a command's suggestions with the base.
type suggestionsKey struct{ command string }
