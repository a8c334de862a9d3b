package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// testEngine is the engine over the default base that the tests share.
func testEngine(t testing.TB) *bot.Engine { return bottest.Default(t) }

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testBot(t testing.TB, cfg Config) *Bot {
	t.Helper()
	b, err := New(quietLog(), testEngine(t), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

// testKey is a fixed key pair so that runs are repeatable.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// testInteractions is the HTTP handler with the test key and a fresh
// registry, so that its counter can be read.
func testInteractions(t testing.TB, cfg Config) (http.Handler, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	cfg.PublicKey, cfg.Registry = testKey.Public().(ed25519.PublicKey), reg
	return testBot(t, cfg).Routes()["POST /discord/interactions"], reg
}

// signed returns a request as Discord sends it: body signed with key over
// timestamp+body.
func signed(key ed25519.PrivateKey, body []byte, at time.Time) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...))))
	return r
}

// post sends a signed interaction through the handler and returns the
// status and body.
func post(t testing.TB, h http.Handler, body []byte) (int, []byte) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(testKey, body, time.Now()))
	return w.Code, w.Body.Bytes()
}

// slashJSON is a slash command interaction as Discord sends it.
func slashJSON(name string, options map[string]string) []byte {
	var opts []map[string]any
	for k, v := range options {
		opts = append(opts, map[string]any{"name": k, "type": 3, "value": v})
	}
	return mustJSON(map[string]any{
		"id": "1100000000000000001", "application_id": "1000000000000000001", "type": 2,
		"token": uniqueToken(), "guild_id": "1200000000000000001", "channel_id": "1300000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data":   map[string]any{"id": "1500000000000000001", "name": name, "type": 1, "options": opts},
	})
}

// buttonJSON is a button click as Discord sends it.
func buttonJSON(customID string) []byte {
	return mustJSON(map[string]any{
		"id": "1100000000000000002", "application_id": "1000000000000000001", "type": 3,
		"token": uniqueToken(), "guild_id": "1200000000000000001", "channel_id": "1300000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data":   map[string]any{"custom_id": customID, "component_type": 2},
	})
}

// selectJSON is a choice in a string select menu as Discord sends it.
func selectJSON(customID string, values ...string) []byte {
	return mustJSON(map[string]any{
		"id": "1100000000000000005", "application_id": "1000000000000000001", "type": 3,
		"token": "tok", "guild_id": "1200000000000000001", "channel_id": "1300000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data":   map[string]any{"custom_id": customID, "component_type": 3, "values": values},
	})
}

// messageCommandJSON is "Check against sources" on a message with text.
func messageCommandJSON(text string) []byte {
	return mustJSON(map[string]any{
		"id": "1100000000000000003", "application_id": "1000000000000000001", "type": 2,
		"token": uniqueToken(), "guild_id": "1200000000000000001", "channel_id": "1300000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data": map[string]any{
			"id": "1500000000000000009", "name": CheckCommand, "type": 3, "target_id": "1600000000000000001",
			"resolved": map[string]any{"messages": map[string]any{
				"1600000000000000001": map[string]any{"id": "1600000000000000001", "channel_id": "1300000000000000001", "content": text},
			}},
		},
	})
}

// autocompleteJSON is the who-said query being typed.
func autocompleteJSON(typed string) []byte { return optionAutocompleteJSON("who-said", "query", typed) }

