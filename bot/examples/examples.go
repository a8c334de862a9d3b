// Package examples draws from one knowledge base what the bot shows a
// user as something to type: the example arguments of /help and the
// refusals (Of), and what autocomplete offers for a command's argument
// (People, Dates, Topics, and Values to match what is typed). Its users see their incident's people, dates
// and claims, never another's. It imports knowledge and bot/i18n only.
package examples

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Set is a base's example arguments, worked out once a base (bot keeps
// it with the base by knowledge.Memo).
type Set struct {
	// Person is the name of the person quoted most.
	Person string
	// Month is the month of the timeline with the most events, as
	// /timeline reads it (2023-05).
	Month string
	// Topic is words of the most disputed claim: its most particular tag,
	// or the longest word of its statement.
	Topic string
	// Message is the shortest claim's statement, as a message to /check.
	Message string
	// Entry is the reference of the first quote of the person quoted
	// most, as /cite takes it (quote/some-id).
	Entry string
}

// The example arguments of the commands, in the language locale, as
// method expressions the command table names (examples.Set.PersonArg).
func (x Set) PersonArg(string) string  { return x.Person }
func (x Set) MonthArg(string) string   { return x.Month }
func (x Set) TopicArg(string) string   { return x.Topic }
func (x Set) MessageArg(string) string { return x.Message }
func (x Set) EntryArg(string) string   { return x.Entry }

// Question is a question /ask answers on the base, in the asker's
// language: general words around the person quoted most.
func (x Set) Question(locale string) string {
	if x.Person == "" {
		return ""
	}
	return i18n.T(locale, "what did %s say?", x.Person)
}

// Of picks a base's examples.
func Of(b *knowledge.Base) Set {
	return Set{Person: quotedMost(b), Month: busiestMonth(b), Topic: claimTopic(b), Message: shortestClaim(b), Entry: firstQuoteOf(b, quotedMost(b))}
}

// firstQuoteOf is the reference of the first quote of the person named
// name, "" when they have none.
func firstQuoteOf(b *knowledge.Base, name string) string {
	for _, p := range b.People {
		if qs := b.QuotesBy(p.ID); p.Name == name && len(qs) > 0 {
			return knowledge.KindQuote + "/" + qs[0].ID
		}
	}
	return ""
}

// quotedMost is the name of the person with the most quotes, the first
// in the file on a tie; one named person rather than a group or someone
// described only ("Officials (unnamed)") when any is quoted, as a reader
// would ask after someone.
func quotedMost(b *knowledge.Base) string {
	name, most, best := "", 0, -1
	for _, p := range b.People {
		n := len(b.QuotesBy(p.ID))
		if n == 0 {
			continue
		}
		// A named person outranks a group, which outranks one described.
		rank := 0
		switch {
		case p.Named() && !p.Group:
			rank = 2
		case p.Named():
			rank = 1
		}
		if rank > best || rank == best && n > most {
			name, most, best = p.Name, n, rank
		}
	}
	return name
}

// busiestMonth is the month of the timeline with the most events, the
// earliest on a tie: the first of the timeline's suggestions.
func busiestMonth(b *knowledge.Base) string {
	if dates := Dates(b); len(dates) > 0 && len(dates[0]) == len("2006-01") {
		return dates[0]
	}
	return ""
}

// mostDisputed is the claim with the most positions, the first on a tie.
func mostDisputed(b *knowledge.Base) *knowledge.Claim {
	var best *knowledge.Claim
	for i := range b.Claims {
		if c := &b.Claims[i]; best == nil || len(c.Positions) > len(best.Positions) {
			best = c
		}
	}
	return best
}

// claimTopic is words /claims finds the most disputed claim by: the tag
// of it that the fewest claims share ("false-flag" as "false flag"), or,
// when it has no tags, the longest word of its statement.
func claimTopic(b *knowledge.Base) string {
	c := mostDisputed(b)
	if c == nil {
		return ""
	}
	if len(c.Tags) > 0 {
		uses := map[string]int{}
		for _, o := range b.Claims {
			for _, t := range o.Tags {
				uses[t]++
			}
		}
		tag := slices.MinFunc(c.Tags, func(a, b string) int { return cmp.Compare(uses[a], uses[b]) })
		return strings.ReplaceAll(tag, "-", " ")
	}
	return longestWord(c.Statement)
}

// longestWord is the longest word of text, the first on a tie.
func longestWord(text string) string {
	longest := ""
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !IsWordRune(r) }) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
			longest = w
		}
	}
	return longest
}

// IsWordRune is a letter or digit of a word, or an apostrophe or hyphen
// inside one.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
}

// shortestClaim is the statement of the shortest claim, without its full
// stop: a message /check finds that claim for.
func shortestClaim(b *knowledge.Base) string {
	msg := ""
	for _, c := range b.Claims {
		if s := strings.TrimRight(strings.TrimSpace(c.Statement), "."); msg == "" || utf8.RuneCountInString(s) < utf8.RuneCountInString(msg) {
			msg = s
		}
	}
	return msg
}

// People are the names and aliases of the base's people, each once
// (case aside), in the file's order.
func People(b *knowledge.Base) []string {
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

// Dates are the months of the timeline, then its days, as
// /timeline reads them (2023-05, 2023-05-03), each with the most events
// first.
func Dates(b *knowledge.Base) []string {
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

// Topics are the topics of the base's claims: their tags
// ("false-flag" as "false flag"), or the longest word of a claim without
// tags, those most claims share first.
func Topics(b *knowledge.Base) []string {
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

// Values are what autocomplete offers for a command's argument on a
// base, each with the form Match compares: folded once per base rather
// than on every keystroke (at 100,000 entries folding every name took
// 76 ms a lookup).
type Values struct {
	shown, folded []string
}

// NewValues are the values shown, most useful first.
func NewValues(shown []string) Values {
	v := Values{shown: shown}
	for _, s := range shown {
		v.folded = append(v.folded, strings.ToLower(knowledge.Fold(s)))
	}
	return v
}

// Match returns up to n of the values that contain prefix, those that
// start with it first.
func (v Values) Match(prefix string, n int) []string {
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []string
	for i, f := range v.folded {
		switch j := strings.Index(f, want); {
		case j == 0:
			starts = append(starts, v.shown[i])
		case j > 0:
			contains = append(contains, v.shown[i])
		}
	}
	out := append(starts, contains...)
	return slices.Clip(out[:max(0, min(n, len(out)))])
}
