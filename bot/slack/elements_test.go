package slack

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestTooManyElementsRefused is finding 9 of issue 20: a signed body
// under its byte limit that holds more JSON values than any request
// Slack sends is refused with 413 before it is decoded; a 990 KB event of
// 330,000 empty blocks decoded to about 100 MiB, and four at once took
// a 128 MiB pod down.
func TestTooManyElementsRefused(t *testing.T) {
	b, _ := testBot(t, Config{})
	blocks := "[" + strings.Repeat("{},", 330_000) + "{}]"
	event := `{"type":"event_callback","event":{"type":"app_mention","user":"U1","text":"<@U0> /timeline","channel":"C1","ts":"1.1","blocks":` + blocks + `}}`
	r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(event))
	sign(r, testSecret, time.Now(), event)
	if w := serve(b, r); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an event of 330,000 blocks: status %d; want 413", w.Code)
	}
	payload := `{"type":"message_action","callback_id":"check","message":{"text":"x","blocks":` + blocks[:len(blocks)/4] + `{}]}}`
	if w := serve(b, signedForm("/slack/interactivity", url.Values{"payload": {payload}}, time.Now())); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a shortcut of 80,000 blocks: status %d; want 413", w.Code)
	}
}
