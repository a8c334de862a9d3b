// Package metrics is the engine's Prometheus series: every command
// answered, its latency, the loaded entries, the reloads and the votes,
// counted the same way whichever platform asked. The adapters' own
// transport-level series are internal/platform's.
package metrics

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/gaps"
)

// Metrics are the engine's Prometheus series. Adapters count their own
// transport-level refusals; every answered command is counted here so that
// both platforms report the same way.
type Metrics struct {
	// incident is set for NewIncident's series, which carry an
	// incident label.
	incident bool
	commands *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	entries  *prometheus.GaugeVec
	reloads  *prometheus.CounterVec
	feedback *prometheus.CounterVec
}

// New registers the engine's series with reg, for a bot of one
// incident.
func New(reg prometheus.Registerer) (*Metrics, error) { return newMetrics(reg, false) }

// NewIncident registers the engine's series with reg, for a bot
// that serves a folder of incidents (bot.Config.Folder): the commands, the
// entries and the reloads carry an incident label, the incident's id
// ("" for a command refused before an incident was chosen). A removed
// incident's series go with it, so the label is bounded by the folder.
func NewIncident(reg prometheus.Registerer) (*Metrics, error) { return newMetrics(reg, true) }

func newMetrics(reg prometheus.Registerer, incident bool) (*Metrics, error) {
	labels := func(names ...string) []string {
		if incident {
			return append(names, "incident")
		}
		return names
	}
	m := &Metrics{
		incident: incident,
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_commands_total",
			Help: "Commands answered, by platform, command and outcome (answered, not_found, help, refused, rate_limited, panic, no_incident).",
		}, labels("platform", "command", "outcome")),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "incidentbot_answer_seconds",
			Help:    "Time to build an answer, by command.",
			Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
		}, []string{"command"}),
		entries: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "incidentbot_kb_entries",
			Help: "Entries in the loaded knowledge base, by kind.",
		}, labels("kind")),
	}
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "incidentbot_kb_reloads_total",
		Help: "Knowledge base reloads, by result (ok, unchanged, refused).",
	}, labels("result"))
	// The question and the lead are in the gaps log, not in labels: a
	// label per question would grow without bound.
	m.feedback = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "incidentbot_feedback_total",
		Help: "Votes on /ask answers, by outcome (helpful, unhelpful).",
	}, []string{"outcome"})
	for _, o := range []string{gaps.Helpful, gaps.Unhelpful} {
		m.feedback.WithLabelValues(o) // show zeros rather than no series
	}
	for _, c := range []prometheus.Collector{m.commands, m.latency, m.entries, m.reloads, m.feedback} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("registering the engine's metrics: %w", err)
		}
	}
	return m, nil
}

// with appends the incident label's value to values when the series
// carry one.
func (m *Metrics) with(incident string, values ...string) []string {
	if m.incident {
		return append(values, incident)
	}
	return values
}

// Command is the counter of a command answered with outcome.
func (m *Metrics) Command(incident, platform, command, outcome string) prometheus.Counter {
	return m.commands.WithLabelValues(m.with(incident, platform, command, outcome)...)
}

// Latency is the histogram of the time command takes to answer.
func (m *Metrics) Latency(command string) prometheus.Observer {
	return m.latency.WithLabelValues(command)
}

// Entry is the gauge of the loaded entries of kind.
func (m *Metrics) Entry(incident, kind string) prometheus.Gauge {
	return m.entries.WithLabelValues(m.with(incident, kind)...)
}

// Reload is the counter of reloads that ended with result.
func (m *Metrics) Reload(incident, result string) prometheus.Counter {
	return m.reloads.WithLabelValues(m.with(incident, result)...)
}

// Feedback is the counter of votes of outcome (gaps.Helpful,
// gaps.Unhelpful).
func (m *Metrics) Feedback(outcome string) prometheus.Counter {
	return m.feedback.WithLabelValues(outcome)
}

// Forget drops a removed incident's series.
func (m *Metrics) Forget(incident string) {
	if !m.incident {
		return
	}
	for _, v := range []interface {
		DeletePartialMatch(prometheus.Labels) int
	}{m.commands, m.entries, m.reloads} {
		v.DeletePartialMatch(prometheus.Labels{"incident": incident})
	}
}
