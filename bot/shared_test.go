package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/gaps"
)

// fakeShared is a shared store that answers from fixed values, or fails
// every call with err, as a store that cannot be reached does.
type fakeShared struct {
	err     error
	allow   bool
	gaps    []gaps.Count
	changes []changes.Set
	calls   int
	// recorded is every gap RecordGap was given, whether or not it fails.
	recorded []gaps.Gap
}

func (f *fakeShared) Allow(context.Context, string, time.Duration, int) (bool, error) {
	f.calls++
	return f.allow, f.err
}
func (f *fakeShared) RecordGap(_ context.Context, g gaps.Gap) error {
	f.calls++
	f.recorded = append(f.recorded, g)
	return f.err
}
func (f *fakeShared) TopGaps(context.Context, string, int) ([]gaps.Count, error) {
	f.calls++
	return f.gaps, f.err
}
func (f *fakeShared) AddChanges(context.Context, changes.Set) error { f.calls++; return f.err }
func (f *fakeShared) Changes(context.Context, string) ([]changes.Set, error) {
	f.calls++
	return f.changes, f.err
}

var errUnreachable = errors.New("unreachable")

// TestSharedThenOwnMemory: while the shared store answers, its verdicts
// stand; while it fails, each replica's own memory answers instead.
func TestSharedThenOwnMemory(t *testing.T) {
	g, _ := gaps.Open("")
	shared := &fakeShared{allow: false, gaps: []gaps.Count{{Query: "asked elsewhere", Command: "ask", Count: 7, Last: time.Now()}}}
	e := New(nil, newEngine(t).Base(), Config{RatePerMinute: 3, Gaps: g, Shared: shared, Admins: []string{"U1"}})

	if a := ask(e, "/sources", asUser("U2")); a.Title != "Slow down" {
		t.Errorf("shared limit refuses, engine answers %q; want Slow down", a.Title)
	}
	shared.allow = true
	ask(e, "/ask what about the weather", asUser("U3"))
	got := Plain(ask(e, "/kb gaps", asUser("U1")))
	if !strings.Contains(got, "asked elsewhere") || strings.Contains(got, "weather") {
		t.Errorf("/kb gaps with the store up shows not the shared list:\n%s", got)
	}

	shared.err = errUnreachable
	for i := range 3 {
		if a := ask(e, "/sources", asUser("U2")); a.Title != "Sources" {
			t.Fatalf("store down, command %d within this replica's limit: %q", i+1, a.Title)
		}
	}
	if a := ask(e, "/sources", asUser("U2")); a.Title != "Slow down" {
		t.Errorf("store down, fourth command: %q; want this replica's limit to hold", a.Title)
	}
	got = Plain(ask(e, "/kb gaps", asUser("U1")))
	if !strings.Contains(got, "weather") || !strings.Contains(got, "cannot be reached") {
		t.Errorf("/kb gaps with the store down: want this replica's questions, saying so:\n%s", got)
	}
	if sets := e.Changes(t.Context()); len(sets) != 0 {
		t.Errorf("Changes with the store down = %d sets; want this replica's none", len(sets))
	}
}

// TestSharedVotes: a vote on an answer reaches the shared store, which
// /kb gaps reads while it answers, and this replica's log too, which it
// reads while the store is down.
func TestSharedVotes(t *testing.T) {
	g, _ := gaps.Open("")
	shared := &fakeShared{allow: true}
	e := New(nil, newEngine(t).Base(), Config{Gaps: g, Shared: shared})
	a := ask(e, "/ask who carried out the attack?")
	v, ok := a.Vote(false)
	if !ok {
		t.Fatalf("the /ask answer takes no votes: %+v", a)
	}
	state, _ := v.Encode(100)
	if got := e.Ask(t.Context(), Request{Platform: "slack", Vote: state}); got.Title != "Thanks — noted." {
		t.Fatalf("vote answered %q", got.Title)
	}
	if len(shared.recorded) != 1 || shared.recorded[0].Kind != gaps.Unhelpful || shared.recorded[0].Lead != v.Lead || shared.recorded[0].Query != v.Query {
		t.Errorf("the shared store was given %+v; want the one vote, not helpful, led by %s", shared.recorded, v.Lead)
	}
	if top := g.Top(10); len(top) != 1 || top[0].Lead != v.Lead {
		t.Errorf("this replica's log = %+v; want the vote, for while the store is down", top)
	}
}
