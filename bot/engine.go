// Package bot is the platform-neutral answer engine: it parses a command
// line, asks the knowledge base and returns one Answer. It must not import
// any chat library (discordgo, slack-go); adapters in bot/discord and
// bot/slack render its Answers.
package bot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot/cite"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/internal/limit"
	"github.com/incidentbot/incidentbot/bot/internal/refcount"
	"github.com/incidentbot/incidentbot/bot/metrics"
	"github.com/incidentbot/incidentbot/bot/rank"
	"github.com/incidentbot/incidentbot/knowledge"
)

// PageSize is how many items one page of an Answer holds when each shows
// words and a meta line, and LinePageSize when each is one line. Both are
// small enough that a page fits Slack's and Discord's message limits and
// is read at a glance.
const (
	PageSize     = 5
	LinePageSize = 10
)

// Request is one command to answer.
type Request struct {
	// Platform labels metrics: "slack", "discord", "cli".
	Platform string
	// Line is the command as typed: "/who-said Smith". The slash is
	// optional.
	Line string
	// Page is 1-based; 0 means the first page.
	Page int
	// UserID identifies the asker on the platform, for the rate limit and
	// the admin list; it is never recorded. Empty on the command line.
	UserID string
	// Admin is set by an adapter that knows the user may run admin
	// commands (a Discord member with Manage Server).
	Admin bool
	// Details, when set, asks for the details of one entry of an answer
	// (an Item's Ref) instead of answering Line.
	Details string
	// Vote, when set, is the state of a Helpful or Not helpful button
	// (Vote.Encode) to count instead of answering Line.
	Vote string
	// Full asks for every item's details inline, as `incidentbot ask
	// --full` prints them.
	Full bool
	// Locale is the asker's language as the platform gives it ("ru",
	// "uk", "en-US", "ru_RU.UTF-8"); the bot answers in Russian or
	// Ukrainian for those, in English otherwise (see Locale).
	Locale string
	// Incident is the id of the incident the asker chose (an option, a
	// flag); empty for the one named by an in:ID word leading the
	// argument, or else the one that answers where they ask (see Places).
	Incident string
	// Places are where the request was made, most specific first: a
	// channel's id, then its server's or workspace's. Config.Channels
	// maps them to incidents.
	Places []string
}

// Engine answers commands from the current knowledge base. It is safe for
// concurrent use, and the base can be swapped while requests are in flight.
type Engine struct {
	incidents
	metrics *metrics.Metrics
	log     *slog.Logger
	swapped func()
	gaps    *gaps.Log
	limiter *limit.Users
	shared  Shared
	admins  map[string]bool
	style   cite.Style
	// suggest limits autocomplete, apart from commands: typing sends
	// many.
	suggest *limit.Users
}

// Config is how an Engine is set up beyond its logger and its base. The
// zero Config answers from a fixed base, for everyone alike, in AP style,
// counting and recording nothing.
type Config struct {
	// Metrics counts the commands answered (metrics.New); nil counts none.
	Metrics *metrics.Metrics
	// Reload makes the base reloadable: it reads and validates the
	// knowledge file again, and returns the current base itself when the
	// file is unchanged, as knowledge.ReloadFile does: that is what decides
	// "the file is unchanged", not the engine. Without it, /kb reload says
	// the base is fixed.
	Reload func() (*knowledge.Base, error)
	// Swapped runs after each swap of a new base in, once no request
	// answers from the old one any more (the request that ran /kb reload
	// included), beside the requests: serve hands the old base's memory
	// back to the OS there.
	Swapped func()
	// Gaps records unanswered questions and votes.
	Gaps *gaps.Log
	// Admins are the user IDs granted the admin commands (Slack and
	// Discord IDs alike; they do not collide).
	Admins []string
	// RatePerMinute allows each user that many commands a minute on each
	// platform, in bursts of as many; 0 turns the limit off.
	RatePerMinute int
	// SuggestPerMinute allows each user that many autocomplete lookups a
	// minute on each platform, apart from the commands; 0 turns the limit
	// off.
	SuggestPerMinute int
	// Shared shares the rate limit, the unanswered questions and the
	// reload history with the other replicas. Each replica still keeps
	// its own, which answers while Shared cannot be reached.
	Shared Shared
	// CiteStyle is the style /cite writes in; nil is AP style.
	CiteStyle cite.Style

	// Incidents are the incidents of a folder, each with its Load (nil
	// for one that is not reloaded), answered from besides New's base (nil
	// when they are all given here). Put and Drop change them as files
	// come and go.
	Incidents []Incident
	// Folder marks an engine that serves a folder of incidents: each
	// incident's id labels its gaps, its reload history and its metrics,
	// even while one is loaded.
	Folder bool
	// Channels maps places (channel, server or workspace ids) to the
	// incidents that answer there: a request is answered from the
	// incident of its most specific place that has one (Request.Places).
	Channels map[string]string
	// DefaultIncident answers where no channel mapping does and more
	// than one incident is loaded.
	DefaultIncident string
}

