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

// Suggest returns up to n values for command's argument that contain
// prefix, those that start with it first, for autocomplete: for
// /who-said the base's people's names and aliases, for /timeline the
// months and days of its timeline, for /claims the topics of its claims.
// Each is a string a user can pass to the command; none for a command
// without suggestions.
func (e *Engine) Suggest(command, prefix string, n int) []string {
	c := commandNamed(command)
	if c.suggest == nil {
		return nil
	}
	base := e.Base()
	all := base.Memo(suggestionsKey{c.name}, func() any { return c.suggest(base) }).([]string)
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []string
	for _, s := range all {
		switch i := strings.Index(strings.ToLower(knowledge.Fold(s)), want); {
		case i == 0:
			starts = append(starts, s)
		case i > 0:
			contains = append(contains, s)
		}
	}
	out := append(starts, contains...)
	return slices.Clip(out[:min(n, len(out))])
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
