// Package refcount counts the users of a loaded knowledge base (Held),
// so that a base swapped out by a reload is let go only once the last
// request answering from it has finished. It imports knowledge only.
package refcount

import (
	"sync/atomic"

	"github.com/incidentbot/incidentbot/knowledge"
)

// Held is a base with a count of its users: one for being the current
// base, one for each request answering from it. The last to let go runs
// retired (bot.Config.Swapped): only then is the old base garbage, and
// its memory can go back to the OS. The request that ran /kb reload is
// one of those users.
type Held struct {
	Base    *knowledge.Base
	refs    atomic.Int64
	retired func()
}

// New holds b for being the current base: one user.
func New(b *knowledge.Base, retired func()) *Held {
	h := &Held{Base: b, retired: retired}
	h.refs.Store(1)
	return h
}

// Acquire takes a reference unless the base is already retired and out of
// use.
func (h *Held) Acquire() bool {
	for {
		n := h.refs.Load()
		if n == 0 {
			return false
		}
		if h.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// Release lets go of a reference; the last runs retired.
func (h *Held) Release() {
	if h.refs.Add(-1) == 0 && h.retired != nil {
		// Not on the time of the request letting go: handing memory back
		// takes a whole collection.
		go h.retired()
	}
}
