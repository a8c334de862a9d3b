package platform

import (
	"fmt"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// Reasons a chat adapter refuses a request before answering it: the
// values of its rejection counter's reason label.
const (
	ReasonBadSignature = "bad_signature"
	ReasonStale        = "stale"
	ReasonTooLarge     = "too_large"
	ReasonBadRequest   = "bad_request"
	ReasonBusy         = "busy"
	ReasonReplay       = "replay"
)

// Reasons is every refusal reason, in the order the help text lists them.
var Reasons = []string{ReasonBadSignature, ReasonStale, ReasonTooLarge, ReasonBadRequest, ReasonBusy, ReasonReplay}

// Metrics are a chat adapter's own series: the requests its transports
// refused, by reason, and the panics it recovered. The engine counts the
// commands themselves, for every platform alike.
type Metrics struct {
	rejected *prometheus.CounterVec
	panics   prometheus.Counter
}

// NewMetrics makes the series of one platform,
// incidentbot_<platform>_rejected_total and
// incidentbot_<platform>_panics_total, and registers them with reg unless
// reg is nil. Each adapter's constructor calls it once, for all its
// transports. requests names what is refused in the help text ("Slack HTTP
// requests"), and request what is answered ("a Slack request").
func NewMetrics(reg prometheus.Registerer, platform, requests, request string) (*Metrics, error) {
	m := &Metrics{
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_" + platform + "_rejected_total",
			Help: requests + " refused before processing, by reason (" + strings.Join(Reasons, ", ") + ").",
		}, []string{"reason"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentbot_" + platform + "_panics_total",
			Help: "Panics recovered while answering " + request + "; the user got an apology unless an answer had already gone out.",
		}),
	}
	for _, r := range Reasons {
		m.rejected.WithLabelValues(r) // show zeros rather than no series
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.rejected, m.panics} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("registering the %s metrics: %w", platform, err)
		}
	}
	return m, nil
}

// Rejected counts a request refused for reason.
func (m *Metrics) Rejected(reason string) { m.rejected.WithLabelValues(reason).Inc() }

// Panicked counts a recovered panic.
func (m *Metrics) Panicked() { m.panics.Inc() }