// Incident is one incident of a folder, for Config.Incidents: its base,
// and how to read it again.
type Incident struct {
	Base *knowledge.Base
	Load Loader
}

// New returns an engine over base and Config.Incidents, logging recovered
// panics and reloads to log (nil discards them). base may be nil when the
// incidents are all in Config.Incidents.
func New(log *slog.Logger, base *knowledge.Base, cfg Config) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{metrics: cfg.Metrics, log: log, swapped: cfg.Swapped, gaps: cfg.Gaps, shared: cfg.Shared,
		limiter: limit.New(cfg.RatePerMinute), suggest: limit.New(cfg.SuggestPerMinute),
		admins: map[string]bool{}, style: cfg.CiteStyle}
	e.incidents = incidents{byID: map[string]*desk{}, folder: cfg.Folder, channels: cfg.Channels, fallback: cfg.DefaultIncident}
	if e.style == nil {
		e.style = cite.AP{}
	}
	for _, id := range cfg.Admins {
		if id = strings.TrimSpace(id); id != "" {
			e.admins[id] = true
		}
	}
	if base != nil {
		var load Loader
		if cfg.Reload != nil {
			load = func(*knowledge.Base) (*knowledge.Base, error) { return cfg.Reload() }
		}
		e.put(base, load)
	}
	for _, in := range cfg.Incidents {
		e.put(in.Base, in.Load)
	}
	return e
}

// Base returns the knowledge base the first incident's answers are
// currently built from: the only one's, unless the engine serves a folder.
func (e *Engine) Base() *knowledge.Base { return e.first().base.Load().Base }

// Swap replaces the knowledge base of the incident base is about (the
// first one's, when none is); requests already running finish on the old
// one, and Config.Swapped runs when the last of them is done.
func (e *Engine) Swap(base *knowledge.Base) {
	d := e.desk(base.Incident.ID)
	if d == nil {
		d = e.first()
	}
	e.swap(d, base)
}

func (e *Engine) swap(d *desk, base *knowledge.Base) {
	// What ranking keeps of the base is worked out now, not by the first
	// question to need it.
	rank.For(base).Prepare()
	if old := d.base.Swap(refcount.New(base, e.swapped)); old != nil {
		old.Release()
	}
	if e.metrics != nil {
		for kind, n := range base.Counts() {
			e.metrics.Entry(d.label, kind).Set(float64(n))
		}
	}
}

// apology is the one apology for an answer that failed, in loc's
// language: its title and what it says.
func apology(loc string) (title, intro string) {
	return i18n.T(loc, "Sorry, something went wrong"), i18n.T(loc, "The bot could not answer that. The error has been logged; please try again or try another command.")
}

// Apology is the apology as one message, in the language of locale (as
// Request.Locale): what an adapter sends when answering failed outside
// Ask, or Ask's answer could not be sent. Ask's own apology says the same.
func Apology(locale string) string {
	title, intro := apology(i18n.Locale(locale))
	return title + ". " + intro
}

