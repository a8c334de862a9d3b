// Package limit is the engine's rate limit kept in memory: a token bucket
// for each user, the number of buckets bounded.
package limit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// New returns buckets of perMinute commands a minute, or nil, no limit,
// for perMinute 0.
func New(perMinute int) *Users {
	if perMinute <= 0 {
		return nil
	}
	return &Users{every: rate.Every(time.Minute / time.Duration(perMinute)), Burst: perMinute, users: map[string]*rate.Limiter{}}
}

// Users keeps one token bucket a user: perMinute commands a minute, in
// bursts of up to perMinute. Its memory is bounded.
type Users struct {
	every rate.Limit
	// Burst is the most a user may take at once.
	Burst int
	mu    sync.Mutex
	users map[string]*rate.Limiter
}

// maxLimiters bounds the buckets kept; full buckets (idle users) are the
// ones dropped when it is reached.
const maxLimiters = 100_000

// Interval is how long one command takes to come back to a bucket.
func (l *Users) Interval() time.Duration {
	return time.Duration(float64(time.Second) / float64(l.every))
}

// Allow takes one of key's commands, and says whether there was one to
// take.
func (l *Users) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.users[key]
	if !ok {
		if len(l.users) >= maxLimiters {
			// Drop the idle (full) buckets; if that frees too little, drop
			// a tenth at random: a dropped user starts again with a full
			// bucket, which errs on the side of answering.
			for k, v := range l.users {
				if v.Tokens() >= float64(l.Burst) {
					delete(l.users, k)
				}
			}
			for k := range l.users {
				if len(l.users) < maxLimiters*9/10 {
					break
				}
				delete(l.users, k)
			}
		}
		lim = rate.NewLimiter(l.every, l.Burst)
		l.users[key] = lim
	}
	return lim.Allow()
}
