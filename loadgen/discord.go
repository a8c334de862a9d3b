package loadgen

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/incidentbot/incidentbot/bot/examples"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Command is one slash command of the load.
type Command struct {
	// Name is the command without its slash: "who-said".
	Name string
	// Option is the Discord option that carries Value ("query"); empty
	// for a command without one.
	Option string
	// Value is the argument: the Discord option's value, the text after
	// the Slack command.
	Value string
}

// DefaultCommands is the mix a run sends in turn, on the embedded default
// base: the quotes of the person it quotes most, a question about them,
// and the timeline (the examples /help shows).
var DefaultCommands = sync.OnceValue(func() []Command {
	b, err := knowledge.Default()
	if err != nil {
		panic(err) // the embedded base's own tests say what is wrong
	}
	x := examples.Of(b)
	return []Command{
		{Name: "who-said", Option: "query", Value: x.Person},
		{Name: "ask", Option: "question", Value: x.Question("en")},
		{Name: "timeline"},
	}
})

// DiscordPath is the interactions endpoint serve mounts.
const DiscordPath = "/discord/interactions"

// Discord builds slash-command interactions signed as Discord signs them:
// ed25519 over the X-Signature-Timestamp followed by the body.
type Discord struct {
	// Key is the private half of the key pair whose public half is the
	// server's DISCORD_PUBLIC_KEY.
	Key ed25519.PrivateKey
	// Commands are sent in turn; empty means DefaultCommands.
	Commands []Command
	// Now stamps the requests; nil means time.Now.
	Now func() time.Time
}

// Discord's interaction types, as sent in the JSON.
const (
	interactionApplicationCommand = 2
	commandChatInput              = 1
	optionString                  = 3
)

// The JSON shape of an APPLICATION_COMMAND interaction, as much of it as
// the bot reads plus what Discord always sends.
type (
	interaction struct {
		ID            string      `json:"id"`
		ApplicationID string      `json:"application_id"`
		Type          int         `json:"type"`
		Token         string      `json:"token"`
		Version       int         `json:"version"`
		GuildID       string      `json:"guild_id"`
		ChannelID     string      `json:"channel_id"`
		Locale        string      `json:"locale"`
		Member        member      `json:"member"`
		Data          commandData `json:"data"`
	}
	member struct {
		User        user   `json:"user"`
		Roles       []any  `json:"roles"`
		Permissions string `json:"permissions"`
	}
	user struct {
		ID            string `json:"id"`
		Username      string `json:"username"`
		Discriminator string `json:"discriminator"`
	}
	commandData struct {
		ID      string          `json:"id"`
		Name    string          `json:"name"`
		Type    int             `json:"type"`
		Options []commandOption `json:"options,omitempty"`
	}
	commandOption struct {
		Name  string `json:"name"`
		Type  int    `json:"type"`
		Value string `json:"value"`
	}
)

// snowflake makes a Discord-style ID from a fixed prefix and n.
func snowflake(prefix int64, n int) string { return strconv.FormatInt(prefix+int64(n), 10) }

// Body is the JSON of the i'th interaction: the i'th command in turn,
// from user number i, so that no user hits the bot's per-user rate limit.
func (d Discord) Body(i int) ([]byte, error) {
	cmds := d.Commands
	if len(cmds) == 0 {
		cmds = DefaultCommands()
	}
	c := cmds[i%len(cmds)]
	in := interaction{
		ID:            snowflake(1_100_000_000_000_000_000, i),
		ApplicationID: "1000000000000000001",
		Type:          interactionApplicationCommand,
		Token:         "loadgen-" + strconv.Itoa(i),
		Version:       1,
		GuildID:       "1200000000000000001",
		ChannelID:     "1300000000000000001",
		Locale:        "en-US",
		Member: member{
			User:        user{ID: snowflake(1_400_000_000_000_000_000, i), Username: "load" + strconv.Itoa(i), Discriminator: "0"},
			Roles:       []any{},
			Permissions: "0",
		},
		Data: commandData{ID: "1500000000000000001", Name: c.Name, Type: commandChatInput},
	}
	if c.Option != "" {
		in.Data.Options = []commandOption{{Name: c.Option, Type: optionString, Value: c.Value}}
	}
	return json.Marshal(in)
}

// SignDiscord returns the X-Signature-Timestamp and X-Signature-Ed25519
// header values for body sent at t.
func SignDiscord(key ed25519.PrivateKey, t time.Time, body []byte) (stamp, signature string) {
	stamp = strconv.FormatInt(t.Unix(), 10)
	msg := make([]byte, 0, len(stamp)+len(body))
	msg = append(append(msg, stamp...), body...)
	return stamp, hex.EncodeToString(ed25519.Sign(key, msg))
}

// Build is a Builder: the i'th interaction, signed now, posted to
// baseURL's DiscordPath.
func (d Discord) Build(ctx context.Context, baseURL string, i int) (*http.Request, error) {
	if len(d.Key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("discord private key is %d bytes; want %d", len(d.Key), ed25519.PrivateKeySize)
	}
	body, err := d.Body(i)
	if err != nil {
		return nil, fmt.Errorf("encoding interaction %d: %w", i, err)
	}
	stamp, sig := SignDiscord(d.Key, clock(d.Now), body)
	return post(ctx, baseURL+DiscordPath, "application/json", bytes.NewReader(body),
		"X-Signature-Timestamp", stamp, "X-Signature-Ed25519", sig)
}