// optionAutocompleteJSON is a command's option being typed.
func optionAutocompleteJSON(command, option, typed string) []byte {
	return mustJSON(map[string]any{
		"id": "1100000000000000004", "application_id": "1000000000000000001", "type": 4,
		"token": uniqueToken(), "guild_id": "1200000000000000001", "channel_id": "1300000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1400000000000000001", "username": "alice"}},
		"data": map[string]any{"id": "1500000000000000002", "name": command, "type": 1,
			"options": []map[string]any{{"name": option, "type": 3, "value": typed, "focused": true}}},
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// wire is a response as it goes over the wire, decoded generically so
// that the tests check the JSON Discord receives, not our structs.
type wire struct {
	Type int `json:"type"`
	Data *struct {
		Content         string           `json:"content"`
		Flags           int              `json:"flags"`
		Embeds          []wireEmbed      `json:"embeds"`
		Components      []wireRow        `json:"components"`
		Choices         []wireChoice     `json:"choices"`
		AllowedMentions *json.RawMessage `json:"allowed_mentions"`
	} `json:"data"`
}

type wireEmbed struct {
	Title       string `json:"title"`
	URL         string `json:"url"`
	Description string `json:"description"`
	Fields      []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Author *struct {
		Name string `json:"name"`
	} `json:"author"`
}

type wireRow struct {
	Type       int `json:"type"`
	Components []struct {
		Type        int    `json:"type"`
		Label       string `json:"label"`
		Style       int    `json:"style"`
		CustomID    string `json:"custom_id"`
		Disabled    bool   `json:"disabled"`
		Placeholder string `json:"placeholder"`
		Options     []struct {
			Label string `json:"label"`
			Value string `json:"value"`
		} `json:"options"`
	} `json:"components"`
}

type wireChoice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// decodeWire decodes a response body, failing the test if it is not JSON.
func decodeWire(t testing.TB, body []byte) wire {
	t.Helper()
	var w wire
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, body)
	}
	return w
}

// discordLen counts as Discord might at worst: UTF-16 code units.
func discordLen(s string) int { return len(utf16.Encode([]rune(s))) }

// limitProblems lists every way a response breaks Discord's limits or our
// rule that nothing pings; empty when it is fine.
func limitProblems(w wire) []string {
	var p []string
	add := func(format string, ok bool) {
		if !ok {
			p = append(p, format)
		}
	}
	switch w.Type {
	case 1:
		add("PING answer has data", w.Data == nil)
		return p
	case 4, 7, 8:
	default:
		return []string{"unexpected response type " + strconv.Itoa(w.Type)}
	}
	if w.Data == nil {
		return []string{"no data"}
	}
	d := w.Data
	add("allowed_mentions.parse is not []", parsesNothing(d.AllowedMentions))
	if w.Type == 8 {
		add("more than 25 choices", len(d.Choices) <= 25)
		for _, c := range d.Choices {
			v, _ := c.Value.(string)
			add("choice name outside 1–100: "+c.Name, discordLen(c.Name) >= 1 && discordLen(c.Name) <= 100)
			add("choice value outside 1–100: "+v, discordLen(v) >= 1 && discordLen(v) <= 100)
		}
		return p
	}
	add("content over 2000", discordLen(d.Content) <= 2000)
	add("content and embeds both empty", d.Content != "" || len(d.Embeds) > 0)
	add("more than 10 embeds", len(d.Embeds) <= 10)
	total := 0
	for _, e := range d.Embeds {
		add("title over 256: "+e.Title, discordLen(e.Title) <= 256)
		add("description over 4096", discordLen(e.Description) <= 4096)
		add("more than 25 fields", len(e.Fields) <= 25)
		total += discordLen(e.Title) + discordLen(e.Description)
		for _, f := range e.Fields {
			add("field name over 256", discordLen(f.Name) <= 256)
			add("field value over 1024", discordLen(f.Value) <= 1024)
			total += discordLen(f.Name) + discordLen(f.Value)
		}
		if e.Footer != nil {
			add("footer over 2048", discordLen(e.Footer.Text) <= 2048)
			total += discordLen(e.Footer.Text)
		}
		if e.Author != nil {
			total += discordLen(e.Author.Name)
		}
	}
	add("embeds over 6000 in all: "+strconv.Itoa(total), total <= 6000)
	add("more than 5 action rows", len(d.Components) <= 5)
	for _, r := range d.Components {
		add("more than 5 buttons in a row", len(r.Components) <= 5)
		for _, b := range r.Components {
			add("custom_id outside 1–100: "+b.CustomID, discordLen(b.CustomID) >= 1 && discordLen(b.CustomID) <= 100)
			if b.Type != 3 {
				add("label over 80: "+b.Label, discordLen(b.Label) <= 80)
				continue
			}
			// A string select menu: alone in its row, 1–25 options.
			add("select menu shares its row", len(r.Components) == 1)
			add("placeholder over 150", discordLen(b.Placeholder) <= 150)
			add("select menu options outside 1–25", len(b.Options) >= 1 && len(b.Options) <= 25)
			values := map[string]bool{}
			for _, o := range b.Options {
				add("option label outside 1–100: "+o.Label, discordLen(o.Label) >= 1 && discordLen(o.Label) <= 100)
				add("option value outside 1–100: "+o.Value, discordLen(o.Value) >= 1 && discordLen(o.Value) <= 100)
				add("option value twice: "+o.Value, !values[o.Value])
				values[o.Value] = true
				add("unescaped @everyone or @here in an option", !pings(o.Label))
			}
		}
	}
	for _, s := range append([]string{d.Content}, embedTexts(d.Embeds)...) {
		add("unescaped @everyone or @here", !pings(s))
	}
	return p
}

