package discord

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
)

// TestCommandsRegistration checks what the bulk overwrite sends against
// Discord's rules for command definitions.
func TestCommandsRegistration(t *testing.T) {
	cmds := Commands()
	var names []string
	nameRE := regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)
	for _, c := range cmds {
		names = append(names, c.Name)
		if c.Type == discordgo.MessageApplicationCommand {
			if c.Description != "" || len(c.Options) > 0 {
				t.Errorf("message command %q has a description or options", c.Name)
			}
			continue
		}
		if !nameRE.MatchString(c.Name) || strings.ToLower(c.Name) != c.Name {
			t.Errorf("slash command name %q is not 1–32 lower-case characters", c.Name)
		}
		if n := discordLen(c.Description); n < 1 || n > 100 {
			t.Errorf("/%s description is %d characters; want 1–100", c.Name, n)
		}
		for _, o := range c.Options {
			if o.Type != discordgo.ApplicationCommandOptionString || o.MaxLength < 1 || o.MaxLength > 6000 {
				t.Errorf("/%s %s: type %v max length %d; want a string option with a max length", c.Name, o.Name, o.Type, o.MaxLength)
			}
			if o.Autocomplete && len(o.Choices) > 0 {
				t.Errorf("/%s %s has both autocomplete and choices", c.Name, o.Name)
			}
			if n := discordLen(o.Description); n < 1 || n > 100 {
				t.Errorf("/%s %s description is %d characters; want 1–100", c.Name, o.Name, n)
			}
		}
	}
	want := []string{"timeline", "who-said", "ask", "claims", "cite", "sources", "check", "changes", "incidents", "help", "kb", CheckCommand}
	if !slices.Equal(names, want) {
		t.Errorf("commands = %q; want %q", names, want)
	}
	options := map[string]string{}
	for _, c := range cmds {
		// Every command about one incident may name it, last, optional,
		// with autocomplete over the loaded incidents.
		about := c.Type == discordgo.ChatApplicationCommand && c.Name != "help" && c.Name != "incidents"
		if n := len(c.Options); about != (n > 0 && c.Options[n-1].Name == "incident") {
			t.Errorf("/%s options %v; want the incident option last: %v", c.Name, c.Options, about)
		}
		for _, o := range c.Options {
			if o.Name == "incident" {
				if o.Required || !o.Autocomplete {
					t.Errorf("/%s incident: required %v, autocomplete %v; want optional, with autocomplete", c.Name, o.Required, o.Autocomplete)
				}
				continue
			}
			options[c.Name] = o.Name
			if (c.Name == "who-said" || c.Name == "timeline" || c.Name == "claims") != o.Autocomplete {
				t.Errorf("/%s %s autocomplete = %v", c.Name, o.Name, o.Autocomplete)
			}
			if o.Required != (c.Name == "who-said" || c.Name == "ask" || c.Name == "cite" || c.Name == "check" || c.Name == "kb") {
				t.Errorf("/%s %s required = %v", c.Name, o.Name, o.Required)
			}
		}
		if hidden := c.DefaultMemberPermissions != nil && *c.DefaultMemberPermissions == discordgo.PermissionManageGuild; hidden != (c.Name == "kb") {
			t.Errorf("/%s shown only to server managers = %v", c.Name, hidden)
		}
	}
	wantOpts := map[string]string{"timeline": "filter", "who-said": "query", "ask": "question", "claims": "topic", "cite": "entry", "check": "text", "help": "command", "kb": "action"}
	for c, o := range wantOpts {
		if options[c] != o {
			t.Errorf("/%s option = %q; want %q", c, options[c], o)
		}
	}
}

