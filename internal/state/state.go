// Package state keeps what the replicas of one deployment share in a
// Redis-protocol store (Redis, Valkey, or a managed one), named by
// STATE_URL: the per-user rate limit, the replay guard, the unanswered
// questions and the reload history. It implements bot.Shared and
// platform.SharedReplays.
//
// Every call is bounded by a timeout of tens of milliseconds. A call the
// store does not answer (a network error or a timeout) marks it down: from
// then on every call fails at once, and its caller uses the replica's own
// memory, until a probe finds the store again. Each change of state is one
// log line and a move of incidentbot_state_up. An error the store answers
// with (WRONGTYPE, a script's error) fails that call alone: the store is
// up, and marking it down would only have the probe mark it up again.
//
// It imports bot for the types it stores, and no chat library.
package state

import (
	"context"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/incidentbot/incidentbot/bot/changes"
	"github.com/incidentbot/incidentbot/bot/gaps"
)

// DefaultTimeout bounds each call to the store unless STATE_URL sets
// read_timeout: a store slower than this costs an answer more than it is
// worth, and the platforms' 3 s deadline holds several.
const DefaultTimeout = 50 * time.Millisecond

// probeEvery is how often a store marked down is tried again.
const probeEvery = time.Second

// prefix starts every key the bot writes, so that the store can be shared
// with other programs (better: give the bot a database of its own,
// redis://HOST/2).
const prefix = "incidentbot:"

// maxGaps bounds the distinct unanswered questions kept, as each replica
// does in memory.
const maxGaps = 1000

// ErrDown is what every call returns while the store is marked down.
var ErrDown = errors.New("state store unreachable")

// Store is a connection to the shared store. It is safe for concurrent
// use.
type Store struct {
	rdb     *redis.Client
	timeout time.Duration
	log     *slog.Logger
	up      atomic.Bool

	upGauge   prometheus.Gauge
	fallbacks *prometheus.CounterVec
	errs      prometheus.Counter
}

// Open parses rawURL (redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], or
// rediss:// for TLS; query parameters as go-redis reads them, such as
// read_timeout=100ms) and returns a Store, taken to be up. It does not
// connect: the first call or Run does. Its series are registered with reg
// unless reg is nil. An error never repeats the URL, which may hold a
// password.
func Open(log *slog.Logger, reg prometheus.Registerer, rawURL string) (*Store, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if u, perr := url.Parse(rawURL); perr == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok && pw != "" && strings.Contains(err.Error(), pw) {
				// The library quotes a part of the URL (the database
				// in "redis://:cret@host/cret") that holds the
				// password: its words are dropped, not the secret shown.
				err = errors.New("the URL does not parse")
			}
		}
		return nil, fmt.Errorf("STATE_URL must be redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://…: %w", err)
	}
	q, _ := url.Parse(rawURL) // parsed above
	timeout := DefaultTimeout
	if !q.Query().Has("read_timeout") {
		opt.ReadTimeout, opt.WriteTimeout = timeout, timeout
	} else {
		timeout = opt.ReadTimeout
	}
	if !q.Query().Has("dial_timeout") {
		opt.DialTimeout = timeout
	}
	if !q.Query().Has("protocol") {
		// RESP2: what every Redis-protocol server speaks.
		opt.Protocol = 2
	}
	// One dial per call: while the store is down, the probe dials again
	// every second.
	opt.DialerRetries = 1
	if !q.Query().Has("max_retries") {
		// One retry, for a pooled connection the server closed; the
		// timeout bounds the call whatever the retries.
		opt.MaxRetries = 1
	}
	opt.ContextTimeoutEnabled = true
	// No client-side caching (off unless configured), no CLIENT SETINFO
	// and no maintenance notifications: plain commands any
	// Redis-protocol server answers.
	opt.DisableIdentity = true
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{
		rdb:     redis.NewClient(opt),
		timeout: timeout,
		log:     log,
		upGauge: prometheus.NewGauge(prometheus.GaugeOpts{Name: "incidentbot_state_up",
			Help: "1 while the shared state store (STATE_URL) answers, 0 while this replica uses its own memory."}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "incidentbot_state_fallbacks_total",
			Help: "Calls to the shared state store answered from this replica's memory instead, by what they were for."}, []string{"op"}),
		errs: prometheus.NewCounter(prometheus.CounterOpts{Name: "incidentbot_state_errors_total",
			Help: "Calls to the shared state store that failed or timed out."}),
	}
	for _, op := range []string{opRate, opReplay, opGaps, opChanges} {
		s.fallbacks.WithLabelValues(op)
	}
	s.up.Store(true)
	s.upGauge.Set(1)
	if reg != nil {
		for _, c := range []prometheus.Collector{s.upGauge, s.fallbacks, s.errs} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("registering state store metrics: %w", err)
			}
		}
	}
	return s, nil
}