func embedTexts(es []wireEmbed) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title, e.Description)
	}
	return out
}

// pings says whether text holds an @everyone or @here that is not
// neutralised.
func pings(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "@everyone") || strings.Contains(l, "@here")
}

// parsesNothing says whether allowed_mentions is present with an empty
// (not null, not missing) parse list, so that nothing pings.
func parsesNothing(raw *json.RawMessage) bool {
	if raw == nil {
		return false
	}
	var am struct {
		Parse *[]string `json:"parse"`
	}
	return json.Unmarshal(*raw, &am) == nil && am.Parse != nil && len(*am.Parse) == 0
}

// buttonIDs returns the enabled buttons' custom_ids by label.
func buttonIDs(w wire) map[string]string {
	ids := map[string]string{}
	if w.Data == nil {
		return ids
	}
	for _, r := range w.Data.Components {
		for _, b := range r.Components {
			if !b.Disabled && b.CustomID != detailsID {
				ids[b.Label] = b.CustomID
			}
		}
	}
	return ids
}

// numberRE finds the numbers items are shown with: "3. " starting an
// embed title, "**3.** " starting a line of a description.
var (
	titleNumberRE = regexp.MustCompile(`^(\d+)\. `)
	lineNumberRE  = regexp.MustCompile(`(?m)^\*\*(\d+)\.\*\* `)
)

// shownNumbers returns the item numbers a response shows, in order.
func shownNumbers(w wire) []int {
	var out []int
	for _, e := range w.Data.Embeds {
		if m := titleNumberRE.FindStringSubmatch(e.Title); m != nil {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
		for _, m := range lineNumberRE.FindAllStringSubmatch(e.Description, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
	}
	return out
}

// numbered says whether an embed shows an item's number.
func numbered(e wireEmbed) bool {
	return titleNumberRE.MatchString(e.Title) || lineNumberRE.MatchString(e.Description)
}

// detailsRefs returns the values of the Details menu's options, in order:
// the references of the entries it offers.
func detailsRefs(w wire) []string { return menuValues(w, false) }

// citeRefs are the references the Details menu offers to cite.
func citeRefs(w wire) []string { return menuValues(w, true) }

// menuValues are the Details menu's values: the entries it opens, or
// (cite) the entries it cites, without citePrefix.
func menuValues(w wire, cite bool) []string {
	var refs []string
	if w.Data == nil {
		return nil
	}
	for _, r := range w.Data.Components {
		for _, c := range r.Components {
			if c.CustomID != detailsID {
				continue
			}
			for _, o := range c.Options {
				if ref, ok := strings.CutPrefix(o.Value, citePrefix); ok == cite {
					refs = append(refs, ref)
				}
			}
		}
	}
	return refs
}

// interaction decodes JSON into the interaction discordgo would deliver.
func interaction(t testing.TB, body []byte) *discordgo.Interaction {
	t.Helper()
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		t.Fatalf("decoding interaction: %v", err)
	}
	return &i
}

// tokens numbers the interactions the helpers build: Discord gives each
// its own id and token, so that no two are signed alike (a repeat would
// be refused as a replay).
var tokens atomic.Int64

func uniqueToken() string { return "tok-" + strconv.FormatInt(tokens.Add(1), 10) }
