package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/problems"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Status is the state of the knowledge base, for /kb status.
type Status struct {
	Name, Version string
	LoadedAt      time.Time
	Counts        map[string]int
	// LastError is the last refused reload, if it came after the last
	// good one.
	LastError   string
	LastErrorAt time.Time
}

// Status reports the first incident's loaded base (the only one's, on
// an engine of one) and its last refused reload.
func (e *Engine) Status() Status { return e.first().status() }

// StatusOf reports the incident id's loaded base and its last refused
// reload; false when it is not loaded.
func (e *Engine) StatusOf(id string) (Status, bool) {
	d := e.desk(id)
	if d == nil {
		return Status{}, false
	}
	return d.status(), true
}

func (d *desk) status() Status {
	b := d.base.Load().Base
	d.mu.Lock()
	defer d.mu.Unlock()
	return Status{Name: b.Name, Version: b.Version, LoadedAt: b.LoadedAt, Counts: b.Counts(), LastError: d.reloadErr, LastErrorAt: d.reloadErrAt}
}

// reloadWait is how long /kb reload waits for the reload to end before it
// answers that the reload goes on: under the platforms' 3-second deadline.
const reloadWait = 2 * time.Second

// ErrNoFile is Reload's answer when the engine was given no way to read
// its knowledge file again (the embedded base, or a base a command line
// loaded once): there is nothing to reload from. What to set is the
// caller's to say.
var ErrNoFile = errors.New("this knowledge base was not loaded from a file the bot reads again, so it cannot be reloaded")

// Reload loads every incident's knowledge file again (the one file, on an
// engine of one; see ReloadIncident). A file that does not validate is
// refused: the old base stays, and the error is kept for /kb status. A good
// one is swapped in atomically; requests in flight finish on the old base.
//
// A reload whose ctx is done changes nothing and returns ctx's error: it
// does not start, stops waiting for a reload already running, and, when
// ctx ends while the file loads, neither swaps in nor records what it
// read (the load itself runs to its end: Config.Reload takes no ctx).
func (e *Engine) Reload(ctx context.Context) error {
	var errs []error
	tried := false
	for _, d := range e.desks() {
		if d.load != nil {
			tried = true
			errs = append(errs, e.reloadDesk(ctx, d))
		}
	}
	if !tried {
		return ErrNoFile
	}
	return errors.Join(errs...)
}

// ReloadIncident loads the incident id's knowledge file again, as Reload
// does every one's: only that incident is rebuilt. Reloading a file
// whose incident.id has changed is refused: that is a file removed and
// another added.
func (e *Engine) ReloadIncident(ctx context.Context, id string) error {
	d := e.desk(id)
	if d == nil {
		return fmt.Errorf("no incident %q is loaded", id)
	}
	return e.reloadDesk(ctx, d)
}

func (e *Engine) reloadDesk(ctx context.Context, d *desk) error {
	if d.load == nil {
		return ErrNoFile
	}
	// One reload at a time, so two quick saves cannot swap out of order.
	select {
	case d.reloading <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	return e.reload(ctx, d)
}

// reload is reloadDesk's once it holds d's reloading token, which it
// gives back.
func (e *Engine) reload(ctx context.Context, d *desk) error {
	defer func() { <-d.reloading }()
	if err := ctx.Err(); err != nil {
		return err
	}
	nb, err := d.load(d.base.Load().Base)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil && nb.Incident.ID != d.id && e.folder {
		err = fmt.Errorf("%s: incident.id is now %q, not %q: an incident's id is how buttons and channels name it; give the new one a file of its own", nb.Name, nb.Incident.ID, d.id)
	}
	set, err := e.swapIn(d, nb, err)
	if err == nil && !set.Empty() {
		e.addChanges(ctx, set)
	}
	return err
}

// addChanges adds a set to the history, here and, when shared, in the
// shared store.
func (e *Engine) addChanges(ctx context.Context, set changes.Set) {
	e.mu.RLock()
	n := len(e.byID)
	e.mu.RUnlock()
	e.changes.Add(set, n)
	if e.shared != nil {
		// A failure is the store's to log and count: this replica's
		// history has the set.
		_ = e.shared.AddChanges(ctx, set)
	}
}

// swapIn swaps in the base a reload of d read, or keeps the refusal of
// one that failed, and returns what changed.
func (e *Engine) swapIn(d *desk, nb *knowledge.Base, err error) (changes.Set, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		d.reloadErr, d.reloadErrAt = problems.Clip(err.Error()), time.Now()
		e.log.Error("knowledge reload refused; keeping the last good base", "err", d.reloadErr)
		if e.metrics != nil {
			e.metrics.Reload(d.label, "refused").Inc()
		}
		return changes.Set{}, err
	}
	old := d.base.Load().Base
	d.reloadErr, d.reloadErrAt = "", time.Time{}
	if nb == old {
		// The folder changed but the file did not: load recognised it
		// (knowledge.ReloadFile, by its hash), and nothing was parsed.
		e.log.Info("knowledge file unchanged; kept the loaded base", "version", old.Version, "file", old.Name)
		if e.metrics != nil {
			e.metrics.Reload(d.label, "unchanged").Inc()
		}
		return changes.Set{}, nil
	}
	if nb.Incident.ID != d.id {
		// An engine of one incident: its file is the bot's, whatever its
		// id; the new id finds it.
		e.mu.Lock()
		delete(e.byID, d.id)
		d.id = nb.Incident.ID
		e.byID[d.id] = d
		e.mu.Unlock()
	}
	e.swap(d, nb)
	set := changes.Set{At: nb.LoadedAt, Incident: d.label, From: old.Version, Version: nb.Version, Changes: knowledge.Diff(old, nb)}
	e.log.Info("knowledge reloaded", "version", nb.Version, "file", nb.Name)
	if e.metrics != nil {
		e.metrics.Reload(d.label, "ok").Inc()
	}
	return set, nil
}

