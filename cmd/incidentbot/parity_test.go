package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/discord"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/bot/slack"
	"github.com/incidentbot/incidentbot/knowledge"
)

// fixed is an engine that answers every request with one Answer, so that
// the very same Answer goes through each platform's own entry points.
type fixed struct{ a bot.Answer }

func (f fixed) Ask(context.Context, bot.Request) bot.Answer       { return f.a }
func (f fixed) Suggest(bot.Request, string, string, int) []string { return nil }
func (f fixed) SuggestIncidents(string, int) []incident.Info      { return nil }

// TestParity renders answers of every kind from the default base on plain
// text, Discord and Slack, and checks that the three show the same thing:
// the title and intro, the same items with the same numbers, in order,
// each with its heading, status, words (in quotation marks, marked as a
// paraphrase or as a source's block quote, after the same subject), its
// lines, every part of its meta line (speakers, dates, channels, source
// names), its notes and every excerpt with its source. Only the markup
// may differ.
func TestParity(t *testing.T) {
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(nil, base, bot.Config{})
	requests := []bot.Request{
		{Line: "/ask who carried out the attack?"},
		{Line: "/ask what did Peskov say about Washington"},
		{Line: "/who-said Peskov"},
		{Line: "/who-said terrorist attack"},
		{Line: "/who-said Zelensky"},
		{Line: "/timeline"},
		{Line: "/timeline drones"},
		{Line: "/claims"},
		{Line: "/claims", Page: 2},
		{Line: "/claims nord stream"},
		{Line: "/check the US was behind the drone attack"},
		{Line: "/sources"},
		{Line: "/help"},
		{Line: "/ask is the moon made of cheese"},
		{Details: "event/peskov-briefing"},
		{Details: "quote/peskov-washington"},
		{Details: "claim/us-involvement"},
		{Details: "quote/no-such-quote"},
		// Citations, to copy: the same line and sources everywhere.
		{Line: "/cite quote/peskov-washington"},
		{Line: "/cite quote/kirby-dismissed-lies"},
		{Line: "/cite event/peskov-briefing"},
		{Line: "/cite claim/us-involvement"},
		{Line: "/cite quote/no-such-quote"},
		// In Russian and Ukrainian: the labels translated, the same facts.
		{Line: "/ask кто стоит за атакой на Кремль?", Locale: "ru"},
		{Line: "/claims північний потік", Locale: "uk"},
		{Line: "/who-said Песков", Locale: "ru"},
		{Line: "/timeline 2023-05", Locale: "uk"},
		{Details: "claim/us-involvement", Locale: "uk"},
		{Line: "/cite claim/us-involvement", Locale: "ru"},
	}
	kinds := map[string]bool{}
	for _, req := range requests {
		name := req.Line
		if req.Details != "" {
			name = "details " + req.Details
		}
		if req.Page > 1 {
			name += " page " + strconv.Itoa(req.Page)
		}
		if req.Locale != "" {
			name += " in " + req.Locale
		}
		t.Run(name, func(t *testing.T) {
			a := engine.Ask(context.Background(), req)
			for _, it := range items(a) {
				kinds[it.Kind] = true
			}
			shown := map[string]platformView{
				"plain":   plainView(a),
				"discord": discordView(t, a),
				"slack":   slackView(t, a),
			}
			for platform, v := range shown {
				for _, p := range parityProblems(a, v, platform) {
					t.Errorf("%s: %s\n--- %s shows:\n%s", platform, p, platform, v.text)
				}
			}
		})
	}
	for _, k := range []string{bot.KindEvent, bot.KindQuote, bot.KindClaim, bot.KindSource, bot.KindHelp} {
		if !kinds[k] {
			t.Errorf("no answer of the set has a %s item", k)
		}
	}
}

// items is an answer's lead, if any, then its items.
func items(a bot.Answer) []bot.Item {
	if a.Lead == nil {
		return a.Items
	}
	return append([]bot.Item{*a.Lead}, a.Items...)
}

// platformView is what a platform shows of an answer: its visible text,
// in reading order and in the canonical form of canon, and the item
// numbers it shows.
type platformView struct {
	text    string
	numbers []int
}

// paraphrase stands for each platform's paraphrase marker in canonical
// text, so that the markers can be compared.
const paraphrase = "⟨" + bot.ParaphraseLabel + "⟩ "

