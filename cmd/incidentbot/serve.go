package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/metrics"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/internal/platform"
	"github.com/incidentbot/incidentbot/internal/state"
	"github.com/incidentbot/incidentbot/knowledge"
)

// serveConfig is read by envconfig, the library the product names, from
// the process environment (and .env, which main loads into it): envconfig
// reads nothing else, so these settings alone bypass run's getenv. Each
// chat platform's part lives beside its wiring, in its serve_<platform>.go
// (chatPlatforms).
type serveConfig struct {
	// KBPath is the knowledge file or folder kbPath chose (--kb or PATH,
	// else KB_PATH), which serve loads and watches; empty is the embedded
	// base.
	KBPath string `ignored:"true"`
	// IncidentChannels maps channels, servers and workspaces to the
	// incidents of a folder that answer there (parseChannels), and
	// DefaultIncident answers elsewhere when the folder holds several.
	IncidentChannels string `envconfig:"INCIDENT_CHANNELS"`
	DefaultIncident  string `envconfig:"DEFAULT_INCIDENT"`
	HTTPAddr         string `envconfig:"HTTP_ADDR" default:":8080"`
	// KBCacheDir is where snapshots of loaded knowledge files are kept
	// (knowledge.Snapshots), so that a restart or another replica with
	// the same file is ready at once; empty keeps none.
	KBCacheDir string `envconfig:"KB_CACHE_DIR"`
	// MetricsAddr is the listener of /metrics (and /healthz), never the
	// public one: a scrape costs most of a millisecond, and a flood of
	// them slowed every user's answers. By default only the host itself
	// reaches it; a cluster's scraper needs it on the pod's address.
	MetricsAddr string     `envconfig:"METRICS_ADDR"`
	LogLevel    slog.Level `envconfig:"LOG_LEVEL" default:"INFO"`
	// GapsPath is a JSON Lines file of unanswered questions; empty keeps
	// them in memory only.
	GapsPath      string   `envconfig:"GAPS_PATH"`
	AdminUserIDs  []string `envconfig:"ADMIN_USER_IDS"`
	RatePerMinute int      `envconfig:"RATE_PER_MINUTE" default:"20"`
	// CiteStyle names the style /cite writes citations in.
	CiteStyle string `envconfig:"CITE_STYLE" default:"ap"`
	// StateURL names a Redis-protocol store (redis:// or rediss://) that
	// the replicas share the rate limit, the replay guard, the unanswered
	// questions and the reload history through; empty keeps them in this
	// process's memory.
	StateURL string `envconfig:"STATE_URL"`
	// AutocompletePerMinute limits autocomplete lookups apart from
	// commands: typing a name sends one every few keystrokes.
	AutocompletePerMinute int `envconfig:"AUTOCOMPLETE_PER_MINUTE" default:"120"`
	// Platforms are the chat platforms' settings, chatPlatforms read from
	// the environment.
	Platforms []chatPlatform `ignored:"true"`
}

// chatPlatforms are the chat platforms serve can answer on, one row each:
// its settings, read from the environment by their envconfig tags (each
// variable by its full name), whose transports method, beside them in
// serve_<platform>.go, builds what they turn on.
func chatPlatforms() []chatPlatform { return []chatPlatform{&SlackConfig{}, &DiscordConfig{}} }

// chatPlatform is one platform's settings.
type chatPlatform interface {
	// transports returns the platform's transports that its settings turn
	// on; none when none is set.
	transports(d deps) ([]transport, error)
	// enable names the variables that turn the platform on, for the
	// error that says none is set.
	enable() string
}

// An adapter serves over HTTP, its routes mounted on the shared server,
// over a connection it keeps open, or both: these two methods, which every
// adapter names alike, are all serve asks of it.
type (
	routed interface {
		Routes() map[string]http.Handler
	}
	connected interface {
		Run(ctx context.Context) error
	}
)

// bodyBudget bounds the request bodies held in memory at once, by all the
// webhook endpoints together: requests past it get 503 before any of their
// body is read. It is a fraction of the Kubernetes memory limit (256 MiB)
// and four times the largest body allowed, and holds thousands of the few
// kilobytes the platforms send.
const bodyBudget = 32 << 20

// Limits of the HTTP server on header sizes and idle keep-alive
// connections; the platforms send a few hundred bytes of headers.
const (
	maxHeaderBytes = 16 << 10
	idleTimeout    = 60 * time.Second
)

// shutdownGrace bounds how long in-flight requests may run after SIGTERM;
// the process must be gone within 10 s.
const shutdownGrace = 8 * time.Second

// transport is one way chat commands arrive: HTTP routes mounted on the
// shared server, or work that runs beside it (a connection: gateway,
// Socket Mode).
type transport struct {
	name   string
	routes map[string]http.Handler
	run    func(ctx context.Context) error
}