// Changes returns the first incident's reload history (the only one's,
// on an engine of one), newest first: the shared one while the store
// answers, this replica's own otherwise.
func (e *Engine) Changes(ctx context.Context) []changes.Set { return e.changesOf(ctx, e.first()) }

// ChangesOf is Changes for the incident id, with the incidents added to
// and removed from the folder; none when it is not loaded.
func (e *Engine) ChangesOf(ctx context.Context, id string) []changes.Set {
	if d := e.desk(id); d != nil {
		return e.changesOf(ctx, d)
	}
	return nil
}

func (e *Engine) changesOf(ctx context.Context, d *desk) []changes.Set {
	labels := []string{d.label}
	if d.label != "" {
		labels = append(labels, "") // the folder's own: incidents added and removed
	}
	if e.shared != nil {
		var all []changes.Set
		var err error
		for _, l := range labels {
			var sets []changes.Set
			if sets, err = e.shared.Changes(ctx, l); err != nil {
				break
			}
			all = append(all, sets...)
		}
		if err == nil {
			slices.SortStableFunc(all, func(a, b changes.Set) int { return b.At.Compare(a.At) })
			return all[:min(len(all), changes.Max)]
		}
	}
	return e.changes.Of(labels)
}

// changesAnswer answers /changes: what each reload changed, newest first,
// in the asker's language; r's base is the one the request holds.
func (e *Engine) changesAnswer(ctx context.Context, r answerer, _ string) Answer {
	sets := e.changesOf(ctx, e.desk(r.incident))
	b := r.b
	if len(sets) == 0 {
		return Answer{Title: r.t("What's new"), Intro: r.t("No changes since the knowledge base was loaded on %s (version %s).", i18n.Dates(r.loc, stamp(b.LoadedAt)), b.Version)}
	}
	var items []Item
	for _, s := range sets {
		items = append(items, Item{Kind: KindChange, Heading: r.t("%s — version %s", i18n.Dates(r.loc, stamp(s.At)), s.Version), Words: Words{Text: changes.Describe(s.Changes)}})
	}
	return Answer{Title: r.t("What's new"), Intro: r.t("Changes to the knowledge base, newest first."), list: r.items(items)}
}

func stamp(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 UTC") }

// kb answers /kb status, /kb reload and /kb gaps, in English (they are
// for the bot's admins). Ask has already checked that the user is an
// admin.
func (e *Engine) kb(ctx context.Context, r answerer, arg string) Answer {
	d := e.desk(r.incident)
	if d == nil {
		// Removed while the request ran.
		return e.noIncident(r.loc, r.incident)
	}
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "status":
		return e.kbStatus(r, d)
	case "reload":
		// Every answer to /kb reload is the status with what happened on
		// top: the status lists the file, the counts and any refusal.
		status := func(title, intro string) Answer {
			a := e.kbStatus(r, d)
			a.Title, a.Intro = title, intro
			return a
		}
		if d.load == nil {
			return status("This base cannot be reloaded", noFileIntro)
		}
		// A reload already running (another admin's, or the watcher's)
		// is not queued behind: this one would read the same file again.
		select {
		case d.reloading <- struct{}{}:
		default:
			return status("A reload is already running", "See /kb status for how it ends. The base below goes on answering until then.")
		}
		before := d.status()
		// A large base takes longer to load than a platform waits for an
		// answer (3 s): past reloadWait, or once the asker has gone, say
		// the reload goes on and let /kb status tell how it ended. The
		// reload is not the request's: it goes on when ctx is done.
		done := make(chan error, 1)
		go func() { done <- e.reload(context.WithoutCancel(ctx), d) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(reloadWait):
			return e.reloadStarted(r, d)
		case <-ctx.Done():
			return e.reloadStarted(r, d)
		}
		switch s := d.status(); {
		case err != nil:
			return status("Reload refused; the last good base is still answering", "The file's problems are listed below.")
		case s.LoadedAt.Equal(before.LoadedAt) && s.Version == before.Version:
			return status("The knowledge file is unchanged; the loaded base goes on answering", "")
		}
		return status("Reloaded", "")
	case "gaps":
		return e.kbGaps(ctx, r, d)
	}
	return answerer{}.helpAnswer(fmt.Errorf("/kb takes status, reload or gaps"), commandNamed("kb")) // in English, as /kb is
}

