package slack

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestUnknownShortcutNotAnswered: a message shortcut that is not the
// bot's gets the ack and nothing else, no apology: it is no failure.
func TestUnknownShortcutNotAnswered(t *testing.T) {
	rec := newRecorder(t)
	b, reg, logs := newBot(t, Config{}, testEngine(t))
	raw, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": "someone_elses", "user": map[string]any{"id": "U0USER"},
		"channel": map[string]any{"id": "C0NEWS"}, "message": map[string]any{"type": "message", "text": "hello", "ts": "1683100000.000100"},
		"response_url": rec.srv.URL + "/hooks/1", "trigger_id": "1.2.3",
	})
	w := serve(b, signedForm("/slack/interactivity", url.Values{"payload": {string(raw)}}, time.Now()))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("unknown shortcut = %d %q; want an empty 200", w.Code, w.Body)
	}
	rec.none(t)
	if got := panics(t, reg); got != 0 {
		t.Errorf("incidentbot_slack_panics_total = %v; want 0", got)
	}
	if out := logs.String(); !strings.Contains(out, "slack message shortcut not answered") {
		t.Errorf("the unknown shortcut was not logged:\n%s", out)
	}
}
