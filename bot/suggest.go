package bot

import (
	"cmp"
	"fmt"
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

// peopleNames are the names and aliases of the base's people, each once
// (case aside), in the file's order.
func peopleNames(b *knowledge.Base) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range b.People {
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			if key := strings.ToLower(name); !seen[key] {
				seen[key] = true
				out = append(out, name)
			}
		}
	}
	return out
}

// timelineDates are the months of the timeline, then its days, as
// /timeline reads them (2023-05, 2023-05-03), each with the most events
// first.
func timelineDates(b *knowledge.Base) []string {
	months, days := map[string]int{}, map[string]int{}
	for _, e := range b.Timeline() {
		if e.Date.Month == 0 {
			continue
		}
		months[fmt.Sprintf("%04d-%02d", e.Date.Year, e.Date.Month)]++
		if e.Date.Day != 0 && !e.Date.IsRange() {
			days[fmt.Sprintf("%04d-%02d-%02d", e.Date.Year, e.Date.Month, e.Date.Day)]++
		}
	}
	return append(byCount(months), byCount(days)...)
}

// claimTopics are the topics of the base's claims: their tags
// ("false-flag" as "false flag"), or the longest word of a claim without
// tags, those most claims share first.
func claimTopics(b *knowledge.Base) []string {
	count := map[string]int{}
	for _, c := range b.Claims {
		if len(c.Tags) == 0 {
			if w := longestWord(c.Statement); w != "" {
				count[w]++
			}
		}
		for _, t := range c.Tags {
			count[strings.ReplaceAll(t, "-", " ")]++
		}
	}
	return byCount(count)
}

// byCount is the keys of count, the most counted first, then in order.
func byCount(count map[string]int) []string {
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	return keys
}
