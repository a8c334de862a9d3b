package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/echo"
	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/bot/internal/nearest"
	"github.com/incidentbot/incidentbot/knowledge"
)

// command is one entry of the command table: what it is called, how it is
// used, and the method that answers it. It is the one list of commands:
// /help, the Discord registration, the Slack manifest and the CLI usage
// are all made from it.
type command struct {
	name, args, summary string
	// example is the argument its example shows, drawn from the base
	// (bot/examples); nil for a command shown without one.
	example     exampleArg
	argRequired bool
	// admin commands run only for admins; others get a polite refusal.
	admin bool
	// recordsGaps: when it finds nothing, the argument is a question the
	// base could not answer, which the gaps log keeps for admins to curate
	// (a filter that matches nothing is not).
	recordsGaps bool
	// option is the argument as a platform form field.
	option Field
	run    runner
	// suggest lists what to suggest for the argument as it is typed, from
	// the base, most useful first; nil for no suggestions.
	suggest suggester
}

// runner answers a command's argument: a content command or an operation.
type runner interface {
	answer(ctx context.Context, e *Engine, r answerer, arg string) Answer
}

// content is a command about the incident: a function of the request's
// base, the asker's language and the argument, which gets neither the
// Engine nor the request's ctx.
type content func(r answerer, arg string) Answer

func (f content) answer(_ context.Context, _ *Engine, r answerer, arg string) Answer {
	return f(r, arg)
}

// operation is a command about the bot itself (/kb, /changes): an Engine
// method, which may use the engine's state and the request's ctx. The
// Engine comes first, as in the method expression ((*Engine).kb) the
// command table gives.
type operation func(e *Engine, ctx context.Context, r answerer, arg string) Answer

func (f operation) answer(ctx context.Context, e *Engine, r answerer, arg string) Answer {
	return f(e, ctx, r, arg)
}

// Field is a command's argument as platforms ask for it in a form field:
// its name, a hint, how long it may be, and a closed list of values or
// suggestions of names where it has them.
type Field struct {
	Name, Help string
	MaxLength  int
	Choices    []string
	// Autocomplete is set for a field the engine suggests values for as
	// it is typed (Engine.Suggest): the base's people, dates, topics.
	Autocomplete bool
}

// commands is the table parse dispatches on and /help lists, in help
// order, built once. It is filled on first use rather than as a variable's
// value because /help, one of its rows, reads it.
func commands() []command {
	tableOnce.Do(func() {
		table = []command{
			{name: "timeline", args: "[date, month or words]", summary: "the events in date order, optionally filtered", example: examples.Set.MonthArg,
				option: Field{Name: "filter", Help: "a date (YYYY-MM-DD), a month (YYYY-MM) or words", MaxLength: 100},
				run:    content(answerer.datedTimeline), suggest: examples.Dates},
			{name: "who-said", args: "<person or words>", summary: "a person's quotes, or the quotes containing some words", example: examples.Set.PersonArg,
				argRequired: true, recordsGaps: true, option: Field{Name: "query", Help: "a person, or words from a quote", MaxLength: 100},
				run: content(answerer.whoSaid), suggest: examples.People},
			{name: "ask", args: "<question>", summary: "the passage that best answers a question, with its source", example: examples.Set.Question,
				argRequired: true, recordsGaps: true, option: Field{Name: "question", Help: "what you want to know", MaxLength: 300},
				run: content(answerer.ask)},
			{name: "claims", args: "[topic]", summary: "each claim, its status, and who asserts or disputes it", example: examples.Set.TopicArg,
				option: Field{Name: "topic", Help: "words a claim is about", MaxLength: 100},
				run:    content(answerer.claims), suggest: examples.Topics},
			{name: "cite", args: "<entry>", summary: "a quote, event or claim as a line to paste into copy, with its sources", example: examples.Set.EntryArg,
				argRequired: true, option: Field{Name: "entry", Help: "what a Cite button sends (quote/…), or words of a quote, event or claim", MaxLength: 200},
				run: content(answerer.cite)},
			{name: "sources", summary: "every source, with what is known of it", run: content(answerer.sources)},
			{name: "check", args: "<message text>", summary: "checks a message against the claims and quotes", example: examples.Set.MessageArg,
				argRequired: true, recordsGaps: true, option: Field{Name: "text", Help: "the message to check", MaxLength: 1000},
				run: content(answerer.check)},
			{name: "changes", summary: "what changed in the knowledge base lately", run: operation((*Engine).changesAnswer)},
			{name: "incidents", summary: "the incidents the bot answers about, and which one answers here", run: operation((*Engine).incidentsAnswer)},
			{name: "help", args: "[command]", summary: "this list, or one command's usage", example: fixed("who-said"),
				option: Field{Name: "command", Help: "a command name, e.g. who-said", MaxLength: 20},
				run:    content(answerer.help)},
			{name: "kb", args: "<status|reload|gaps>", summary: "admins only: the base's state, a reload, the unanswered questions", example: fixed("status"),
				argRequired: true, admin: true,
				option: Field{Name: "action", Help: "status, reload or gaps", MaxLength: 10, Choices: []string{"status", "reload", "gaps"}},
				run:    operation((*Engine).kb)},
		}
		byName = map[string]command{}
		for _, c := range table {
			byName[c.name] = c
		}
	})
	return table
}