// What calls are for, as incidentbot_state_fallbacks_total labels them.
const (
	opRate    = "rate_limit"
	opReplay  = "replay"
	opGaps    = "gaps"
	opChanges = "changes"
)

// Close closes the connections.
func (s *Store) Close() error { return s.rdb.Close() }

// Up says whether the store is taken to be reachable.
func (s *Store) Up() bool { return s.up.Load() }

// Run checks the store at once, then tries it again every second while it
// is marked down, until ctx is done.
func (s *Store) Run(ctx context.Context) error {
	s.probe(ctx)
	t := time.NewTicker(probeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if !s.up.Load() {
				s.probe(ctx)
			}
		}
	}
}

func (s *Store) probe(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := s.rdb.Ping(ctx).Err()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
		return
	}
	s.mark(err)
}

// mark records whether the store answered, logging a change of state.
func (s *Store) mark(err error) {
	up := err == nil
	if s.up.Swap(up) == up {
		return
	}
	if up {
		s.upGauge.Set(1)
		s.log.Info("state store reachable again: replicas share state")
		return
	}
	s.upGauge.Set(0)
	s.log.Warn("state store unreachable: this replica uses its own memory until it returns", "err", err)
}

// do runs f with the call timeout unless the store is down, and marks it
// down when the store did not answer f. A caller's ctx that ended first is
// not the store's failure. Every error it returns means the caller falls
// back, and counts as a fallback for op.
func (s *Store) do(ctx context.Context, op string, f func(ctx context.Context) error) error {
	if !s.up.Load() {
		s.fallbacks.WithLabelValues(op).Inc()
		return ErrDown
	}
	cctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := f(cctx)
	if err == nil {
		return nil
	}
	s.fallbacks.WithLabelValues(op).Inc()
	if ctx.Err() == nil {
		s.errs.Inc()
		if unreachable(err) {
			s.mark(err)
		}
	}
	return err
}

// unreachable says whether err means the store did not answer: the
// network failed or the call timed out. Anything else is the store's
// reply to one call.
func unreachable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, redis.ErrClosed) || errors.Is(err, redis.ErrPoolTimeout) || errors.Is(err, redis.ErrPoolExhausted)
}

// gcra is the generic cell rate algorithm on the server's clock: the key
// holds the theoretical arrival time (TAT) of the next command, in
// milliseconds. A command is allowed when, counted in, the TAT is no more
// than burst intervals ahead of now; the key expires when the bucket is
// full again. One script, so concurrent replicas cannot both take the last
// command.
//
//go:embed gcra.lua
var gcraSrc string

var gcra = redis.NewScript(gcraSrc)

// Allow implements bot.Shared.
func (s *Store) Allow(ctx context.Context, key string, interval time.Duration, burst int) (bool, error) {
	var ok bool
	err := s.do(ctx, opRate, func(ctx context.Context) error {
		n, err := gcra.Run(ctx, s.rdb, []string{prefix + "rate:" + key}, interval.Milliseconds(), burst).Int()
		ok = n == 1
		return err
	})
	return ok, err
}

// FirstSeen implements platform.SharedReplays with SET NX: the first replica
// to record a signature wins, and the key expires with ttl.
func (s *Store) FirstSeen(ctx context.Context, key []byte, ttl time.Duration) (bool, error) {
	var first bool
	err := s.do(ctx, opReplay, func(ctx context.Context) error {
		var err error
		first, err = s.rdb.SetNX(ctx, prefix+"replay:"+hex.EncodeToString(key), 1, ttl).Result()
		return err
	})
	return first, err
}

// Keys of the unanswered questions and the answers found not helpful: a
// sorted set of their counts by gaps.Gap.Key, a hash of how each was last
// asked, and a hash of the helpful votes on the same answers, which weigh
// against the misses but are no gap themselves.
const (
	gapCounts  = prefix + "gaps:counts"
	gapLast    = prefix + "gaps:last"
	gapHelpful = prefix + "gaps:helpful"
)

// incidentKey is the key of the incident labelled incident (bot.Gap's and
// changes.Set's Incident): key itself on a bot of one incident, and one
// key an incident in a folder, so that each keeps its own bound.
func incidentKey(key, incident string) string {
	if incident == "" {
		return key
	}
	return key + incidentSep + incident
}

// incidentSep parts a key from the incident it is of (incidentKey).
const incidentSep = ":incident:"

// gapKeys are the keys of the incident's gaps: counts, last asked, helpful.
func gapKeys(incident string) []string {
	return []string{incidentKey(gapCounts, incident), incidentKey(gapLast, incident), incidentKey(gapHelpful, incident)}
}