// TestCommandLines: each interaction reaches the engine as the command a
// user would type, so it answers as the CLI would.
func TestCommandLines(t *testing.T) {
	ctx := context.Background()
	b := testBot(t, Config{})
	engine := testEngine(t)
	tests := []struct {
		body []byte
		line string
	}{
		{slashJSON("timeline", map[string]string{"filter": "2023-05"}), "/timeline 2023-05"},
		{slashJSON("who-said", map[string]string{"query": "Kirby"}), "/who-said Kirby"},
		{slashJSON("ask", map[string]string{"question": "who carried out the attack?"}), "/ask who carried out the attack?"},
		{slashJSON("claims", map[string]string{"topic": "false flag"}), "/claims false flag"},
		{slashJSON("sources", nil), "/sources"},
		{slashJSON("help", nil), "/help"},
		{slashJSON("changes", nil), "/changes"},
		{messageCommandJSON("Washington decided on the attack"), "/check Washington decided on the attack"},
	}
	for _, tt := range tests {
		w := respond(t, b, ctx, tt.body)
		want := engine.Ask(ctx, bot.Request{Line: tt.line})
		if w.Type != 4 {
			t.Errorf("%s: type %d; want 4", tt.line, w.Type)
		}
		if !strings.HasPrefix(w.Data.Content, "**"+Escape(want.Title)+"**") {
			t.Errorf("%s: content %q; want it to start with the title %q", tt.line, w.Data.Content, want.Title)
		}
		// One embed per item, one-line items together; a page too large
		// for one message is split into parts, the rest behind Next.
		if n := len(w.Data.Embeds); n > len(want.Items)+1 || (n == 0 && len(want.Items) > 0) {
			t.Errorf("%s: %d embeds for %d items", tt.line, n, len(want.Items))
		}
		// Every item shows its number, in order; the lead is unnumbered.
		var nums []int
		for i := range want.Items {
			nums = append(nums, want.Number(i))
		}
		got := shownNumbers(w)
		if _, more := buttonIDs(w)["Next"]; more && len(got) < len(nums) {
			nums = nums[:len(got)]
		}
		if !slices.Equal(got, nums) {
			t.Errorf("%s: items numbered %v; want %v", tt.line, got, nums)
		}
		if (want.Lead != nil) != (len(w.Data.Embeds) > 0 && !numbered(w.Data.Embeds[0])) {
			t.Errorf("%s: lead shown = %v; want %v", tt.line, !numbered(w.Data.Embeds[0]), want.Lead != nil)
		}
		if w.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
			t.Errorf("%s: flags %d; want ephemeral", tt.line, w.Data.Flags)
		}
		if _, ok := buttonIDs(w)["Post to channel"]; ok == want.Help {
			t.Errorf("%s: Post to channel offered = %v; want it on every ephemeral answer but usage text", tt.line, ok)
		}
	}
}

// TestKirbyQuotes: /who-said Kirby names him once, shows his words
// marked as exact or paraphrase with where and from which source, and the
// Details menu opens each quote's excerpt with its source.
func TestKirbyQuotes(t *testing.T) {
	ctx := context.Background()
	b := testBot(t, Config{})
	w := respond(t, b, ctx, slashJSON("who-said", map[string]string{"query": "Kirby"}))
	if len(w.Data.Embeds) == 0 {
		t.Fatal("no embeds")
	}
	if !strings.HasPrefix(w.Data.Content, "**John Kirby, ") {
		t.Errorf("content %q does not name him", w.Data.Content)
	}
	for _, e := range w.Data.Embeds {
		marked := strings.Contains(e.Description, "“") || strings.Contains(e.Description, "*(paraphrase)*")
		if !marked || e.Footer == nil || !strings.Contains(e.Footer.Text, "MSNBC") || !strings.Contains(e.Footer.Text, "Doubts commentary") {
			t.Errorf("embed lacks marked words, channel or source:\n%s\nfooter %+v", e.Description, e.Footer)
		}
	}
	refs := detailsRefs(w)
	if len(refs) != len(w.Data.Embeds) {
		t.Fatalf("Details menu offers %q for %d quotes", refs, len(w.Data.Embeds))
	}
	for _, ref := range refs {
		d := respond(t, b, ctx, selectJSON(detailsID, ref))
		checkWire(t, ref, d)
		if len(d.Data.Embeds) != 1 || !strings.Contains(d.Data.Embeds[0].Description, "\n> ") || !strings.Contains(d.Data.Embeds[0].Description, "\n— ") {
			t.Errorf("details of %s lack an excerpt with its source: %+v", ref, d.Data.Embeds)
		}
	}
}

func TestPublicReplies(t *testing.T) {
	ctx := context.Background()
	b := testBot(t, Config{Public: true})
	w := respond(t, b, ctx, slashJSON("claims", nil))
	if w.Data.Flags&int(discordgo.MessageFlagsEphemeral) != 0 {
		t.Errorf("DISCORD_REPLY=public reply is ephemeral")
	}
	ids := buttonIDs(w)
	if _, ok := ids["Post to channel"]; ok {
		t.Errorf("public reply offers Post to channel")
	}
	if !strings.HasPrefix(ids["Next"], "u:") {
		t.Errorf("Next = %q; want a public page state", ids["Next"])
	}
	w = respond(t, b, ctx, messageCommandJSON(""))
	if w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || w.Data.Content != "That message has no text to check against the sources." {
		t.Errorf("checking a message without text: flags %d content %q", w.Data.Flags, w.Data.Content)
	}
	// Checking someone's message stays private whatever the setting.
	w = respond(t, b, ctx, messageCommandJSON("Washington was behind the drone attack"))
	if w.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("Check against sources reply flags = %d; want ephemeral", w.Data.Flags)
	}
}

