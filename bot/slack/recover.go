package slack

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	slackapi "github.com/slack-go/slack"
)

// apologyText is what a user sees when answering them panicked.
const apologyText = "Sorry, something went wrong answering that. It has been logged; please try again."

// newPanicCounter is the count of panics recovered while answering a
// Slack request. It has the platform in its name, like
// incidentbot_slack_rejected_total, so that each adapter registers its
// own series without agreeing with the other on a shared one.
func newPanicCounter() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Name: "incidentbot_slack_panics_total",
		Help: "Panics recovered while answering a Slack request; the user got an apology unless an answer had already gone out.",
	})
}

// apology is the private message a user gets instead of an answer that
// panicked.
func apology() *slackapi.WebhookMessage {
	return &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         apologyText,
		Blocks:       &slackapi.Blocks{BlockSet: []slackapi.Block{section(apologyText)}},
	}
}

// panicked logs and counts a panic recovered while handling what. The
// stack says where; the request, which may hold a response_url, is not
// logged.
func (b *Bot) panicked(what string, v any) {
	b.panics.Inc()
	b.log.Error("panic answering a slack request", "handling", what, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
}

// tracked is a ResponseWriter that remembers whether anything was
// written, so that a recovered panic answers only if nothing was.
type tracked struct {
	http.ResponseWriter
	wrote bool
}

func (t *tracked) WriteHeader(status int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(status)
}

func (t *tracked) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}

// redacted drops the request URL from err's text: a response_url is a
// capability to post into the conversation, and net/http puts the URL in
// its errors.
func redacted(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