var (
	spaces     = regexp.MustCompile(`\s+`)
	emphasis   = strings.NewReplacer("*", "", "_", "", "`", "")
	plainNumRE = regexp.MustCompile(`(?m)^(\d+)\. `)
)

// canon reduces visible text to what a reader takes from it: emphasis
// and code markup are dropped, and all white space is one space.
func canon(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(emphasis.Replace(s), " "))
}

func numbers(re *regexp.Regexp, texts ...string) []int {
	var out []int
	for _, s := range texts {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
	}
	return out
}

func plainView(a bot.Answer) platformView {
	s := bot.Plain(a)
	return platformView{
		text:    canon(strings.ReplaceAll(s, "("+i18n.Word(a.Locale, bot.ParaphraseLabel)+") ", paraphrase)),
		numbers: numbers(plainNumRE, s),
	}
}

// expected lists, for each item of a, the facts every platform must show
// of it. The first facts, up to and including the words and lines, must
// come in this order; the rest (meta, notes, excerpts) anywhere in the
// item, since a platform may put the meta line last (a footer).
type itemFacts struct {
	ordered, anywhere []string
}

func facts(a bot.Answer, numbered bool) []itemFacts {
	type entry struct {
		number string
		it     bot.Item
	}
	var list []entry
	if a.Lead != nil {
		list = append(list, entry{"", *a.Lead}) // the lead is the answer: no number
	}
	for i, it := range a.Items {
		n := ""
		if numbered {
			n = strconv.Itoa(a.Number(i)) + ". "
		}
		list = append(list, entry{n, it})
	}
	var out []itemFacts
	for _, e := range list {
		var f itemFacts
		number, it := e.number, e.it
		words := wordsFact(it.Words)
		switch {
		case it.Heading != "":
			f.ordered = append(f.ordered, canon(number+it.Heading))
			if it.Status != "" {
				f.ordered = append(f.ordered, i18n.Word(a.Locale, it.Status))
			}
			if words != "" {
				f.ordered = append(f.ordered, words)
			}
		case words != "":
			f.ordered = append(f.ordered, canon(number+words))
		}
		for _, l := range it.Lines {
			f.ordered = append(f.ordered, wordsFact(l))
		}
		if it.Meta != "" {
			for _, part := range strings.Split(it.Meta, " · ") {
				f.anywhere = append(f.anywhere, canon(part))
			}
		}
		for _, n := range it.Notes {
			f.anywhere = append(f.anywhere, canon(n.Label+": "+n.Text))
		}
		for _, x := range it.Excerpts {
			var lines []string
			if x.About != "" {
				lines = append(lines, x.About+":")
			}
			for _, l := range strings.Split(x.Text, "\n") {
				lines = append(lines, "> "+l)
			}
			lines = append(lines, "— "+knowledge.JoinNonEmpty(" · ", x.Source, x.URL))
			// The excerpt's words and its source together, in this order.
			f.anywhere = append(f.anywhere, canon(strings.Join(lines, "\n")))
		}
		out = append(out, f)
	}
	return out
}

// wordsFact is words as every platform must show them, canonical: the
// subject, then exact words in quotation marks, a paraphrase after its
// marker, or a source's words as a block quote.
func wordsFact(w bot.Words) string {
	text := w.Text
	switch w.Mark {
	case bot.MarkExact:
		text = "“" + text + "”"
	case bot.MarkParaphrase:
		text = paraphrase + text
	case bot.MarkCited:
		text = "> " + strings.ReplaceAll(text, "\n", "\n> ")
	}
	switch {
	case w.Who == "":
		return canon(text)
	case w.Text == "":
		return canon(w.Who + ".")
	}
	return canon(w.Who + ": " + text)
}

