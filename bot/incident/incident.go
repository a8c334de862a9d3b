// Package incident reads and writes the in:ID word that names the
// incident a command's text or a control's state is answered from
// (LineIn, StateIn, Cut), so that a press is answered from the same
// incident on any replica. The incidents themselves are bot's Engine's.
// It imports only the standard library.
package incident

import "strings"

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
