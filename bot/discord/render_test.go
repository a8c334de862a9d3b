package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/echo"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/internal/bottest"
	"github.com/incidentbot/incidentbot/internal/platform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the JSON sent to Discord for each command, answered
// from the fixture base (bottest.Fixture) through the real HTTP handler.
// Run with -update after changing the renderer or the fixture, and read
// the diff.
func TestGolden(t *testing.T) {
	h := fixtureInteractions(t)
	tests := []struct {
		name string
		body []byte
	}{
		{"timeline", slashJSON("timeline", nil)},
		{"who-said", slashJSON("who-said", map[string]string{"query": "Peskov"})},
		{"ask", slashJSON("ask", map[string]string{"question": "who carried out the attack?"})},
		{"claims", slashJSON("claims", nil)},
		{"sources", slashJSON("sources", nil)},
		{"help", slashJSON("help", nil)},
		{"not-found", slashJSON("who-said", map[string]string{"query": "zebra crossing"})},
		{"unknown", slashJSON("frobnicate", nil)},
		{"check", messageCommandJSON("The US was behind the drone attack on the Kremlin, Peskov says")},
		{"autocomplete", autocompleteJSON("pes")},
		// A list longer than a page: its first page, then Next.
		{"quotes-matching", slashJSON("who-said", map[string]string{"query": "attack"})},
		{"next", buttonJSON("e:2.1:who-said attack")},
		{"post", buttonJSON("s:1.1:who-said Peskov")},
		// The Details menu: an entry in full, for the reader alone.
		{"details-event", selectJSON(detailsID, "event/peskov-briefing")},
		{"details-quote", selectJSON(detailsID, "quote/peskov-washington")},
		{"details-claim", selectJSON(detailsID, "claim/us-involvement")},
		{"details-gone", selectJSON(detailsID, "quote/no-such-quote")},
		// The menu's Cite options and /cite: a citation to copy.
		{"cite-quote", selectJSON(detailsID, citePrefix+"quote/peskov-washington")},
		{"cite-event", selectJSON(detailsID, citePrefix+"event/peskov-briefing")},
		{"cite-claim", selectJSON(detailsID, citePrefix+"claim/us-involvement")},
		{"cite-command", slashJSON("cite", map[string]string{"entry": "quote/kirby-no-involvement"})},
		// Not helpful under /ask: thanks, for the clicker alone; a
		// forged lead is refused, saying nothing was recorded.
		{"vote", buttonJSON(voteID + "-quote/us-officials-ukrainian-unit who carried out the attack?")},
		{"vote-forged", buttonJSON(voteID + "-quote/no-such-quote who carried out the attack?")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, h, tt.body)
			if status != 200 {
				t.Fatalf("status = %d; want 200\n%s", status, body)
			}
			if p := limitProblems(decodeWire(t, body)); len(p) > 0 {
				t.Errorf("response breaks Discord's rules: %v", p)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, body, "", "  "); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, got.Bytes())
		})
	}
}

// fixtureInteractions is the HTTP handler over the fixture base, which
// the golden files are made from.
func fixtureInteractions(t *testing.T) http.Handler {
	t.Helper()
	b, err := New(quietLog(), bottest.Fixture(t), Config{PublicKey: testKey.Public().(ed25519.PublicKey), Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b.Routes()["POST /discord/interactions"]
}

// checkGolden compares a response with testdata/NAME.json, or with
// -update rewrites the file.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("response for %s differs from %s (go test -update rewrites it):\n%s", name, path, got)
	}
}