// parityProblems lists how a platform's view differs from the answer.
func parityProblems(a bot.Answer, v platformView, platform string) []string {
	var p []string
	at := 0
	next := func(fact string, from int) int {
		i := strings.Index(v.text[from:], fact)
		if i < 0 {
			return -1
		}
		return from + i
	}
	for _, s := range []string{a.Title, a.Intro} {
		if s == "" {
			continue
		}
		if i := next(canon(s), at); i < 0 {
			p = append(p, fmt.Sprintf("title or intro %q not shown", s))
		} else {
			at = i + len(canon(s))
		}
	}
	// Slack lists usage text without numbers: there is nothing to open.
	numbered := !(a.Help && platform == "slack")
	all := facts(a, numbered)
	// Where each item starts: its first fact, after the previous item.
	starts := make([]int, len(all))
	for k, f := range all {
		starts[k] = -1
		if len(f.ordered) == 0 {
			continue
		}
		if i := next(f.ordered[0], at); i >= 0 {
			starts[k], at = i, i
		}
	}
	for k, f := range all {
		if starts[k] < 0 {
			if len(f.ordered) > 0 {
				p = append(p, fmt.Sprintf("item %d: %q not shown in its place", k+1, f.ordered[0]))
			}
			continue
		}
		end := len(v.text)
		for _, s := range starts[k+1:] {
			if s >= 0 {
				end = s
				break
			}
		}
		span := v.text[starts[k]:end]
		pos := 0
		for _, fact := range f.ordered {
			i := strings.Index(span[pos:], fact)
			if i < 0 {
				p = append(p, fmt.Sprintf("item %d: %q not shown, or not in order", k+1, fact))
				continue
			}
			pos += i + len(fact)
		}
		for _, fact := range f.anywhere {
			if !strings.Contains(span, fact) {
				p = append(p, fmt.Sprintf("item %d: %q not shown", k+1, fact))
			}
		}
	}
	var want []int
	for i := range a.Items {
		want = append(want, a.Number(i))
	}
	if numbered && !slices.Equal(v.numbers, want) {
		p = append(p, fmt.Sprintf("item numbers %v; want %v", v.numbers, want))
	}
	return p
}

// discordView renders a through the Discord app's own entry point, an
// interaction, following Next through the parts of the page.
func discordView(t *testing.T, a bot.Answer) platformView {
	t.Helper()
	b, err := discord.New(slog.New(slog.DiscardHandler), fixed{a}, discord.Config{})
	if err != nil {
		t.Fatal(err)
	}
	member := &discordgo.Member{User: &discordgo.User{ID: "1400000000000000001"}}
	in := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Member: member,
		Data: discordgo.ApplicationCommandInteractionData{Name: "help", CommandType: discordgo.ChatApplicationCommand}}
	var texts []string
	var nums []int
	for part := 1; ; part++ {
		if part > 20 {
			t.Fatal("more than 20 Discord parts")
		}
		r := b.Respond(context.Background(), in)
		texts = append(texts, r.Data.Content)
		for _, e := range r.Data.Embeds {
			texts = append(texts, e.Title, e.Description)
			nums = append(nums, numbers(discordTitleNumRE, e.Title)...)
			nums = append(nums, numbers(discordLineNumRE, e.Description)...)
			if e.Footer != nil {
				texts = append(texts, e.Footer.Text)
			}
		}
		next := ""
		for _, row := range r.Data.Components {
			row, _ := row.(discordgo.ActionsRow)
			for _, c := range row.Components {
				if b, ok := c.(discordgo.Button); ok && b.Label == "Next" && !b.Disabled {
					next = b.CustomID
				}
			}
		}
		// Stay on this engine page: "e:PAGE.PART:line".
		if next == "" || !strings.HasPrefix(next, fmt.Sprintf("e:%d.", a.Page)) {
			break
		}
		in = &discordgo.Interaction{Type: discordgo.InteractionMessageComponent, Member: member,
			Data: discordgo.MessageComponentInteractionData{CustomID: next, ComponentType: discordgo.ButtonComponent}}
	}
	text := strings.Join(texts, "\n")
	text = strings.ReplaceAll(text, "*("+i18n.Word(a.Locale, bot.ParaphraseLabel)+")* ", paraphrase)
	text = markdownLink.ReplaceAllString(text, "$1 · $2")
	return platformView{text: canon(unescapeDiscord(text)), numbers: nums}
}

var (
	discordTitleNumRE = regexp.MustCompile(`^(\d+)\. `)
	discordLineNumRE  = regexp.MustCompile(`(?m)^\*\*(\d+)\.\*\* `)
	markdownLink      = regexp.MustCompile(`\[([^\[\]]*)\]\((https?://[^ )]+)\)`)
)