// TestPostToChannel: the posted copy is public, names who posted it
// without pinging, and keeps paging.
func TestPostToChannel(t *testing.T) {
	ctx := context.Background()
	b := testBot(t, Config{})
	first := respond(t, b, ctx, slashJSON("claims", nil))
	next := respond(t, b, ctx, buttonJSON(buttonIDs(first)["Next"]))
	posted := respond(t, b, ctx, buttonJSON(buttonIDs(next)["Post to channel"]))
	if posted.Type != 4 || posted.Data.Flags != 0 {
		t.Fatalf("posted: type %d flags %d; want 4 and not ephemeral", posted.Type, posted.Data.Flags)
	}
	if !strings.HasPrefix(posted.Data.Content, "Posted by <@1400000000000000001>\n") {
		t.Errorf("posted content = %q; want a Posted by line first", posted.Data.Content)
	}
	if got, want := embedTexts(posted.Data.Embeds), embedTexts(next.Data.Embeds); !slices.Equal(got, want) {
		t.Errorf("posted embeds differ from the private page they came from")
	}
	if _, ok := buttonIDs(posted)["Post to channel"]; ok {
		t.Errorf("posted copy offers Post to channel again")
	}
	prev := respond(t, b, ctx, buttonJSON(buttonIDs(posted)["Previous"]))
	if prev.Type != 7 || !strings.HasPrefix(prev.Data.Content, "Posted by <@1400000000000000001>\n") {
		t.Errorf("paging the posted copy: type %d content %q; want 7 keeping the Posted by line", prev.Type, prev.Data.Content)
	}
	if got, want := embedTexts(prev.Data.Embeds), embedTexts(first.Data.Embeds); !slices.Equal(got, want) {
		t.Errorf("Previous on the posted copy did not show the first part")
	}
}

func TestAutocomplete(t *testing.T) {
	b := testBot(t, Config{})
	w := respond(t, b, context.Background(), autocompleteJSON("pes"))
	if w.Type != 8 {
		t.Fatalf("type %d; want 8", w.Type)
	}
	var names []string
	for _, c := range w.Data.Choices {
		names = append(names, c.Name)
	}
	if !slices.Contains(names, "Dmitry Peskov") && !slices.Contains(names, "Peskov") {
		t.Errorf("choices for %q = %q; want Peskov among them", "pes", names)
	}
	if p := limitProblems(w); len(p) > 0 {
		t.Errorf("%v", p)
	}
	w = respond(t, b, context.Background(), autocompleteJSON(""))
	if n := len(w.Data.Choices); n == 0 || n > 25 {
		t.Errorf("%d choices for an empty prefix; want 1–25", n)
	}
	// The other options with suggestions offer the base's dates and
	// topics; one without offers nothing.
	for _, tt := range []struct{ command, option, typed, first string }{
		{"timeline", "filter", "2023-05-0", "2023-05-03"},
		{"claims", "topic", "false", "false flag"},
		{"ask", "question", "who", ""},
	} {
		w := respond(t, b, context.Background(), optionAutocompleteJSON(tt.command, tt.option, tt.typed))
		switch {
		case tt.first == "" && len(w.Data.Choices) > 0:
			t.Errorf("/%s %s %q: %d choices; want none", tt.command, tt.option, tt.typed, len(w.Data.Choices))
		case tt.first != "" && (len(w.Data.Choices) == 0 || w.Data.Choices[0].Name != tt.first):
			t.Errorf("/%s %s %q: choices %+v; want %q first", tt.command, tt.option, tt.typed, w.Data.Choices, tt.first)
		}
	}
}