// TestEveryPageWithinLimits walks every command's answer on the default
// base (bottest.Lines) from the first part to the last with Next and back
// with Previous, and posts each part, in both reply modes, checking each
// message against Discord's limits.
func TestEveryPageWithinLimits(t *testing.T) {
	ctx := context.Background()
	lines := bottest.Lines(testEngine(t))
	for _, public := range []bool{false, true} {
		b := testBot(t, Config{Public: public})
		for _, line := range lines {
			name, arg, _ := strings.Cut(strings.TrimPrefix(line, "/"), " ")
			opts := map[string]string{}
			for _, c := range bot.Commands() {
				if c.Name == name && arg != "" {
					opts[c.Option.Name] = arg
				}
			}
			body := slashJSON(name, opts)
			if name == "check" {
				body = messageCommandJSON(arg)
			}
			w := respond(t, b, ctx, body)
			seen := 1
			checkWire(t, line, w)
			for range 200 {
				if id, ok := buttonIDs(w)["Post to channel"]; ok {
					checkWire(t, line+" posted", respond(t, b, ctx, buttonJSON(id)))
				}
				id, ok := buttonIDs(w)["Next"]
				if !ok {
					break
				}
				w = respond(t, b, ctx, buttonJSON(id))
				if w.Type != 7 {
					t.Errorf("%s: Next answered with type %d; want 7 (update message)", line, w.Type)
				}
				checkWire(t, line, w)
				seen++
			}
			back := 1
			for range 200 {
				id, ok := buttonIDs(w)["Previous"]
				if !ok {
					break
				}
				w = respond(t, b, ctx, buttonJSON(id))
				checkWire(t, line, w)
				back++
			}
			if back != seen {
				t.Errorf("%s: %d parts going forward but %d going back", line, seen, back)
			}
		}
	}
}

func respond(t *testing.T, b *Bot, ctx context.Context, body []byte) wire {
	t.Helper()
	out, err := json.Marshal(b.Respond(ctx, interaction(t, body)))
	if err != nil {
		t.Fatal(err)
	}
	w := decodeWire(t, out)
	conforms(t, w.Type, out)
	return w
}

func checkWire(t *testing.T, what string, w wire) {
	t.Helper()
	if p := limitProblems(w); len(p) > 0 {
		t.Errorf("%s: %v", what, p)
	}
}

// TestHostileQuery sends queries built to ping everyone and break the
// markup; the replies must mention nobody and show the text as typed.
func TestHostileQuery(t *testing.T) {
	h, _ := testInteractions(t, Config{})
	long := strings.Repeat("@everyone ", 500) // 5,000 characters
	mixed := strings.Repeat("@everyone @here <@&123> <@456> **bold** `code` ||spoiler|| [x](https://evil.example) # ", 50)[:3900]
	for _, query := range []string{long, mixed, "@everyone", "@HERE"} {
		for _, body := range [][]byte{
			slashJSON("who-said", map[string]string{"query": query}),
			slashJSON("ask", map[string]string{"question": query}),
			slashJSON("timeline", map[string]string{"filter": query}),
			messageCommandJSON(query),
		} {
			status, raw := post(t, h, body)
			if status != 200 {
				t.Fatalf("status = %d; want 200", status)
			}
			w := decodeWire(t, raw)
			if p := limitProblems(w); len(p) > 0 {
				t.Errorf("query of %d characters: %v", len(query), p)
			}
			text := w.Data.Content + strings.Join(embedTexts(w.Data.Embeds), "")
			for _, bad := range []string{"<@&123>", "<@456>", "**bold**", "`code`", "||spoiler||", "[x](https://evil.example)"} {
				if strings.Contains(text, bad) {
					t.Errorf("reply contains %q unescaped:\n%s", bad, w.Data.Content)
				}
			}
		}
	}
	// The echoed query is there, escaped, not dropped.
	_, raw := post(t, h, slashJSON("who-said", map[string]string{"query": "@everyone zebra"}))
	if w := decodeWire(t, raw); !strings.Contains(w.Data.Content, "@\u200beveryone zebra") {
		t.Errorf("content = %q; want the query with @\u200b", w.Data.Content)
	}
}

