package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/bot/internal/refcount"
	"github.com/incidentbot/incidentbot/bot/problems"
	"github.com/incidentbot/incidentbot/bot/rank"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Loader reads an incident's knowledge file again. It returns current
// itself when the file is unchanged, as knowledge.ReloadFile does: that
// is what decides "the file is unchanged", not the engine.
type Loader func(current *knowledge.Base) (*knowledge.Base, error)

// incidents are the engine's knowledge bases, one an incident, keyed by
// the incident's id: New's base and Config.Incidents, and those Put adds.
type incidents struct {
	mu   sync.RWMutex // guards what follows
	byID map[string]*desk
	// folder is Config.Folder: the incidents' ids label their gaps,
	// change history and metrics, however many are loaded.
	folder bool
	// channels maps a place's id to an incident's (Config.Channels), and
	// fallback (Config.DefaultIncident) answers where none is mapped and
	// several are loaded.
	channels map[string]string
	fallback string
	// problems are the files of the folder that did not load, by name,
	// for /kb status.
	problems map[string]string
	// changes is the reload history of every incident.
	changes changes.History
}

// desk is one incident's state: its base, how to read it again, and its
// last refused reload.
type desk struct {
	// id is the incident's id, its key; on an engine of one incident a
	// reload may change it (the base's is the one to show), in a folder
	// never.
	id string
	// label is the id in a folder, "" for an engine of one incident: it
	// keys the incident's gaps, changes and metrics.
	label     string
	base      atomic.Pointer[refcount.Held]
	load      Loader
	reloading chan struct{} // holds a token while a reload runs: one at a time

	mu          sync.Mutex // guards what follows
	reloadErr   string
	reloadErrAt time.Time
}

// Put adds an incident, read again by load (nil for one that is not
// reloaded); the history says it was added. An incident of the same id is
// refused: ids are unique across a folder.
func (e *Engine) Put(base *knowledge.Base, load Loader) error {
	id := base.Incident.ID
	e.mu.Lock()
	if _, dup := e.byID[id]; dup {
		e.mu.Unlock()
		return fmt.Errorf("incident %q is already loaded from %s", id, e.byID[id].base.Load().Base.Name)
	}
	e.mu.Unlock()
	e.put(base, load)
	e.addChanges(context.Background(), changes.Set{At: base.LoadedAt, Version: base.Version, Changes: changes.Incident(true, id)})
	e.log.Info("incident added", "incident", id, "file", base.Name)
	return nil
}

// put adds an incident without a line in the history: New's, and Put's.
func (e *Engine) put(base *knowledge.Base, load Loader) {
	// Prepared before the desk is listed, which is before swap gives it
	// its base; swap's own Prepare then finds the work done.
	rank.For(base).Prepare()
	d := &desk{id: base.Incident.ID, load: load, reloading: make(chan struct{}, 1)}
	e.mu.Lock()
	if e.folder {
		d.label = d.id
	}
	e.byID[d.id] = d
	e.mu.Unlock()
	e.swap(d, base)
}

// Drop removes the incident id, as when its file leaves the folder; the
// history says so. Requests already answering from it finish; buttons
// that name it get an answer that says it is gone.
func (e *Engine) Drop(id string) bool {
	e.mu.Lock()
	d := e.byID[id]
	if d == nil || len(e.byID) == 1 {
		// The last incident stays: a bot that knows nothing answers
		// nothing, and its file's return swaps it out.
		e.mu.Unlock()
		return false
	}
	delete(e.byID, id)
	e.mu.Unlock()
	b := d.base.Load().Base
	if e.metrics != nil {
		e.metrics.Forget(d.label)
	}
	d.base.Load().Release()
	e.addChanges(context.Background(), changes.Set{At: time.Now(), From: b.Version, Changes: changes.Incident(false, id)})
	e.log.Info("incident removed", "incident", id, "file", b.Name)
	return true
}

// SetProblem keeps, for /kb status, why the folder's file name could not
// be loaded; err nil forgets it (the file loaded, or is gone).
func (e *Engine) SetProblem(name string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err == nil {
		delete(e.problems, name)
		return
	}
	if e.problems == nil {
		e.problems = map[string]string{}
	}
	e.problems[name] = problems.Clip(err.Error())
}

// Has reports whether the incident id is loaded.
func (e *Engine) Has(id string) bool { return e.desk(id) != nil }

// Incidents lists the loaded incidents by id.
func (e *Engine) Incidents() []incident.Info {
	var out []incident.Info
	for _, d := range e.desks() {
		b := d.base.Load().Base
		info := incident.Info{ID: b.Incident.ID, Title: b.Incident.Title, File: b.Name, Version: b.Version, Counts: b.Counts()}
		if tl := b.Timeline(); len(tl) > 0 {
			info.First, info.Last = tl[0].Date.Start(), tl[len(tl)-1].Date.Finish()
		}
		out = append(out, info)
	}
	return out
}

// SuggestIncidents returns up to n loaded incidents whose id or title
// holds prefix, those that start with it first: what autocomplete offers
// for the incident option.
func (e *Engine) SuggestIncidents(prefix string, n int) []incident.Info {
	return incident.Suggest(e.Incidents(), prefix, n)
}

// Resolve is the id of the incident that answers at places (most
// specific first) when the asker names none: the mapped one, else the
// only one, else the default; "" when that leaves several to choose from.
func (e *Engine) Resolve(places []string) string {
	if d := e.resolve(places); d != nil {
		return d.base.Load().Base.Incident.ID
	}
	return ""
}