// noFileIntro answers /kb reload on a base with no file to read again:
// what it is, and what it takes to have one. How a file is given is
// cmd's to say (docs/operating.md, "Live reload"), not bot's.
const noFileIntro = "It is built into the bot, or was loaded once by a command, not read from a file the bot watches. " +
	"Start the bot with a knowledge file (docs/operating.md, \"Live reload\") and it reloads that file on /kb reload and whenever the file changes."

// reloadStarted answers /kb reload when the reload goes on after it.
func (e *Engine) reloadStarted(r answerer, d *desk) Answer {
	a := e.kbStatus(r, d)
	a.Title = "Reload started"
	a.Intro = "The knowledge file is still loading; the base below goes on answering until the new one is ready. Run /kb status to see how it ends."
	return a
}

func (e *Engine) kbStatus(r answerer, d *desk) Answer {
	s := d.status()
	var counts []string
	for _, k := range []string{"events", "quotes", "claims", "people", "sources"} {
		counts = append(counts, i18n.N(i18n.LocaleEN, "%d "+k, s.Counts[k]))
	}
	items := []Item{{Kind: KindStatus, Heading: "Loaded", Words: Words{Text: fmt.Sprintf("%s, version %s, loaded %s: %s.", s.Name, s.Version, stamp(s.LoadedAt), strings.Join(counts, ", "))}}}
	if s.LastError != "" {
		items = append(items, Item{Kind: KindStatus, Heading: "Last reload refused at " + stamp(s.LastErrorAt), Words: Words{Text: s.LastError}})
	}
	e.mu.RLock()
	if n := len(e.byID); n > 1 {
		items = append(items, Item{Kind: KindStatus, Heading: "Incidents", Words: Words{Text: fmt.Sprintf("%d incidents are loaded; this is %s. /incidents lists them, and in:ID names another.", n, d.base.Load().Base.Incident.ID)}})
	}
	files := slices.Sorted(maps.Keys(e.problems))
	for _, f := range files {
		items = append(items, Item{Kind: KindStatus, Heading: "Not loaded: " + f, Words: Words{Text: e.problems[f]}})
	}
	e.mu.RUnlock()
	return Answer{Title: "Knowledge base status", list: r.items(items)}
}

func (e *Engine) kbGaps(ctx context.Context, r answerer, d *desk) Answer {
	if e.gaps == nil {
		return Answer{Title: "Unanswered questions", Intro: "Unanswered questions are not being recorded."}
	}
	intro := "Questions with no answer, and answers readers marked not helpful, most often first: what to curate next."
	var top []gaps.Count
	var err error
	if e.shared != nil {
		if top, err = e.shared.TopGaps(ctx, d.label, maxHits); err != nil {
			intro = "The shared store cannot be reached: these are the questions this replica was asked. " + intro
		}
	}
	if e.shared == nil || err != nil {
		top = e.gaps.TopOf(d.label, maxHits)
	}
	if len(top) == 0 {
		return Answer{Title: "Unanswered questions", Intro: "None recorded yet."}
	}
	return Answer{Title: "Unanswered questions", Intro: intro, list: r.items(GapItems(top))}
}

// GapItems renders gap counts as items, for /kb gaps and the CLI. An
// answer found not helpful names the entry it led with, which is what an
// admin looks at first.
func GapItems(top []gaps.Count) []Item {
	items := make([]Item, len(top))
	for i, g := range top {
		text := fmt.Sprintf("asked %s, last on %s", timesAsked(g.Count), stamp(g.Last))
		if g.Lead != "" {
			votes := fmt.Sprintf("not helpful ×%d", g.Count)
			if g.Helpful > 0 {
				votes += fmt.Sprintf(", helpful ×%d", g.Helpful)
			}
			text = fmt.Sprintf("%s — led with %s; last on %s", votes, g.Lead, stamp(g.Last))
		}
		items[i] = Item{Kind: KindGap, Heading: fmt.Sprintf("/%s %s", g.Command, g.Query), Words: Words{Text: text}}
	}
	return items
}

func timesAsked(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