// TestLongExcerptShortened: an item too large for a message keeps every
// word it shows intact and says that the excerpt was shortened.
func TestLongExcerptShortened(t *testing.T) {
	excerpt := strings.Repeat("Verbatim words from the source article, ", 200) // 8,200 characters
	a := bot.Answer{Command: "details", Title: "Details", Page: 1, Pages: 1, Total: 1, First: 1, Items: []bot.Item{{
		Kind: bot.KindQuote, Ref: "quote/someone", Heading: "Someone", Words: bot.Words{Text: "Short words.", Mark: bot.MarkExact},
		Excerpts: []bot.Excerpt{{Source: "An article", Text: excerpt}},
	}}}
	data := render(a, "/who-said someone", 1, actPrivate, "")
	w := decodeWire(t, mustJSON(discordgo.InteractionResponse{Type: 4, Data: data}))
	if p := limitProblems(w); len(p) > 0 {
		t.Fatalf("%v", p)
	}
	d := w.Data.Embeds[0].Description
	if !strings.Contains(d, "(excerpt shortened; see source)") {
		t.Errorf("description does not say the excerpt was shortened:\n%s", d)
	}
	if !strings.Contains(d, "\n— An article") {
		t.Errorf("the shortened excerpt lost its source:\n%s", d)
	}
	_, quoted, ok := strings.Cut(d, "\n> ")
	if !ok {
		t.Fatalf("no block quote in:\n%s", d)
	}
	quoted, _, _ = strings.Cut(quoted, "\n")
	shown := strings.TrimSuffix(quoted, "…")
	if shown == quoted || !strings.HasPrefix(excerpt, shown) || excerpt[len(shown)] != ' ' {
		t.Errorf("excerpt not cut at a word boundary with …: ends %q", quoted[max(0, len(quoted)-40):])
	}
	if !strings.Contains(d, "“Short words.”") {
		t.Errorf("the quote itself was altered:\n%s", d)
	}
}

// TestOversizedPageSplits: a page whose items do not fit one message is
// shown in parts, every item whole, with Next and Previous between them.
func TestOversizedPageSplits(t *testing.T) {
	var items []bot.Item
	for i := range bot.PageSize {
		items = append(items, bot.Item{
			Kind: bot.KindEvent, Heading: "Event " + string(rune('A'+i)), Words: bot.Words{Text: strings.Repeat("word ", 500)},
			Excerpts: []bot.Excerpt{{Source: "Source", Text: "an excerpt"}},
		})
	}
	a := bot.Answer{Command: "timeline", Title: "Timeline", Page: 1, Pages: 2, Total: 7, First: 1, Items: items}
	var titles []string
	which := 1
	for range 10 {
		data := render(a, "/timeline", which, actPublic, "")
		w := decodeWire(t, mustJSON(discordgo.InteractionResponse{Type: 4, Data: data}))
		if p := limitProblems(w); len(p) > 0 {
			t.Fatalf("part %d: %v", which, p)
		}
		for _, e := range w.Data.Embeds {
			titles = append(titles, e.Title)
			if strings.Contains(e.Description, "shortened") {
				t.Errorf("%s was shortened though it fits a message alone", e.Title)
			}
		}
		next := buttonIDs(w)["Next"]
		st, err := parseState(next)
		if err != nil {
			t.Fatalf("Next custom_id %q: %v", next, err)
		}
		if st.page != 1 {
			if st.page != 2 || st.part != 1 {
				t.Errorf("Next after the last part = page %d part %d; want page 2 part 1", st.page, st.part)
			}
			break
		}
		which = st.part
	}
	if len(titles) != bot.PageSize || titles[0] != "1. Event A" || titles[4] != "5. Event E" {
		t.Errorf("parts showed %q; want the 5 items in order, each once", titles)
	}
}

