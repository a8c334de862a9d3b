// Package bot is the platform-neutral answer engine: it parses a command
// line, asks the knowledge base and returns one Answer. It must not import
// any chat library (discordgo, slack-go); adapters in bot/discord and
// bot/slack render its Answers.
package bot

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

// PageSize is how many items one page of an Answer holds. It is small enough
// that a page fits Slack's and Discord's message limits.
const PageSize = 5

// Request is one command to answer.
type Request struct {
	// Platform labels metrics: "slack", "discord", "cli".
	Platform string
	// Line is the command as typed: "/who-said Peskov". The slash is
	// optional.
	Line string
	// Page is 1-based; 0 means the first page.
	Page int
}

// Engine answers commands from the current knowledge base. It is safe for
// concurrent use, and the base can be swapped while requests are in flight.
type Engine struct {
	base    atomic.Pointer[knowledge.Base]
	metrics *Metrics
}

// New returns an engine over base. metrics may be nil.
func New(base *knowledge.Base, metrics *Metrics) *Engine {
	e := &Engine{metrics: metrics}
	e.Swap(base)
	return e
}

// Base returns the knowledge base answers are currently built from.
func (e *Engine) Base() *knowledge.Base { return e.base.Load() }

// Swap replaces the knowledge base; requests already running finish on the
// old one.
func (e *Engine) Swap(base *knowledge.Base) {
	e.base.Store(base)
	if e.metrics != nil {
		for kind, n := range base.Counts() {
			e.metrics.entries.WithLabelValues(kind).Set(float64(n))
		}
	}
}

// Ask answers one command line. It never fails: a malformed command, an
// unknown one or a missing argument gets the help text for it.
func (e *Engine) Ask(ctx context.Context, req Request) Answer {
	start := time.Now()
	base := e.base.Load()
	cmd, arg, err := parse(req.Line)
	var a Answer
	switch {
	case err != nil:
		a = helpAnswer(err, cmd)
	case cmd.argRequired && arg == "":
		a = helpAnswer(missingArgError(cmd), cmd)
	default:
		a = cmd.run(answerer{base}, arg)
	}
	a.Command = cmd.name
	a.Query = arg
	a = paginate(a, req.Page)
	if e.metrics != nil {
		outcome := "answered"
		switch {
		case a.Help:
			outcome = "help"
		case a.NotFound:
			outcome = "not_found"
		}
		name := cmd.name
		if name == "" {
			name = "unknown"
		}
		e.metrics.commands.WithLabelValues(req.Platform, name, outcome).Inc()
		e.metrics.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
	}
	return a
}

// paginate cuts the page'th page out of a full answer.
func paginate(a Answer, page int) Answer {
	a.Total = len(a.Items)
	if a.Help {
		// Usage text is short and reads best whole.
		a.Page, a.Pages = 1, 1
		return a
	}
	a.Pages = max(1, (a.Total+PageSize-1)/PageSize)
	a.Page = min(max(page, 1), a.Pages)
	lo := (a.Page - 1) * PageSize
	a.Items = a.Items[lo:min(lo+PageSize, a.Total)]
	return a
}

// Suggest returns up to n people names and aliases that contain prefix,
// those that start with it first, for autocomplete. Each is a string a
// user can pass to /who-said.
func (e *Engine) Suggest(prefix string, n int) []string {
	base := e.base.Load()
	want := strings.ToLower(knowledge.Fold(prefix))
	var starts, contains []string
	seen := map[string]bool{}
	for _, p := range base.People {
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			key := strings.ToLower(name)
			if seen[key] {
				continue
			}
			seen[key] = true
			switch i := strings.Index(strings.ToLower(knowledge.Fold(name)), want); {
			case i == 0:
				starts = append(starts, name)
			case i > 0:
				contains = append(contains, name)
			}
		}
	}
	out := append(starts, contains...)
	return slices.Clip(out[:min(n, len(out))])
}