// TestOddInteractions: input that does not fit the app gets a valid,
// private answer, never a panic.
func TestOddInteractions(t *testing.T) {
	b := testBot(t, Config{})
	odd := []*discordgo.Interaction{
		{Type: discordgo.InteractionApplicationCommand},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.MessageComponentInteractionData{CustomID: "x"}},
		{Type: discordgo.InteractionMessageComponent, Data: discordgo.ApplicationCommandInteractionData{Name: "who-said"}},
		{Type: discordgo.InteractionMessageComponent, Data: discordgo.MessageComponentInteractionData{CustomID: "x:next"}},
		{Type: discordgo.InteractionMessageComponent, Data: discordgo.MessageComponentInteractionData{CustomID: "e:99999999:x"}},
		{Type: discordgo.InteractionApplicationCommandAutocomplete, Data: discordgo.ApplicationCommandInteractionData{
			Name: "who-said", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil, {Name: "query", Focused: true, Value: 42.0}}}},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{
			Name: "who-said", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "query", Type: discordgo.ApplicationCommandOptionString, Value: true}}}},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{
			Name: CheckCommand, CommandType: discordgo.MessageApplicationCommand, TargetID: "1"}},
		{Type: discordgo.InteractionModalSubmit, Data: discordgo.ModalSubmitInteractionData{CustomID: "m"}},
		{Type: 99},
	}
	for _, i := range odd {
		w := decodeWire(t, mustJSON(b.Respond(context.Background(), i)))
		if p := limitProblems(w); len(p) > 0 {
			t.Errorf("interaction %+v: %v", i, p)
		}
		if w.Type == 4 && w.Data.Flags != int(discordgo.MessageFlagsEphemeral) && w.Data.Embeds == nil {
			t.Errorf("interaction %+v: notice is not private", i)
		}
	}
}

func TestStateRoundTrip(t *testing.T) {
	for _, s := range []state{
		{action: actPrivate, page: 1, part: 1, line: "/who-said Peskov"},
		{action: actPublic, page: 3, part: 0, line: "/claims false flag: yes"},
		{action: actPosted, page: 2, part: 2, poster: "80351110224678912", line: "/timeline"},
		{action: actPost, page: 1, part: 1, line: "/check Ukraine: did it?"},
	} {
		id, ok := s.encode()
		if !ok {
			t.Fatalf("%+v does not fit", s)
		}
		got, err := parseState(id)
		if err != nil || got != s {
			t.Errorf("parseState(%q) = %+v, %v; want %+v", id, got, err, s)
		}
	}
	if _, ok := (state{action: actPrivate, page: 1, part: 1, line: "/" + strings.Repeat("w", 100)}).encode(); ok {
		t.Errorf("a 100-character line fits a custom_id with its state")
	}
}

func TestParseStateRefuses(t *testing.T) {
	for _, id := range []string{
		"", "e", "e:", "e:1.1:", "e:1.1: ", "z:1.1:help", "e:0.1:help", "e:-1.1:help", "e:1.-1:help",
		"e:1:help", "e:a.1:help", "q:1.1:notanid:help", "q:1.1:help", "e:1000001.1:help", "x:next", "x:long",
	} {
		if s, err := parseState(id); err == nil {
			t.Errorf("parseState(%q) = %+v; want an error", id, s)
		}
	}
}

// TestAdminCommands: /kb runs for members who manage one of the
// operator's servers and is refused, privately, to others; a refusal from
// a button never replaces the message it was clicked on.
func TestAdminCommands(t *testing.T) {
	ctx := context.Background()
	b := testBot(t, Config{Public: true, AdminGuilds: []string{"1200000000000000001"}})
	kb := func(perms string) []byte {
		var i map[string]any
		json.Unmarshal(slashJSON("kb", map[string]string{"action": "status"}), &i)
		i["member"].(map[string]any)["permissions"] = perms
		return mustJSON(i)
	}
	w := respond(t, b, ctx, kb("0"))
	if w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(w.Data.Content, "Admins only") {
		t.Errorf("/kb status by a member: flags %d content %q; want a private refusal", w.Data.Flags, w.Data.Content)
	}
	if len(buttonIDs(w)) != 0 {
		t.Errorf("refusal has buttons %v", buttonIDs(w))
	}
	w = respond(t, b, ctx, kb(strconv.Itoa(discordgo.PermissionManageGuild)))
	if !strings.Contains(w.Data.Content, "Knowledge base status") {
		t.Errorf("/kb status by a server manager: content %q; want the status", w.Data.Content)
	}
	w = respond(t, b, ctx, buttonJSON("u:1.1:kb status"))
	if w.Type != 4 || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(w.Data.Content, "Admins only") {
		t.Errorf("button by a member: type %d flags %d content %q; want a new private refusal, not an update", w.Type, w.Data.Flags, w.Data.Content)
	}
}