// TestQueryTooLongForButtons: a line that cannot fit a custom_id gets one
// disabled button that says so, never a broken or truncated state; the
// Details menu, which carries only the entry's reference, still works.
func TestQueryTooLongForButtons(t *testing.T) {
	line := "/who-said " + strings.Repeat("x", 95)
	a := bot.Answer{Command: "who-said", Title: "Quotes", Page: 1, Pages: 3, Total: 12, First: 1,
		Items: []bot.Item{{Kind: bot.KindQuote, Ref: "quote/q1", Words: bot.Words{Text: "t", Mark: bot.MarkExact}, Meta: "S"}}}
	for _, tt := range []struct {
		shown byte
		label string
	}{
		{actPrivate, "Query too long to page or post"},
		{actPublic, "Query too long to page"},
	} {
		data := render(a, line, 1, tt.shown, "")
		w := decodeWire(t, mustJSON(discordgo.InteractionResponse{Type: 4, Data: data}))
		if p := limitProblems(w); len(p) > 0 {
			t.Fatalf("%v", p)
		}
		if len(w.Data.Components) != 2 || len(w.Data.Components[0].Components) != 1 {
			t.Fatalf("components = %+v; want one button, then the Details menu", w.Data.Components)
		}
		b := w.Data.Components[0].Components[0]
		if b.Label != tt.label || !b.Disabled {
			t.Errorf("button = %q disabled=%v; want %q disabled", b.Label, b.Disabled, tt.label)
		}
		if got, cites := detailsRefs(w), citeRefs(w); !slices.Equal(got, []string{"quote/q1"}) || !slices.Equal(cites, got) {
			t.Errorf("Details menu offers %q and cites %q; want [quote/q1] for both", got, cites)
		}
	}
}

