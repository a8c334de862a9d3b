package loadgen

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SlackPath is the slash-command endpoint serve mounts.
const SlackPath = "/slack/commands"

// Slack builds slash commands signed as Slack signs them: v0 HMAC-SHA256
// with the signing secret over "v0:<timestamp>:<body>".
type Slack struct {
	// Secret is the server's SLACK_SIGNING_SECRET.
	Secret string
	// Commands are sent in turn; empty means DefaultCommands.
	Commands []Command
	// Now stamps the requests; nil means time.Now.
	Now func() time.Time
}

// Body is the form of the i'th slash command: the i'th command in turn,
// from user number i, so that no user hits the bot's per-user rate limit.
// Its response_url points at a closed loopback port: the bot answers slash
// commands in the HTTP response and never needs it.
func (s Slack) Body(i int) string {
	cmds := s.Commands
	if len(cmds) == 0 {
		cmds = DefaultCommands()
	}
	c := cmds[i%len(cmds)]
	n := strconv.Itoa(i)
	return url.Values{
		"token":        {"loadgen"},
		"team_id":      {"T0LOAD"},
		"team_domain":  {"load"},
		"channel_id":   {"C0LOAD"},
		"channel_name": {"load"},
		"user_id":      {"U0LOAD" + n},
		"user_name":    {"load" + n},
		"command":      {"/" + c.Name},
		"text":         {c.Value},
		"api_app_id":   {"A0LOAD"},
		"response_url": {"http://127.0.0.1:1/unused"},
		"trigger_id":   {"trigger." + n},
	}.Encode()
}

// SignSlack returns the X-Slack-Request-Timestamp and X-Slack-Signature
// header values for body sent at t.
func SignSlack(secret string, t time.Time, body string) (stamp, signature string) {
	stamp = strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + stamp + ":" + body))
	return stamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Build is a Builder: the i'th slash command, signed now, posted to
// baseURL's SlackPath.
func (s Slack) Build(ctx context.Context, baseURL string, i int) (*http.Request, error) {
	if s.Secret == "" {
		return nil, errors.New("no slack signing secret")
	}
	body := s.Body(i)
	stamp, sig := SignSlack(s.Secret, clock(s.Now), body)
	return post(ctx, baseURL+SlackPath, "application/x-www-form-urlencoded", strings.NewReader(body),
		"X-Slack-Request-Timestamp", stamp, "X-Slack-Signature", sig)
}
