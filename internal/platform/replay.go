package platform

import (
	"context"
	"sync"
	"time"
)

// Replays remembers the signatures of the signed requests it has let
// through, for as long as their timestamps are accepted, so that a
// correctly signed request sent again (a captured Share click replayed) is
// refused rather than processed twice. It is per process unless shared
// (STATE_URL): then a request any replica let through is refused by every
// other, and while the shared store cannot be reached each replica still
// refuses what it saw itself (docs/scaling.md).
//
// Memory is bounded: past max entries the oldest is forgotten, and from
// then on every request timestamped at or before it is refused as a
// possible replay. Under a flood the window a replica accepts shrinks;
// it never reopens to a replay.
type Replays struct {
	window time.Duration
	max    int
	shared SharedReplays

	mu    sync.Mutex
	seen  map[[16]byte]struct{}
	order []replayEntry // in the order seen, oldest at head
	head  int
	floor int64 // Unix seconds: timestamps at or below it are refused
}

type replayEntry struct {
	key [16]byte
	ts  int64
}

// NewReplays remembers up to max signatures, each for window after its
// timestamp, and records them in shared too unless it is nil.
func NewReplays(shared SharedReplays, window time.Duration, max int) *Replays {
	return &Replays{window: window, max: max, shared: shared, seen: map[[16]byte]struct{}{}, floor: -1 << 62}
}

// Seen records a verified request's signature and its timestamp (Unix
// seconds), and says whether the request must be refused: the signature
// was seen before, here or (when shared) by another replica, or it is
// too old to tell.
func (r *Replays) Seen(ctx context.Context, signature []byte, ts int64, now time.Time) bool {
	if r.seenHere(signature, ts, now) {
		return true
	}
	if r.shared == nil {
		return false
	}
	// Kept until the timestamp is too old to be accepted anyway, and a
	// second more for the clocks' rounding.
	ttl := time.Unix(ts, 0).Add(r.window + time.Second).Sub(now)
	first, err := r.shared.FirstSeen(ctx, signature, max(ttl, time.Second))
	return err == nil && !first
}

func (r *Replays) seenHere(signature []byte, ts int64, now time.Time) bool {
	var key [16]byte
	copy(key[:], signature)
	r.mu.Lock()
	defer r.mu.Unlock()
	// Forget what has expired: requests that old are refused as stale.
	expired := now.Add(-r.window).Unix()
	for r.head < len(r.order) && r.order[r.head].ts < expired {
		delete(r.seen, r.order[r.head].key)
		r.head++
	}
	if ts <= r.floor {
		return true
	}
	if _, ok := r.seen[key]; ok {
		return true
	}
	if len(r.order)-r.head >= r.max {
		old := r.order[r.head]
		delete(r.seen, old.key)
		r.head++
		r.floor = max(r.floor, old.ts)
	}
	if r.head > len(r.order)/2 && r.head > 1024 {
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
	}
	r.order = append(r.order, replayEntry{key, ts})
	r.seen[key] = struct{}{}
	return false
}

// SharedReplays is the replay guard every replica consults (internal/state
// keeps it in the shared store).
type SharedReplays interface {
	// FirstSeen records key for ttl and says whether no replica had
	// recorded it before.
	FirstSeen(ctx context.Context, key []byte, ttl time.Duration) (bool, error)
}