var (
	tableOnce sync.Once
	table     []command
	byName    map[string]command
)

// commandNamed is the command of the table called name (zero when none
// is).
func commandNamed(name string) command {
	commands()
	return byName[name]
}

// incident reports whether the command answers about one incident, which
// must be chosen when several are loaded: every command but /help and
// /incidents, and an unknown one (whose help names commands).
func (c command) incident() bool { return c.name != "help" && c.name != "incidents" && c.name != "" }

// MaxLineRunes bounds a command line. Longer input is refused with a
// message rather than searched, so a pasted essay costs nothing.
const MaxLineRunes = 4000

// Command names a command and its usage, for adapters that register
// commands with a platform.
type Command struct {
	Name, Args, Summary string
	ArgRequired, Admin  bool
	// Option is the argument as a form field; its Name is empty for a
	// command that takes none.
	Option Field
	// Incident is set for a command about one incident, which takes
	// IncidentField besides its argument.
	Incident bool
}

// IncidentField is the incident a command may name, as platforms ask for
// it in a form field (Discord's incident option), with suggestions of the
// loaded incidents (Engine.SuggestIncidents). Slack and the command line
// name it with an in:ID word leading the argument instead.
var IncidentField = Field{Name: "incident", Help: "the incident to answer about (default: the one of this channel)", MaxLength: 100, Autocomplete: true}

// Commands lists every command in help order.
func Commands() []Command {
	var out []Command
	for _, c := range commands() {
		o := c.option
		o.Autocomplete = c.suggest != nil
		out = append(out, Command{c.name, c.args, c.summary, c.argRequired, c.admin, o, c.incident()})
	}
	return out
}

// parse splits a command line into its command and argument. The leading
// slash is optional and the name is case-insensitive; control characters
// in the argument become spaces. On error the command returned is the one
// whose help fits the mistake (zero when the name is unknown).
func parse(line string) (command, string, error) {
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	line = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, line)
	// Invisible formatting characters (bidi controls) would make an echo
	// of the query read otherwise than it is; they carry no words.
	line = echo.Visible(line)
	line = strings.TrimSpace(line)
	if line == "" {
		return command{}, "", usagef("no command given")
	}
	name, arg, _ := strings.Cut(line, " ")
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	arg = strings.Join(strings.Fields(arg), " ")
	if c := commandNamed(name); c.name != "" {
		if n := utf8.RuneCountInString(arg); n > MaxLineRunes {
			return c, "", usagef("that is %d characters; /%s takes at most %d", n, c.name, MaxLineRunes)
		}
		return c, arg, nil
	}
	return command{}, "", unknownCommand(name)
}

// unknown is a command name the table does not have, and the command it
// most likely meant (zero when none is near).
type unknown struct {
	usage
	meant command
}