// TestRenderedItems: a direct quote is in quotation marks, a paraphrase
// marked, the meta line is the footer, and the details show the notes and
// each excerpt with its source, linked when a URL is known, and its
// archived copy. Only items
// whose details are not shown yet are offered in the Details menu.
func TestRenderedItems(t *testing.T) {
	a := bot.Answer{Title: "Quotes", Page: 1, Pages: 1, Total: 3, First: 1, Items: []bot.Item{
		{Kind: bot.KindQuote, Ref: "quote/ann", Heading: "Ann, spokeswoman", Words: bot.Words{Text: "We did it.", Mark: bot.MarkExact},
			Notes: []bot.Note{{Label: "Date", Text: "3 May 2023"}, {Label: "Through", Text: "TASS"}},
			Excerpts: []bot.Excerpt{{Text: "“We did it,” she said.", Source: "Report · Paper · May 2023", URL: "https://example.org/r",
				Archived: "https://web.archive.org/web/20230504120000/https://example.org/r"}}},
		{Kind: bot.KindQuote, Ref: "quote/bob", Words: bot.Words{Text: "they did it", Mark: bot.MarkParaphrase}, Meta: "Bob · 4 May 2023 · Notes"},
		{Kind: bot.KindClaim, Ref: "claim/c", Heading: "They did it.", Status: "disputed",
			Lines: []bot.Words{{Who: "Ann asserts", Text: "We did it.", Mark: bot.MarkExact}, {Who: "US officials doubt"}}},
	}}
	data := render(a, "/who-said x", 1, actPublic, "")
	want := []struct{ title, url, description, footer string }{
		{"1. Ann, spokeswoman", "https://example.org/r",
			"“We did it.”\n**Date:** 3 May 2023\n**Through:** TASS\n\n> “We did it,” she said.\n— [Report · Paper · May 2023](https://example.org/r) · [archived copy](https://web.archive.org/web/20230504120000/https://example.org/r)", ""},
		{"", "", "**2.** *(paraphrase)* they did it", "Bob · 4 May 2023 · Notes"},
		{"3. They did it.", "", "Status: **disputed**\n• **Ann asserts:** “We did it.”\n• **US officials doubt**.", ""},
	}
	if len(data.Embeds) != len(want) {
		t.Fatalf("%d embeds; want %d", len(data.Embeds), len(want))
	}
	for i, e := range data.Embeds {
		footer := ""
		if e.Footer != nil {
			footer = e.Footer.Text
		}
		if e.Title != want[i].title || e.URL != want[i].url || e.Description != want[i].description || footer != want[i].footer {
			t.Errorf("embed %d = title %q url %q footer %q description\n%s\nwant title %q url %q footer %q description\n%s",
				i, e.Title, e.URL, footer, e.Description, want[i].title, want[i].url, want[i].footer, want[i].description)
		}
	}
	w := decodeWire(t, mustJSON(discordgo.InteractionResponse{Type: 4, Data: data}))
	if got := detailsRefs(w); !slices.Equal(got, []string{"quote/bob", "claim/c"}) {
		t.Errorf("Details menu offers %q; want the two items without details shown", got)
	}
	// Every entry may be cited, its details shown or not.
	if got := citeRefs(w); !slices.Equal(got, []string{"quote/ann", "quote/bob", "claim/c"}) {
		t.Errorf("Details menu cites %q; want every entry", got)
	}
	// The menu names a paraphrase as one, like the embed.
	if menu := w.Data.Components[len(w.Data.Components)-1].Components[0]; len(menu.Options) == 0 || menu.Options[0].Label != "2. (paraphrase) they did it" {
		t.Errorf("Details menu options %+v; want the first labelled %q", menu.Options, "2. (paraphrase) they did it")
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"**bold** _it_ ~~s~~ `c` ||sp|| > q # h [l](u)", `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\| \> q \# h \[l\](u)`},
		{"@everyone and @here", "@\u200beveryone and @\u200bhere"},
		{"@EveryOne", "@\u200bEveryOne"},
		{"mail@example.org", "mail@example.org"},
		{"<@123> <@&4> <#5> <t:1:R> <a:x:1> </cmd:1>", `\<@123\> \<@&4\> \<\#5\> \<t:1:R\> \<a:x:1\> \</cmd:1\>`},
		{"<person or words>", `<person or words\>`},
		{"- item\n-# small\n a-b", "\\- item\n\\-\\# small\n a-b"},
		{`back\slash`, `back\\slash`},
		{"“Kyiv only does what it is told to do.”", "“Kyiv only does what it is told to do.”"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutWords(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
		cut  bool
	}{
		{"short", 10, "short", false},
		{"one two three four", 10, "one two…", true},
		{"one two three four", 8, "one two…", true},
		{"one two three four", 7, "one…", true},
		{"abcdefghij", 5, "abcd…", true},
		{"Жёлтый дом стоит", 9, "Жёлтый…", true},
	}
	for _, tt := range tests {
		got, cut := cutWords(tt.in, tt.n)
		if got != tt.want || cut != tt.cut {
			t.Errorf("cutWords(%q, %d) = %q, %v; want %q, %v", tt.in, tt.n, got, cut, tt.want, tt.cut)
		}
		if utf8.RuneCountInString(got) > max(tt.n, 1) {
			t.Errorf("cutWords(%q, %d) = %q is longer than %d", tt.in, tt.n, got, tt.n)
		}
	}
}

// FuzzEscape: escaped text never pings, and removing the escapes gives the
// text back (less invisible formatting characters, which Escape drops), so
// escaping never changes what the user reads.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "@everyone", "**x**", "<@1>", "- a\n- b", `\`, "@@here", "a\u200bb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := needsEscape(s), needsEscapeByteByByte(s); got != want {
			t.Fatalf("needsEscape(%q) = %v; byte by byte %v", s, got, want)
		}
		e := Escape(s)
		if pings(e) {
			t.Fatalf("Escape(%q) = %q still pings", s, e)
		}
		// A zero-width space after @ is Escape's; one already in the
		// input reads the same, so compare without them.
		norm := func(s string) string { return strings.ReplaceAll(s, "@\u200b", "@") }
		if got := unescape(e); norm(got) != norm(echo.Visible(s)) { // invisible characters are dropped
			t.Fatalf("unescape(Escape(%q)) = %q", s, got)
		}
	})
}

// needsEscapeByteByByte is needsEscape as it was written before it kept
// line starts apart: the reference FuzzEscape holds it to.
func needsEscapeByteByByte(s string) bool {
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if markup[c] || c == '@' || c == '<' || (lineStart && (c == '-' || c == '+')) {
			return true
		}
		lineStart = c == '\n' || (lineStart && (c == ' ' || c == '\t'))
	}
	return false
}