// TestDetailsMenu: choosing an entry in the Details menu answers, over
// the signed HTTP endpoint, with a new message for the chooser alone
// (type 4, ephemeral) that leaves the answer as it was, showing the
// curator's full date note and every excerpt with its source. A
// reference that a reload removed, or one forged, says the entry is gone;
// a menu choice that is not one reference is refused.
func TestDetailsMenu(t *testing.T) {
	h, _ := testInteractions(t, Config{})
	base := testEngine(t).Base()
	details := func(values ...string) wire {
		t.Helper()
		status, body := post(t, h, selectJSON(detailsID, values...))
		if status != 200 {
			t.Fatalf("status %d for %q: %s", status, values, body)
		}
		w := decodeWire(t, body)
		checkWire(t, strings.Join(values, ","), w)
		if w.Type != 4 || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
			t.Errorf("%q: type %d flags %d; want a new ephemeral message (4, 64)", values, w.Type, w.Data.Flags)
		}
		return w
	}

	ev := base.Event("peskov-briefing")
	w := details("event/peskov-briefing")
	if len(w.Data.Embeds) != 1 {
		t.Fatalf("event details: %d embeds; want 1", len(w.Data.Embeds))
	}
	d := w.Data.Embeds[0].Description
	if !strings.Contains(d, Escape(ev.DateNote)) {
		t.Errorf("event details lack the full date note %q:\n%s", ev.DateNote, d)
	}
	for _, c := range ev.Citations {
		src := base.Source(c.Source)
		if !strings.Contains(d, "> "+Escape(c.Excerpt)+"\n— "+Escape(src.Title)) {
			t.Errorf("event details lack the excerpt %q followed by its source %q:\n%s", c.Excerpt, src.Title, d)
		}
	}
	// Only the entry's citation.
	if len(detailsRefs(w)) != 0 || len(buttonIDs(w)) != 0 || !slices.Equal(citeRefs(w), []string{"event/peskov-briefing"}) {
		t.Errorf("details offer further controls: %v %v %v", detailsRefs(w), citeRefs(w), buttonIDs(w))
	}

	q := base.Quote("peskov-washington")
	d = details("quote/peskov-washington").Data.Embeds[0].Description
	for _, want := range []string{"“" + Escape(q.Text) + "”", Escape(q.DateNote), Escape(q.Medium), Escape(q.Context), "> " + Escape(q.Citations[0].Excerpt)} {
		if !strings.Contains(d, want) {
			t.Errorf("quote details lack %q:\n%s", want, d)
		}
	}

	// Every entry an /ask answer offers opens.
	ask := respond(t, testBot(t, Config{}), context.Background(), slashJSON("ask", map[string]string{"question": "who carried out the attack?"}))
	refs := detailsRefs(ask)
	if len(refs) < 2 {
		t.Fatalf("/ask offers details of %q; want the lead and more", refs)
	}
	for _, ref := range refs {
		if w := details(ref); len(w.Data.Embeds) != 1 || !strings.Contains(w.Data.Embeds[0].Description, "\n— ") {
			t.Errorf("details of %s: %+v; want one embed with cited excerpts", ref, w.Data.Embeds)
		}
	}

	for _, ref := range []string{"quote/no-such-quote", "event/", "claim/../../etc", "source/doubts", "@everyone", "quote/peskov-washington\n"} {
		w := details(ref)
		if !strings.HasPrefix(w.Data.Content, "**No longer in the knowledge base**") || len(w.Data.Embeds) != 0 {
			t.Errorf("details of %q: content %q; want No longer in the knowledge base", ref, w.Data.Content)
		}
	}
	for _, values := range [][]string{nil, {""}, {"quote/peskov-washington", "quote/peskov-kyiv-told"}, {strings.Repeat("x", 101)}} {
		if w := details(values...); w.Data.Content != "That menu no longer works. Run the command again." {
			t.Errorf("menu values %q: content %q; want the menu refused", values, w.Data.Content)
		}
	}
}

// TestEveryDetailsWithinLimits opens the details of every entry of the
// default base from the Details menu: each answer must keep Discord's
// limits and conform to its schema, and show at least one excerpt.
func TestEveryDetailsWithinLimits(t *testing.T) {
	b := testBot(t, Config{})
	base := testEngine(t).Base()
	for _, ref := range bottest.Refs(base) {
		w := respond(t, b, context.Background(), selectJSON(detailsID, ref))
		checkWire(t, ref, w)
		if len(w.Data.Embeds) != 1 || !strings.Contains(w.Data.Embeds[0].Description, "\n> ") {
			t.Errorf("details of %s show no excerpt: %+v", ref, w.Data)
		}
	}
}
