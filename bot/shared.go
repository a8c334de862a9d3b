package bot

import (
	"context"
	"time"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/gaps"
)

// Shared is the state the replicas of one deployment share, so that N
// replicas behave as one: the per-user rate limit, the unanswered
// questions and the reload history (internal/state keeps them in a
// Redis-protocol store). Every call fails, within tens of milliseconds,
// when the store cannot be reached; the engine then uses its own memory
// for that call, so answers keep flowing.
type Shared interface {
	// Allow takes one of key's burst commands, of which one comes back
	// every interval, and says whether there was one to take.
	Allow(ctx context.Context, key string, interval time.Duration, burst int) (bool, error)
	// RecordGap counts one unanswered question, of its incident; TopGaps
	// returns the n most asked of the incident labelled incident ("" on a
	// bot of one), most asked first.
	RecordGap(ctx context.Context, g gaps.Gap) error
	TopGaps(ctx context.Context, incident string, n int) ([]gaps.Count, error)
	// AddChanges records what a reload changed, in its incident's history,
	// once however many replicas made the same reload; Changes returns the
	// history of the incident labelled incident, newest first.
	AddChanges(ctx context.Context, c changes.Set) error
	Changes(ctx context.Context, incident string) ([]changes.Set, error)
}
