package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// fakeShared is a shared store that answers from fixed values, or fails
// every call with err, as a store that cannot be reached does.
type fakeShared struct {
	err     error
	allow   bool
	gaps    []GapCount
	changes []ChangeSet
	seen    bool
	calls   int
}

func (f *fakeShared) Allow(context.Context, string, time.Duration, int) (bool, error) {
	f.calls++
	return f.allow, f.err
}
func (f *fakeShared) RecordGap(context.Context, Gap) error { f.calls++; return f.err }
func (f *fakeShared) TopGaps(context.Context, int) ([]GapCount, error) {
	f.calls++
	return f.gaps, f.err
}
func (f *fakeShared) AddChanges(context.Context, ChangeSet) error { f.calls++; return f.err }
func (f *fakeShared) Changes(context.Context) ([]ChangeSet, error) {
	f.calls++
	return f.changes, f.err
}
func (f *fakeShared) FirstSeen(context.Context, []byte, time.Duration) (bool, error) {
	f.calls++
	return !f.seen, f.err
}

var errUnreachable = errors.New("unreachable")

// TestSharedThenOwnMemory: while the shared store answers, its verdicts
// stand; while it fails, each replica's own memory answers instead.
func TestSharedThenOwnMemory(t *testing.T) {
	g, _ := OpenGaps("")
	shared := &fakeShared{allow: false, gaps: []GapCount{{Query: "asked elsewhere", Command: "ask", Count: 7, Last: time.Now()}}}
	e := New(newEngine(t).Base(), nil, WithRateLimit(3), WithGaps(g), WithShared(shared), WithAdmins([]string{"U1"}))

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

func TestSharedReplays(t *testing.T) {
	ctx := t.Context()
	now := time.Unix(1_700_000_000, 0)
	shared := &fakeShared{seen: true}
	r := NewReplays(5*time.Minute, 100, shared)
	if !r.Seen(ctx, []byte("sig1"), now.Unix(), now) {
		t.Error("a signature another replica saw is let through")
	}
	shared.seen, shared.err = false, errUnreachable
	if r.Seen(ctx, []byte("sig2"), now.Unix(), now) {
		t.Error("store down: a new signature is refused")
	}
	if !r.Seen(ctx, []byte("sig2"), now.Unix(), now) {
		t.Error("store down: a signature this replica saw is let through again")
	}
}