// recordGap counts a question and drops the least asked tenth once there
// are more than maxGaps.
//
//go:embed gap.lua
var recordGapSrc string

var recordGap = redis.NewScript(recordGapSrc)

// recordHelpful counts a helpful vote, bounded as the misses are.
//
//go:embed helpful.lua
var recordHelpfulSrc string

var recordHelpful = redis.NewScript(recordHelpfulSrc)

// lastAsked is what the store keeps of a question besides its count.
type lastAsked struct {
	Query   string    `json:"query"`
	Command string    `json:"command"`
	Lead    string    `json:"lead,omitempty"`
	Time    time.Time `json:"time"`
}

// RecordGap implements bot.Shared.
func (s *Store) RecordGap(ctx context.Context, g gaps.Gap) error {
	if g.Kind == gaps.Helpful {
		return s.do(ctx, opGaps, func(ctx context.Context) error {
			keys := gapKeys(g.Incident)
			return recordHelpful.Run(ctx, s.rdb, []string{keys[2], keys[0]}, g.Key(), maxGaps).Err()
		})
	}
	last, err := json.Marshal(lastAsked{Query: g.Query, Command: g.Command, Lead: g.Lead, Time: g.Time})
	if err != nil {
		return err
	}
	return s.do(ctx, opGaps, func(ctx context.Context) error {
		return recordGap.Run(ctx, s.rdb, gapKeys(g.Incident), g.Key(), last, maxGaps).Err()
	})
}

// topGaps reads the most asked questions in one round trip, so that a
// long list for /kb gaps costs one call's time, not four.
//
//go:embed topgaps.lua
var topGapsSrc string

var topGaps = redis.NewScript(topGapsSrc)

// TopGaps implements bot.Shared.
func (s *Store) TopGaps(ctx context.Context, incident string, n int) ([]gaps.Count, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []gaps.Count
	err := s.do(ctx, opGaps, func(ctx context.Context) error {
		rows, err := topGaps.Run(ctx, s.rdb, gapKeys(incident), n).Slice()
		if err != nil {
			return err
		}
		for i := 0; i+2 < len(rows); i += 3 {
			var l lastAsked
			if v, ok := rows[i+1].(string); !ok || json.Unmarshal([]byte(v), &l) != nil {
				continue
			}
			c, _ := rows[i].(string)
			count, _ := strconv.ParseFloat(c, 64)
			h, _ := rows[i+2].(string)
			nh, _ := strconv.Atoi(h)
			out = append(out, gaps.Count{Incident: incident, Query: l.Query, Command: l.Command, Lead: l.Lead, Count: int(count), Helpful: nh, Last: l.Time})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	gaps.Sort(out)
	return out[:min(n, len(out))], nil
}

// GapIncidents returns the labels of the incidents with gaps in the
// store, sorted ("" for a bot of one incident), so that kb gaps can list a
// folder's gaps incident by incident.
func (s *Store) GapIncidents(ctx context.Context) ([]string, error) {
	var out []string
	err := s.do(ctx, opGaps, func(ctx context.Context) error {
		n, err := s.rdb.Exists(ctx, gapCounts).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			out = append(out, "")
		}
		of := gapCounts + incidentSep
		iter := s.rdb.Scan(ctx, 0, of+"*", 100).Iterator()
		for iter.Next(ctx) {
			out = append(out, strings.TrimPrefix(iter.Val(), of))
		}
		return iter.Err()
	})
	slices.Sort(out)
	return slices.Compact(out), err
}

// changesKey is a list of the reload history as JSON, oldest first.
const changesKey = prefix + "changes"

// addChanges appends a change set unless the newest one is the same
// reload (same versions before and after), which another replica has
// already recorded, and keeps the newest changes.Max.
//
//go:embed changes.lua
var addChangesSrc string

var addChanges = redis.NewScript(addChangesSrc)

// AddChanges implements bot.Shared.
func (s *Store) AddChanges(ctx context.Context, c changes.Set) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.do(ctx, opChanges, func(ctx context.Context) error {
		return addChanges.Run(ctx, s.rdb, []string{incidentKey(changesKey, c.Incident)}, c.From, c.Version, data, changes.Max).Err()
	})
}

// Changes implements bot.Shared.
func (s *Store) Changes(ctx context.Context, incident string) ([]changes.Set, error) {
	var out []changes.Set
	err := s.do(ctx, opChanges, func(ctx context.Context) error {
		items, err := s.rdb.LRange(ctx, incidentKey(changesKey, incident), 0, -1).Result()
		for _, item := range items {
			var c changes.Set
			if json.Unmarshal([]byte(item), &c) == nil {
				out = append(out, c)
			}
		}
		return err
	})
	slices.Reverse(out)
	return out, err
}
