package platform

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeShared is a shared replay store that answers from a fixed value, or
// fails every call with err, as a store that cannot be reached does.
type fakeShared struct {
	err  error
	seen bool
}

func (f *fakeShared) FirstSeen(context.Context, []byte, time.Duration) (bool, error) {
	return !f.seen, f.err
}

var errUnreachable = errors.New("unreachable")

func TestSharedReplays(t *testing.T) {
	ctx := t.Context()
	now := time.Unix(1_700_000_000, 0)
	shared := &fakeShared{seen: true}
	r := NewReplays(shared, 5*time.Minute, 100)
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

func TestReplays(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := NewReplays(nil, 5*time.Minute, 3)
	ctx := context.Background()
	sig := func(b byte) []byte { return []byte{b, 1, 2, 3} }
	ts := now.Unix()
	if r.Seen(ctx, sig(1), ts, now) {
		t.Fatal("a first request was refused")
	}
	if !r.Seen(ctx, sig(1), ts, now.Add(time.Minute)) {
		t.Error("the same signature again within the window was let through")
	}
	r.Seen(ctx, sig(2), ts+1, now)
	r.Seen(ctx, sig(3), ts+2, now)
	// A fourth forgets the oldest (ts); from then on nothing stamped at
	// or before it passes, so that its replay cannot either.
	if r.Seen(ctx, sig(4), ts+3, now) {
		t.Error("a new request was refused")
	}
	if !r.Seen(ctx, sig(1), ts, now) {
		t.Error("a replay of a forgotten signature was let through")
	}
	if !r.Seen(ctx, sig(9), ts, now) {
		t.Error("a request stamped at the forgotten one's second was let through")
	}
	if r.Seen(ctx, sig(5), ts+4, now) {
		t.Error("a new request after the forgotten one's second was refused")
	}
	// Long after the window, entries expire and the memory empties.
	later := now.Add(20 * time.Minute)
	r.Seen(ctx, sig(6), later.Unix(), later)
	if n := len(r.seen); n != 1 {
		t.Errorf("%d signatures remembered after the window; want 1", n)
	}
}
