// Package vote reads and writes what a Helpful or Not helpful button
// under an answer carries (Vote.Encode, Parse), so that any replica, also
// after a restart, can count a click with nothing but the button. It
// imports knowledge, bot/gaps and bot/echo, not bot.
package vote

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/echo"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Vote is what a Helpful or Not helpful button under an answer carries,
// so that any replica, also after a restart, can count a click with
// nothing but the button: whether the reader found the answer helpful,
// the question, and the entry the answer led with.
type Vote struct {
	Helpful bool
	// Query is the question, its white space made single spaces; cut and
	// marked with "…" when a button has no room for all of it.
	Query string
	// Lead is the reference of the entry the answer led with
	// ("quote/some-id").
	Lead string
}

// maxVoteQuery bounds the question a vote carries (in UTF-16 units, as
// the platforms count; the gaps log keeps as many characters).
const maxVoteQuery = gaps.MaxQuery

// cutMark ends a question cut to fit a button.
const cutMark = "…"

// minVoteQuery is the fewest characters of a question worth carrying; a
// button with less room gets no vote buttons.
const minVoteQuery = 8

// Encode returns the vote as a button's state, "+quote/some-id who said
// it", at most limit UTF-16 units long (Discord and Slack count so), the
// question cut to fit and marked. It reports false when the lead leaves
// no room for a useful part of the question.
func (v Vote) Encode(limit int) (string, bool) {
	head := "-"
	if v.Helpful {
		head = "+"
	}
	head += v.Lead + " "
	q := normalQuery(v.Query)
	if !validLead(v.Lead) || q == "" {
		return "", false
	}
	room := min(limit-width(head), maxVoteQuery)
	if room < minVoteQuery {
		return "", false
	}
	if width(q) > room {
		q = cutQuery(q, room-width(cutMark))
	}
	return head + q, true
}

// cutQuery returns the longest start of q at most room UTF-16 units wide,
// without trailing space, marked as cut.
func cutQuery(q string, room int) string {
	used, end := 0, 0
	for i, r := range q {
		w := utf16.RuneLen(r)
		if used+w > room {
			break
		}
		used += w
		end = i + utf8.RuneLen(r)
	}
	return strings.TrimRight(q[:end], " ") + cutMark
}

// width is s's length as Discord and Slack count it for their limits, in
// UTF-16 code units (the adapters measure with internal/platform's
// UTF16Len, which bot does not import; the tests hold the two equal).
func width(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// normalQuery is a question as a vote carries it: valid UTF-8, visible
// characters, one space between words.
func normalQuery(q string) string {
	return strings.Join(strings.Fields(echo.Visible(strings.ToValidUTF8(q, ""))), " ")
}

// voteKinds are the entry kinds an answer can lead with.
var voteKinds = []string{knowledge.KindEvent, knowledge.KindQuote, knowledge.KindClaim}

// validLead reports whether ref looks like an entry's reference: a kind
// that can lead an answer and an id with no space or slash (the
// knowledge file's own rule).
func validLead(ref string) bool {
	kind, id, ok := strings.Cut(ref, "/")
	return ok && slices.Contains(voteKinds, kind) && id != "" && !strings.ContainsAny(id, "/ \t\n") && utf8.ValidString(id)
}

var errBadVote = errors.New("not a vote button of incidentbot")

// Parse reads a button's state made by Vote.Encode. Anyone can send
// any state, so it checks the form and bounds, not that the lead exists.
func Parse(s string) (Vote, error) {
	if len(s) < 2 || len(s) > 4*maxVoteQuery+200 || !utf8.ValidString(s) {
		return Vote{}, errBadVote
	}
	var v Vote
	switch s[0] {
	case '+':
		v.Helpful = true
	case '-':
	default:
		return Vote{}, errBadVote
	}
	lead, q, ok := strings.Cut(s[1:], " ")
	if !ok || !validLead(lead) {
		return Vote{}, errBadVote
	}
	v.Lead, v.Query = lead, normalQuery(q)
	if v.Query == "" || width(v.Query) > maxVoteQuery {
		return Vote{}, errBadVote
	}
	return v, nil
}