// unescapeDiscord undoes discord.Escape, as Discord's client shows text.
func unescapeDiscord(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case strings.HasPrefix(s[i:], "@\u200b"):
			b.WriteByte('@')
			i += len("\u200b")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// slackView renders a through the Slack app's own entry point, a signed
// slash command over HTTP, following Next (posted to a response_url on
// 127.0.0.1) through the messages of the page.
func slackView(t *testing.T, a bot.Answer) platformView {
	t.Helper()
	const secret = "parity-signing-secret"
	posted := make(chan []byte, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		posted <- body
	}))
	defer hook.Close()
	b, err := slack.New(slog.New(slog.DiscardHandler), fixed{a}, slack.Config{SigningSecret: secret, Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for pattern, h := range b.Routes() {
		mux.Handle(pattern, h)
	}
	send := func(path string, form url.Values) *httptest.ResponseRecorder {
		body := form.Encode()
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		signSlack(r, secret, time.Now(), body)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("POST %s = %d: %s", path, w.Code, w.Body)
		}
		return w
	}
	raw := send("/slack/commands", url.Values{"command": {"/help"}, "user_id": {"U0USER"}, "channel_id": {"C0NEWS"},
		"response_url": {hook.URL + "/hooks/1"}}).Body.Bytes()
	var texts []string
	var nums []int
	for part := 1; ; part++ {
		if part > 20 {
			t.Fatal("more than 20 Slack messages")
		}
		var msg struct {
			Blocks []struct {
				Type string `json:"type"`
				Text *struct {
					Text string `json:"text"`
				} `json:"text"`
				Elements []struct {
					Text     json.RawMessage `json:"text"`
					ActionID string          `json:"action_id"`
					Value    string          `json:"value"`
				} `json:"elements"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(raw, &msg); err != nil {
			t.Fatalf("Slack message: %v\n%s", err, raw)
		}
		next := ""
		for _, bl := range msg.Blocks {
			switch bl.Type {
			case "header", "section":
				texts = append(texts, bl.Text.Text)
				if bl.Type == "section" {
					nums = append(nums, numbers(slackNumRE, bl.Text.Text)...)
				}
			case "context":
				for _, e := range bl.Elements {
					var s string
					json.Unmarshal(e.Text, &s)
					texts = append(texts, s)
				}
			case "actions":
				for _, e := range bl.Elements {
					if e.ActionID == "incidentbot_next" {
						next = e.Value
					}
				}
			}
		}
		var st struct {
			Page int `json:"p"`
		}
		if next == "" || json.Unmarshal([]byte(next), &st) != nil || st.Page != a.Page {
			break
		}
		cb, _ := json.Marshal(map[string]any{
			"type": "block_actions", "user": map[string]any{"id": "U0USER"}, "response_url": hook.URL + "/hooks/1",
			"actions": []any{map[string]any{"type": "button", "action_id": "incidentbot_next", "value": next}},
		})
		send("/slack/interactivity", url.Values{"payload": {string(cb)}})
		select {
		case raw = <-posted:
		case <-time.After(5 * time.Second):
			t.Fatal("Next posted nothing")
		}
	}
	text := strings.Join(texts, "\n")
	text = strings.ReplaceAll(text, "_"+i18n.Word(a.Locale, bot.ParaphraseLabel)+":_ ", paraphrase)
	text = slackLink.ReplaceAllString(text, "$2 · $1")
	text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text)
	return platformView{text: canon(text), numbers: nums}
}

var (
	slackNumRE = regexp.MustCompile(`(?m)^\*(\d+)\.\* `)
	slackLink  = regexp.MustCompile(`<(https?://[^|>]+)\|([^>]*)>`)
)

// TestParityNamesIncident: with several incidents loaded, every platform
// shows the line that names the incident an answer is from.
func TestParityNamesIncident(t *testing.T) {
	dir, _ := incidentFolder(t)
	bases, err := loadBases(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := bot.Config{Folder: true}
	for _, b := range bases {
		cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: b})
	}
	engine := bot.New(nil, nil, cfg)
	for _, req := range []bot.Request{
		{Line: "/who-said in:" + defaultID + " Peskov"},
		{Line: "/timeline", Incident: hearingsID},
		{Line: "/claims", Incident: marketID, Locale: "uk"},
		{Details: "event/peskov-briefing", Incident: defaultID},
	} {
		a := engine.Ask(context.Background(), req)
		line := bot.IncidentLine(a)
		if line == "" {
			t.Fatalf("%+v: the answer names no incident", req)
		}
		for platform, v := range map[string]platformView{"plain": plainView(a), "discord": discordView(t, a), "slack": slackView(t, a)} {
			if !strings.Contains(v.text, canon(line)) {
				t.Errorf("%+v: %s does not show %q:\n%s", req, platform, line, v.text)
			}
		}
	}
}