// unknownCommand is the mistake of a name the table does not have.
func unknownCommand(name string) error {
	shown := name
	if utf8.RuneCountInString(shown) > 40 {
		shown = string([]rune(shown)[:40]) + "…"
	}
	return unknown{usage{"unknown command /%s", []any{shown}}, nearestCommand(name)}
}

// nearestCommand is the command a mistyped name most likely meant
// (nearest.Name); zero when none is.
func nearestCommand(name string) command {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if meant := nearest.Name(name, names); meant != "" {
		return commandNamed(meant)
	}
	return command{}
}

// dateLike is an argument written as a date (2023-05-03, 2023-13-45,
// 2023-05-03/2023-05-04): one that does not parse is a mistake to point
// out, not words to search for.
var dateLike = regexp.MustCompile(`^(\.\.|\d{4}-\d{1,2}(-\d{1,2})?([T ][\d:+Z-]*)?)(/(\.\.|\d{4}[\d:+TZ-]*))?$`)

// datedTimeline answers /timeline, refusing a date that does not exist
// (2023-13-45) rather than saying there is nothing on it.
func (r answerer) datedTimeline(arg string) Answer {
	if dateLike.MatchString(arg) {
		if _, err := knowledge.ParseDate(arg); err != nil {
			_, reason, _ := strings.Cut(err.Error(), ": ")
			if strings.HasPrefix(reason, "want ") {
				reason = r.t("write it as YYYY-MM-DD, YYYY-MM or YYYY, or as a range of two dates, YYYY-MM-DD/YYYY-MM-DD")
			}
			return r.helpAnswer(usagef("“%s” is not a date: %s", arg, reason), commandNamed("timeline"))
		}
	}
	return r.timeline(arg)
}

func (r answerer) missingArgError(c command) error {
	return usagef("/%s needs %s", c.name, strings.Trim(r.word(c.args), "<>[]"))
}

// usage is a mistake in a command line, told in the asker's language: the
// message key (its English, a format) and what fills it in.
type usage struct {
	key  string
	args []any
}

func usagef(key string, args ...any) error { return usage{key, args} }

func (u usage) Error() string { return fmt.Sprintf(u.key, u.args...) }

// helpAnswer explains a mistake: the usage of the command it concerns,
// or, when the name itself was wrong, of the command it most likely meant
// ("Did you mean /claims?"), else of every command.
func (r answerer) helpAnswer(err error, c command) Answer {
	title := err.Error()
	if u, ok := errors.AsType[usage](err); ok {
		title = r.t(u.key, u.args...)
	}
	intro := ""
	if u, ok := errors.AsType[unknown](err); ok {
		title = r.t(u.key, u.args...)
		if c.name == "" && u.meant.name != "" {
			c, intro = u.meant, r.t("Did you mean %s?", "/"+u.meant.name)
		}
	}
	if c.name != "" {
		return Answer{Title: capitalise(title), Intro: intro, Help: true, Misuse: true, list: r.items([]Item{r.helpItem(c)})}
	}
	a := r.help("")
	a.Title = capitalise(title)
	a.Intro = r.t("These are the commands:")
	a.Misuse = true
	return a
}

func (r answerer) help(arg string) Answer {
	name := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(arg), "/"))
	var items []Item
	for _, c := range commands() {
		// /incidents is listed where there is a choice to make.
		if name == "" && c.name == "incidents" && !r.several || name != "" && c.name != name {
			continue
		}
		items = append(items, r.helpItem(c))
	}
	if len(items) == 0 {
		return r.helpAnswer(unknownCommand(name), command{})
	}
	return Answer{
		Title: r.t("Commands"),
		Intro: r.t("Every answer cites its source, with the exact words."),
		Help:  true,
		list:  r.items(items),
	}
}

func (r answerer) helpItem(c command) Item {
	usage := "/" + c.name
	if c.args != "" {
		usage += " " + r.word(c.args)
	}
	text := r.word(c.summary) + "."
	if ex := r.exampleLine(c); ex != "" {
		text = r.t("%s. Example: %s", r.word(c.summary), ex)
	}
	return Item{Kind: KindHelp, Heading: usage, Words: Words{Text: text}}
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