func (e *Engine) resolve(places []string) *desk {
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, p := range places {
		if d := e.byID[e.channels[p]]; p != "" && d != nil {
			return d
		}
	}
	if len(e.byID) == 1 {
		for _, d := range e.byID {
			return d
		}
	}
	return e.byID[e.fallback]
}

// choose picks the desk a request is answered from: the incident it
// names (in Incident, or as an in:ID word leading arg, Details or Vote,
// which it cuts), else the one of its places. It returns nil and the id
// named when that incident is not loaded, and nil and "" when several
// are and none answers here.
func (e *Engine) choose(req *Request, arg *string) (*desk, string) {
	id := req.Incident
	for _, s := range []*string{arg, &req.Details, &req.Vote} {
		// A control's state that is its incident alone stays whole, for
		// its answer to say the control is not one of the bot's.
		if named, rest := incident.Cut(*s); named != "" && (rest != "" || s == arg) {
			*s = rest
			if id == "" {
				id = named
			}
		}
	}
	if id != "" {
		return e.desk(id), id
	}
	return e.resolve(req.Places), ""
}

// noIncident answers a request that names an incident not loaded (id),
// or that could be about any of several (id ""): it lists those there are.
func (e *Engine) noIncident(loc, id string) Answer {
	r := answerer{loc: loc}
	a := Answer{Title: r.t("Which incident?"),
		Intro: r.t("Several incidents are loaded and none is set to answer here: name one, with the incident option or in:ID at the start of the command's text."),
		Help:  true, Misuse: true, Private: true}
	if id != "" {
		// The id is the asker's (or a forged state's) words: shown back
		// only as valid text.
		a.Title = r.t("No incident %s", quoted(loc, clip(strings.ToValidUTF8(id, "\uFFFD"), 40)))
		a.Intro = r.t("No incident of that id is loaded; it may have been removed since. These are the incidents there are.")
	}
	var items []Item
	for _, info := range e.Incidents() {
		items = append(items, Item{Kind: KindHelp, Heading: info.ID + " — " + info.Title})
	}
	a.list = r.items(items)
	return paginate(a, 1, false)
}

// named marks an answer with its incident when more than one is loaded,
// so that the asker knows which one answered, and its controls carry the
// incident's id in their state.
func (e *Engine) named(a Answer, b *knowledge.Base) Answer {
	if e.several() {
		a.Incident, a.IncidentTitle = b.Incident.ID, clip(b.Incident.Title, maxIncidentTitle)
	}
	return a
}

// IncidentLine is the line that names the incident an answer is from,
// which every platform shows last (a footer, a context line); "" on a bot
// of one incident.
func IncidentLine(a Answer) string {
	if a.IncidentTitle == "" {
		return ""
	}
	return i18n.T(a.Locale, "Incident: %s", a.IncidentTitle)
}

// several reports whether more than one incident is loaded.
func (e *Engine) several() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.byID) > 1
}

// maxIncidentTitle bounds the incident's title on an answer's footer.
const maxIncidentTitle = 60

// clip cuts s to n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// quoted puts s in the quotation marks of loc's language.
func quoted(loc, s string) string {
	if loc == i18n.LocaleEN {
		return "“" + s + "”"
	}
	return "«" + s + "»"
}

// desk is the incident id, nil when it is not loaded.
func (e *Engine) desk(id string) *desk {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.byID[id]
}

// labelOf is the label of the incident id (see desk.label).
func (e *Engine) labelOf(id string) string {
	if d := e.desk(id); d != nil {
		return d.label
	}
	return ""
}

// desks are the loaded incidents, by id.
func (e *Engine) desks() []*desk {
	e.mu.RLock()
	out := make([]*desk, 0, len(e.byID))
	for _, d := range e.byID {
		out = append(out, d)
	}
	// Under the lock: a reload may change an only incident's id.
	slices.SortFunc(out, func(a, b *desk) int { return cmp.Compare(a.id, b.id) })
	e.mu.RUnlock()
	return out
}

// first is the first incident by id: the only one, on an engine of one.
func (e *Engine) first() *desk { return e.desks()[0] }

// incidentsAnswer answers /incidents: every incident loaded, with its
// dates and counts, and which one answers where the asker is.
func (e *Engine) incidentsAnswer(_ context.Context, r answerer, _ string) Answer {
	var items []Item
	for _, info := range e.Incidents() {
		var meta []string
		meta = append(meta, info.ID)
		if span := info.First; !span.IsZero() {
			if last := info.Last; !last.IsZero() && last != span {
				span.End = &last
			}
			meta = append(meta, i18n.Dates(r.loc, span.Human()))
		}
		meta = append(meta, i18n.N(r.loc, "%d events", info.Counts["events"]), i18n.N(r.loc, "%d quotes", info.Counts["quotes"]), i18n.N(r.loc, "%d claims", info.Counts["claims"]))
		it := Item{Kind: KindStatus, Heading: info.Title, Meta: strings.Join(meta, " · ")}
		if info.ID == r.incident {
			it.Words = Words{Text: r.t("Answers here.")}
		}
		items = append(items, it)
	}
	return Answer{Title: r.t("Incidents"), Intro: r.t("The incidents the bot answers about. Name one with the incident option, or in:ID at the start of a command's text."), list: r.items(items)}
}