// httpTransport is an adapter's HTTP endpoints.
func httpTransport(name string, a routed) transport { return transport{name: name, routes: a.Routes()} }

// connTransport is an adapter's connection.
func connTransport(name string, a connected) transport { return transport{name: name, run: a.Run} }

// deps is what every transport is built from.
type deps struct {
	engine *bot.Engine
	log    *slog.Logger
	reg    prometheus.Registerer
	bodies *platform.Bodies
	// replays is the replay guard the replicas share; nil when STATE_URL
	// is unset.
	replays platform.SharedReplays
}

func serve(ctx context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	kbFile, err := parseKB(newFlagSet("serve", stderr), args, getenv)
	if err != nil {
		return err
	}
	cfg, err := readServeConfig()
	if err != nil {
		return exit.Usage(err)
	}
	cfg.KBPath = kbFile
	if cfg.RatePerMinute < 0 {
		return exit.Usage(errors.New("RATE_PER_MINUTE must be 0 (no limit) or more"))
	}
	if cfg.AutocompletePerMinute < 0 {
		return exit.Usage(errors.New("AUTOCOMPLETE_PER_MINUTE must be 0 (no limit) or more"))
	}
	if cfg.MetricsAddr == "" {
		cfg.MetricsAddr = defaultMetricsAddr
	}
	for _, a := range []struct{ name, addr string }{{"HTTP_ADDR", cfg.HTTPAddr}, {"METRICS_ADDR", cfg.MetricsAddr}} {
		if err := checkAddr(a.name, a.addr); err != nil {
			return exit.Usage(err)
		}
	}
	style, err := citeStyle(cfg.CiteStyle)
	if err != nil {
		return exit.Usage(err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	channels, err := parseChannels(cfg.IncidentChannels)
	if err != nil {
		return exit.Usage(err)
	}

	reg := prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("registering the runtime's metrics: %w", err)
		}
	}
	snaps, err := knowledge.NewSnapshots(log, cfg.KBCacheDir)
	if err != nil {
		return exit.Usage(err)
	}
	bases, err := loadBases(cfg.KBPath, snaps)
	if err != nil {
		return err
	}
	releaseMemory()
	if err := checkIncidents(channels, strings.TrimSpace(cfg.DefaultIncident), bases); err != nil {
		return exit.Usage(err)
	}
	unanswered, err := gaps.Open(cfg.GapsPath)
	if err != nil {
		return err
	}
	defer unanswered.Close()
	newMetrics := metrics.New
	if isFolder(cfg.KBPath) {
		newMetrics = metrics.NewIncident
	}
	counts, err := newMetrics(reg)
	if err != nil {
		return err
	}
	ec := bot.Config{Metrics: counts, Gaps: unanswered, Admins: cfg.AdminUserIDs, RatePerMinute: cfg.RatePerMinute,
		SuggestPerMinute: cfg.AutocompletePerMinute, CiteStyle: style}
	var store *state.Store
	if cfg.StateURL != "" {
		routeRedisLogs(log)
		if store, err = state.Open(log, reg, cfg.StateURL); err != nil {
			return exit.Usage(err)
		}
		defer store.Close()
		ec.Shared = store
	}
	var engine *bot.Engine
	folder := isFolder(cfg.KBPath)
	switch {
	case folder:
		ec.Folder, ec.Channels, ec.DefaultIncident, ec.Swapped = true, channels, strings.TrimSpace(cfg.DefaultIncident), releaseMemory
		for _, b := range bases {
			ec.Incidents = append(ec.Incidents, bot.Incident{Base: b, Load: fileLoader(b.Name, snaps)})
		}
		engine = bot.New(log, nil, ec)
	case cfg.KBPath != "":
		ec.Reload = func() (*knowledge.Base, error) {
			defer collectOften()()
			return snaps.ReloadFile(cfg.KBPath, engine.Base())
		}
		ec.Swapped = releaseMemory
		fallthrough
	default:
		engine = bot.New(log, bases[0], ec)
	}
	d := deps{engine: engine, log: log, reg: reg, bodies: platform.NewBodies(bodyBudget)}
	if store != nil {
		d.replays = store
	}

	var transports []transport
	var enable []string
	for _, p := range cfg.Platforms {
		ts, err := p.transports(d)
		if err != nil {
			return exit.Usage(err)
		}
		transports = append(transports, ts...)
		enable = append(enable, p.enable())
	}
	if len(transports) == 0 {
		return exit.Usage(fmt.Errorf("no chat platform configured: set %s; see .env.example", strings.Join(enable, ", or ")))
	}

	healthz := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") }
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	exposed := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	for _, t := range transports {
		for pattern, h := range t.routes {
			mux.Handle(pattern, h)
		}
	}
	mm := http.NewServeMux()
	mm.Handle("GET /metrics", exposed)
	mm.HandleFunc("GET /healthz", healthz)
	servers := []listener{{name: "HTTP_ADDR", addr: cfg.HTTPAddr, handler: mux}, {name: "METRICS_ADDR", addr: cfg.MetricsAddr, handler: mm}}
	for i := range servers {
		if servers[i].ln, err = net.Listen("tcp", servers[i].addr); err != nil {
			for _, s := range servers[:i] {
				s.ln.Close()
			}
			return fmt.Errorf("listening on %s: %w", servers[i].name, err)
		}
	}
	names := make([]string, len(transports))
	for i, t := range transports {
		names[i] = t.name
	}
	// Metrics first: "listening on" is the line that says serve is ready.
	log.Info("serving metrics", "addr", servers[1].ln.Addr().String())
	fmt.Fprintf(stdout, "metrics on %s\n", servers[1].ln.Addr())
	log.Info("serving", "addr", servers[0].ln.Addr().String(), "transports", names)
	fmt.Fprintf(stdout, "listening on %s\n", servers[0].ln.Addr())

	g, gctx := errgroup.WithContext(ctx)
	for _, s := range servers {
		srv := newHTTPServer(s.handler)
		g.Go(func() error {
			if err := srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		})
		g.Go(func() error {
			<-gctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			defer cancel()
			return srv.Shutdown(sctx)
		})
	}
	switch {
	case folder:
		f := newFolder(cfg.KBPath, engine, log, snaps, bases)
		g.Go(func() error { return watchFolder(gctx, f) })
	case cfg.KBPath != "":
		g.Go(func() error { return watchKB(gctx, cfg.KBPath, engine, log) })
	}
	if store != nil {
		g.Go(func() error { return store.Run(gctx) })
	}
	for _, t := range transports {
		if t.run != nil {
			g.Go(func() error { return t.run(gctx) })
		}
	}
	err = g.Wait()
	log.Info("stopped")
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// newHTTPServer bounds what a client can make the server hold: slow
// headers and bodies, idle keep-alive connections and large headers.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// listener is one HTTP server of serve: the webhooks, or the metrics.
type listener struct {
	name, addr string
	handler    http.Handler
	ln         net.Listener
}

// releaseMemory hands the garbage of a load back to the operating system.
// Parsing and indexing a large base allocate many times what the base
// keeps; without this, a long-running process would hold that peak.
func releaseMemory() { debug.FreeOSMemory() }

// readServeConfig reads serve's settings from the process environment. A
// value that is not what its field must be is named by its variable, with
// what it must be, rather than in envconfig's account of its workings.
func readServeConfig() (serveConfig, error) {
	var cfg serveConfig
	if err := readEnv(&cfg); err != nil {
		return cfg, err
	}
	cfg.Platforms = chatPlatforms()
	for _, p := range cfg.Platforms {
		if err := readEnv(p); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// readEnv reads the settings of cfg, a pointer to a struct, from their
// envconfig tags.
func readEnv(cfg any) error {
	err := envconfig.Process("", cfg)
	var pe *envconfig.ParseError
	if errors.As(err, &pe) {
		want := map[string]string{
			"int":        "a whole number",
			"bool":       "true or false",
			"slog.Level": "DEBUG, INFO, WARN or ERROR",
		}[pe.TypeName]
		if want == "" {
			want = "a " + pe.TypeName
		}
		return fmt.Errorf("%s must be %s, got %q", pe.KeyName, want, pe.Value)
	}
	if err != nil {
		return fmt.Errorf("reading the environment: %w", err)
	}
	return nil
}

// defaultMetricsAddr is METRICS_ADDR's default, for unset and empty
// alike.
const defaultMetricsAddr = "127.0.0.1:9090"

// checkAddr refuses an address (of the variable name) that is not
// host:port, as misuse, before anything starts; one that is well formed
// but cannot be listened on fails later, as a failure.
func checkAddr(name, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		if n, perr := strconv.Atoi(port); perr != nil || n < 0 || n > 65535 {
			err = errors.New("bad port")
		}
	}
	if err != nil {
		return fmt.Errorf("%s must be host:port or :port (such as :8080 or 127.0.0.1:8080), got %q", name, addr)
	}
	return nil
}

// routeRedisLogs sends go-redis's own log lines (a failed dial, a dropped
// connection) through slog at debug level: the store's state changes are
// logged once each by internal/state. It is a package variable of
// go-redis, so only main sets it.
func routeRedisLogs(log *slog.Logger) {
	redis.SetLogger(redisLog{log})
}

type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "go-redis", "detail", fmt.Sprintf(format, v...))
}
