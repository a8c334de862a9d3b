// Package changes is the reload history /changes shows: what one reload
// of an incident's knowledge file changed (Set), the sets a replica keeps
// in memory (History), and a set described in a line (Describe). The
// engine keeps the history and shares it through bot.Shared. It imports
// knowledge only.
package changes

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Set is what one successful reload changed: from the base of version
// From to that of Version.
type Set struct {
	At time.Time
	// Incident is the label of the incident the reload changed (its id,
	// in a folder); "" on a bot of one incident, and for a set that adds
	// or removes a whole incident, which every incident's /changes shows.
	Incident      string `json:",omitempty"`
	From, Version string
	knowledge.Changes
}

// Max bounds the reload history /changes shows.
const Max = 20

// Incident is the change of a whole incident, added or removed, as
// /changes describes it.
func Incident(added bool, id string) knowledge.Changes {
	c := knowledge.Changes{Added: map[string][]string{}, Edited: map[string][]string{}, Removed: map[string][]string{}}
	if added {
		c.Added["incidents"] = []string{id}
	} else {
		c.Removed["incidents"] = []string{id}
	}
	return c
}

// History is a replica's own reload history, oldest first. Its zero
// value is empty and ready to use.
type History struct {
	mu   sync.Mutex // guards sets
	sets []Set
}

// Add adds a set, keeping Max sets for each of incidents (at least one).
func (h *History) Add(set Set, incidents int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sets = append(h.sets, set)
	if keep := Max * max(1, incidents); len(h.sets) > keep {
		h.sets = slices.Delete(h.sets, 0, len(h.sets)-keep)
	}
}

// Of returns up to Max sets of the incidents labelled labels, newest
// first.
func (h *History) Of(labels []string) []Set {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Set
	for i := len(h.sets) - 1; i >= 0 && len(out) < Max; i-- {
		if slices.Contains(labels, h.sets[i].Incident) {
			out = append(out, h.sets[i])
		}
	}
	return out
}

// Describe says what c changed, in English: "Added quotes: a, b. Removed
// events: c".
func Describe(c knowledge.Changes) string {
	var parts []string
	for _, k := range []struct {
		verb string
		m    map[string][]string
	}{{"Added", c.Added}, {"Edited", c.Edited}, {"Removed", c.Removed}} {
		for _, kind := range []string{"incidents", "events", "quotes", "claims", "sources", "people"} {
			if ids := k.m[kind]; len(ids) > 0 {
				parts = append(parts, fmt.Sprintf("%s %s: %s", k.verb, kind, strings.Join(ids, ", ")))
			}
		}
	}
	return strings.Join(parts, ". ")
}
