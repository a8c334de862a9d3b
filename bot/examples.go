package bot

import (
	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/knowledge"
)

// exampleArg is a command's example argument, from a base's examples, in
// the language locale; the command table names one for each command that
// takes an argument.
type exampleArg func(x examples.Set, locale string) string

// fixed is an example argument that is the same on every base: a
// command's own words (/kb status), never an incident's.
func fixed(arg string) exampleArg { return func(examples.Set, string) string { return arg } }

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
func (r answerer) examples() examples.Set {
	if r.b == nil {
		return examples.Set{}
	}
	return knowledge.Memo(r.b, examplesKey{}, func() examples.Set { return examples.Of(r.b) })
}