// Ask answers one command line. It never fails: a malformed command, an
// unknown one or a missing argument gets the help text for it; a user over
// the rate limit is asked to slow down; a panic becomes an apology, and so
// does a request whose ctx is done before it is answered (its asker has
// gone: no answer is built for it). A reload that /kb reload starts goes on
// after ctx is done.
func (e *Engine) Ask(ctx context.Context, req Request) (a Answer) {
	start := time.Now()
	name := "unknown"
	loc := i18n.Locale(req.Locale)
	sorry := func() Answer {
		title, intro := apology(loc)
		return Answer{Command: name, Title: title, Intro: intro, Private: true, Page: 1, Pages: 1, Locale: loc}
	}
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("panic answering a command", "command", name, "platform", req.Platform, "panic", r, "stack", string(debug.Stack()))
			a = sorry()
			e.count("", req.Platform, name, "panic", start)
		}
	}()
	if err := ctx.Err(); err != nil {
		e.log.Warn("request ended before it was answered", "platform", req.Platform, "err", context.Cause(ctx))
		e.count("", req.Platform, "any", "cancelled", start)
		return sorry()
	}
	if e.limiter != nil && req.UserID != "" && !e.allow(ctx, req.Platform+"\x00"+req.UserID) {
		e.count("", req.Platform, "any", "rate_limited", start)
		return Answer{Title: i18n.T(loc, "Slow down"), Intro: i18n.T(loc, "You are sending commands faster than the bot answers them for one person. Wait a few seconds and try again."), Private: true, Page: 1, Pages: 1, Locale: loc}
	}
	cmd, arg, err := parse(req.Line)
	if cmd.name != "" {
		name = cmd.name
	}
	d, gone := e.choose(&req, &arg)
	// /help and /incidents answer wherever they are asked, about no one
	// incident: /help's examples come from the one here, else the first.
	unnamed := !cmd.incident() && req.Details == "" && req.Vote == ""
	defaulted := unnamed && d == nil && gone == ""
	if defaulted {
		d = e.first()
	}
	if d == nil {
		a = e.noIncident(loc, gone)
		e.count("", req.Platform, name, "no_incident", start)
		return a
	}
	h := d.acquire()
	defer h.Release()
	base := h.Base
	r := answerer{b: base, loc: loc, style: e.style, incident: base.Incident.ID, several: e.several()}
	if defaulted {
		r.incident = "" // none answers here
	}
	if !unnamed {
		defer func() { a = e.named(a, base) }()
	}
	if req.Details != "" {
		a = r.localise(r.details(req.Details))
		e.count(d.label, req.Platform, "details", "answered", start)
		return a
	}
	if req.Vote != "" {
		a, outcome := e.vote(ctx, r, req)
		e.count(d.label, req.Platform, "feedback", outcome, start)
		return a
	}
	outcome := ""
	switch {
	case err != nil:
		a = r.helpAnswer(err, cmd)
	case cmd.admin && !req.Admin && !e.admins[req.UserID]:
		a = Answer{Title: r.t("Admins only"), Intro: r.t("Sorry, /%s is for the bot's admins. Everything else is open to you: try /help.", cmd.name), Private: true}
		outcome = "refused"
	case cmd.argRequired && arg == "":
		a = r.helpAnswer(r.missingArgError(cmd), cmd)
	default:
		a = cmd.run.answer(ctx, e, r, arg)
	}
	a.Command = cmd.name
	a.Query = arg
	a = paginate(a, req.Page, req.Full)
	if req.Full && a.Lead != nil {
		lead := r.withDetails(*a.Lead, true)
		lead.Words, lead.Meta = a.Lead.Words, a.Lead.Meta
		a.Lead = &lead
	}
	a = r.localise(a)
	if outcome == "" {
		switch {
		case a.Help:
			outcome = "help"
		case a.NotFound:
			outcome = "not_found"
			if cmd.recordsGaps {
				e.record(ctx, gaps.Gap{Time: time.Now().UTC(), Incident: d.label, Command: cmd.name, Platform: req.Platform, Query: gaps.Clip(arg)})
			}
		default:
			outcome = "answered"
		}
	}
	e.count(d.label, req.Platform, name, outcome, start)
	return a
}

// acquire returns the incident's current base with a reference taken. A
// base swapped out and let go between the load and the take is retried:
// by then the new one is current.
func (d *desk) acquire() *refcount.Held {
	for {
		if h := d.base.Load(); h.Acquire() {
			return h
		}
	}
}

// allow applies the per-user rate limit: the shared one while the store
// answers, this replica's own otherwise.
func (e *Engine) allow(ctx context.Context, key string) bool {
	if e.shared != nil {
		if ok, err := e.shared.Allow(ctx, key, e.limiter.Interval(), e.limiter.Burst); err == nil {
			return ok
		}
	}
	return e.limiter.Allow(key)
}

// record counts a gap (an unanswered question, or a vote on an answer)
// here and, when shared, in the shared store, which /kb gaps reads while
// it answers; this replica's count is what /kb gaps shows while the store
// cannot be reached.
func (e *Engine) record(ctx context.Context, gap gaps.Gap) {
	if e.gaps == nil {
		return
	}
	if err := e.gaps.Record(gap); err != nil {
		e.log.Warn("recording in the gaps log", "err", err)
	}
	if e.shared != nil {
		// A failure is the store's to log and count: this replica's
		// count above stands in for it.
		_ = e.shared.RecordGap(ctx, gap)
	}
}

// count counts a command of the incident labelled incident ("" before
// one is chosen, and on an engine of one incident).
func (e *Engine) count(incident, platform, command, outcome string, start time.Time) {
	if e.metrics == nil {
		return
	}
	e.metrics.Command(incident, platform, command, outcome).Inc()
	e.metrics.Latency(command).Observe(time.Since(start).Seconds())
}