// unescape undoes Escape as Discord's renderer would.
func unescape(s string) string {
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

// TestCutLinesKeepsPositionsWhole checks that shortening a claim's
// details drops whole excerpts, so no position's excerpt is left without
// its source.
func TestCutLinesKeepsPositionsWhole(t *testing.T) {
	it := bot.Item{Kind: bot.KindClaim, Ref: "claim/c", Heading: "A claim", Status: "disputed"}
	for _, who := range []string{"A", "B", "C"} {
		it.Lines = append(it.Lines, bot.Words{Who: who + " asserts", Text: strings.Repeat("word ", 40), Mark: bot.MarkExact})
		it.Excerpts = append(it.Excerpts, bot.Excerpt{About: who + " asserts", Text: strings.Repeat("excerpt ", 40), Source: "An article"})
	}
	md := itemEmbed(i18n.LocaleEN, 1, it, noCap, false).Description
	got := cutLines(i18n.LocaleEN, md, platform.UTF16Len(md)-10)
	if !strings.Contains(got, "\n*B asserts:*\n") || strings.Contains(got, "\n*C asserts:*\n") {
		t.Fatalf("cutLines kept the wrong excerpts:\n%s", got)
	}
	if !strings.Contains(got, "shortened to fit Discord’s limits") {
		t.Errorf("cut without saying so:\n%s", got)
	}
	for _, p := range strings.Split(got, "\n\n") {
		if strings.Contains(p, "\n> excerpt") && !strings.Contains(p, "— An article") {
			t.Errorf("an excerpt lost its source:\n%s", p)
		}
	}
}

// TestCitationCopiesAsShown: a citation is plain text whose markdown is
// escaped, so that it shows (and copies) as written, while its links are
// left whole for Discord to link.
func TestCitationCopiesAsShown(t *testing.T) {
	const archive = "https://web.archive.org/web/20230504120000id_/https://example.org/a_b*c"
	it := bot.Item{Kind: bot.KindQuote, Words: bot.Words{Text: "Ann *said*: “@everyone _now_”\n\nSource: A_B · https://example.org/a_b\nArchived copy: " + archive, Mark: bot.MarkCopy}}
	data := render(bot.Answer{Title: "Citation", Lead: &it, Private: true, Page: 1, Pages: 1, First: 1}, "", 1, actPrivate, "")
	want := "Ann \\*said\\*: “@\u200beveryone \\_now\\_”\n\nSource: A\\_B · https://example.org/a_b\nArchived copy: " + archive
	if len(data.Embeds) != 1 || data.Embeds[0].Description != want {
		t.Errorf("embeds %+v; want one with the description\n%s", data.Embeds, want)
	}
}

// FuzzFitPlain: fitPlain's one pass cuts as trying every cut of cutWords
// for the most runes that fit does, and what it returns fits.
func FuzzFitPlain(f *testing.F) {
	f.Add("The spokesman said the drones were launched from the north", 20)
	f.Add("  two  spaces  and  a  verylongwordthatdoesnotfit", 12)
	f.Add("Дмитрий Песков сказал журналистам", 10)
	f.Add("😀😀😀 emoji take two units", 5)
	f.Add("\xff\xfe invalid bytes", 4)
	f.Add("x", 0)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%300 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		got := fitPlain(s, limit)
		want := s
		if platform.UTF16Len(s) > limit {
			n := largest(1, utf8.RuneCountInString(s), func(n int) bool {
				cut, _ := cutWords(s, n)
				return platform.UTF16Len(cut) <= limit
			})
			want, _ = cutWords(s, max(n, 1))
			if platform.UTF16Len(want) > limit {
				// Not even the first rune fits (an emoji takes two
				// units): the mark alone.
				want = "…"
			}
		}
		if got != want {
			t.Fatalf("fitPlain(%q, %d) = %q, want %q", s, limit, got, want)
		}
		if platform.UTF16Len(got) > limit {
			t.Fatalf("fitPlain(%q, %d) = %q: %d units", s, limit, got, platform.UTF16Len(got))
		}
	})
}

// TestASCIISpace: plainCut's table of ASCII spaces is unicode.IsSpace's.
func TestASCIISpace(t *testing.T) {
	for c := range rune(utf8.RuneSelf) {
		if asciiSpace[c] != unicode.IsSpace(c) {
			t.Errorf("asciiSpace[%q] = %v; unicode.IsSpace says %v", c, asciiSpace[c], unicode.IsSpace(c))
		}
	}
}
