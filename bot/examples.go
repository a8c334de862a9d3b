package bot

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// examples are the arguments /help's examples and the refusals'
// suggestions show, drawn from one base: its users see their incident's
// people, dates and claims, never another's. They are worked out once a
// base (examplesOf, kept with it by Memo).
type examples struct {
	// person is the name of the person quoted most.
	person string
	// month is the month of the timeline with the most events, as
	// /timeline reads it (2023-05).
	month string
	// topic is words of the most disputed claim: its most particular tag,
	// or the longest word of its statement.
	topic string
	// message is the shortest claim's statement, as a message to /check.
	message string
	// entry is the reference of the first quote of the person quoted
	// most, as /cite takes it (quote/some-id).
	entry string
}

// exampleArg is a command's example argument, from a base's examples, in
// the language locale; the command table names one for each command that
// takes an argument.
type exampleArg func(x examples, locale string) string

// fixed is an example argument that is the same on every base: a
// command's own words (/kb status), never an incident's.
func fixed(arg string) exampleArg { return func(examples, string) string { return arg } }

func (x examples) personArg(string) string  { return x.person }
func (x examples) monthArg(string) string   { return x.month }
func (x examples) topicArg(string) string   { return x.topic }
func (x examples) messageArg(string) string { return x.message }
func (x examples) entryArg(string) string   { return x.entry }

// question is a question /ask answers on the base, in the asker's
// language: general words around the person quoted most.
func (x examples) question(locale string) string {
	if x.person == "" {
		return ""
	}
	return i18n.T(locale, "what did %s say?", x.person)
}

// exampleLine is a command's example on the base, as a user types it; ""
// when the command needs an argument and the base has none to show.
func (r answerer) exampleLine(c command) string {
	if c.example == nil {
		return "/" + c.name
	}
	arg := c.example(r.examples(), r.loc)
	if arg == "" {
		if c.argRequired {
			return ""
		}
		return "/" + c.name
	}
	return "/" + c.name + " " + arg
}

type examplesKey struct{}

// examples are the request's base's examples, worked out on its first
// use of them.
func (r answerer) examples() examples {
	if r.b == nil {
		return examples{}
	}
	return knowledge.Memo(r.b, examplesKey{}, func() examples { return examplesOf(r.b) })
}

// examplesOf picks a base's examples.
func examplesOf(b *knowledge.Base) examples {
	return examples{person: quotedMost(b), month: busiestMonth(b), topic: claimTopic(b), message: shortestClaim(b), entry: firstQuoteOf(b, quotedMost(b))}
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
// in the file on a tie; one person rather than a group when any is quoted,
// as a reader would ask after someone.
func quotedMost(b *knowledge.Base) string {
	name, most, group := "", 0, true
	for _, p := range b.People {
		n := len(b.QuotesBy(p.ID))
		if n > 0 && (group && !p.Group || group == p.Group && n > most) {
			name, most, group = p.Name, n, p.Group
		}
	}
	return name
}

// busiestMonth is the month of the timeline with the most events, the
// earliest on a tie: the first of the timeline's suggestions.
func busiestMonth(b *knowledge.Base) string {
	if dates := timelineDates(b); len(dates) > 0 && len(dates[0]) == len("2006-01") {
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
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
			longest = w
		}
	}
	return longest
}

// isWordRune is a letter or digit of a word, or an apostrophe or hyphen
// inside one.
func isWordRune(r rune) bool {
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
