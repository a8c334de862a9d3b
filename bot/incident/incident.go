// Package incident reads and writes the in:ID word that names the
// incident a command's text or a control's state is answered from
// (LineIn, StateIn, Cut), so that a press is answered from the same
// incident on any replica, and what /incidents and autocomplete show of
// an incident (Info, Suggest). The incidents themselves are bot's
// Engine's. It imports knowledge only.
package incident

import (
	"strings"

	"github.com/incidentbot/incidentbot/knowledge"
)

// incidentWord is the prefix of a command's text that names the incident
// to answer from: "in:ID".
const incidentWord = "in:"

// LineIn is the command line line as answered from the incident id: its
// argument led by in:ID, as the controls of an answer carry it in their
// state (bot.Answer.Incident), so that a press is answered from the same
// incident on any replica. It is line itself for id "" (a bot of one
// incident) and for a line that names an incident already.
func LineIn(line, id string) string {
	name, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	if id == "" || hasIncidentWord(arg) {
		return line
	}
	return strings.TrimSpace(name + " " + incidentWord + id + " " + arg)
}

// StateIn is a control's state s (what Request.Details or Request.Vote
// takes) led by in:ID, as LineIn leads a line; s itself for id "".
func StateIn(s, id string) string {
	if id == "" {
		return s
	}
	return incidentWord + id + " " + s
}

// hasIncidentWord reports whether s starts with an in:ID word.
func hasIncidentWord(s string) bool {
	word, _, _ := strings.Cut(s, " ")
	return len(word) > len(incidentWord) && strings.EqualFold(word[:len(incidentWord)], incidentWord)
}

// Cut cuts a leading in:ID word off s (a line's argument, a
// control's state), and returns the id ("" for none) and the rest.
func Cut(s string) (id, rest string) {
	if !hasIncidentWord(s) {
		return "", s
	}
	word, rest, _ := strings.Cut(s, " ")
	return word[len(incidentWord):], strings.TrimSpace(rest)
}

// Info is what /incidents and autocomplete show of an incident.
type Info struct {
	ID, Title, File, Version string
	// First and Last are the dates of the first and last events of its
	// timeline; zero when it has none.
	First, Last knowledge.Date
	Counts      map[string]int
}

// Suggest returns up to n of the incidents all whose id or title
// holds prefix, those that start with it first: what autocomplete offers
// for the incident option.
func Suggest(all []Info, prefix string, n int) []Info {
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []Info
	for _, info := range all {
		id, title := strings.ToLower(info.ID), strings.ToLower(knowledge.Fold(info.Title))
		switch {
		case strings.HasPrefix(id, want) || strings.HasPrefix(title, want):
			starts = append(starts, info)
		case strings.Contains(id, want) || strings.Contains(title, want):
			contains = append(contains, info)
		}
	}
	out := append(starts, contains...)
	return out[:max(0, min(n, len(out)))]
}
