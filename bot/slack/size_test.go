package slack

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
)

// TestSizeBound checks that sizeBound never under-estimates: a message it
// lets through unmeasured must really fit. It renders every page of every
// command on the default base and compares the bound with the encoding.
func TestSizeBound(t *testing.T) {
	e := testEngine(t)
	below := 0
	for _, line := range []string{"/timeline", "/who-said Peskov", "/who-said Kirby", "/claims", "/sources", "/ask who carried out the attack", "/help", "/who-said Zelensky"} {
		first := e.Ask(context.Background(), bot.Request{Line: line})
		for p := 1; p <= first.Pages; p++ {
			a := e.Ask(context.Background(), bot.Request{Line: line, Page: p})
			msg := render(a, state{Line: line, Page: p})
			raw, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			if bound := sizeBound(msg); bound < len(raw) {
				t.Errorf("%s page %d: sizeBound %d < encoded %d", line, p, bound, len(raw))
			} else if bound <= maxMessageBytes {
				below++
			}
		}
	}
	if below == 0 {
		t.Error("no page was under the bound: the shortcut never applies")
	}
}

// TestPositionsStayWithTheirSources checks that a claim whose details
// fill several sections never leaves a position's excerpt in one section
// and its source in the next, where a cut could drop it.
func TestPositionsStayWithTheirSources(t *testing.T) {
	words := strings.Repeat("Word ", 150)
	it := bot.Item{Kind: bot.KindClaim, Ref: "claim/c", Heading: "A claim", Status: "disputed"}
	for i := range 6 {
		who := "Actor" + strconv.Itoa(i) + " asserts"
		it.Lines = append(it.Lines, bot.Words{Who: who, Text: words, Mark: bot.MarkExact})
		it.Excerpts = append(it.Excerpts, bot.Excerpt{About: who, Text: words, Source: "Source " + strconv.Itoa(i)})
	}
	blocks := itemBlocks(i18n.LocaleEN, it, 1, false)
	sections := 0
	for _, b := range blocks {
		sec, ok := b.(*slackapi.SectionBlock)
		if !ok {
			continue
		}
		sections++
		text := sec.Text.Text
		for i := range 6 {
			about := "_Actor" + strconv.Itoa(i) + " asserts:_"
			if strings.Contains(text, about) != strings.Contains(text, "Source "+strconv.Itoa(i)) {
				t.Errorf("excerpt %d is split from its source across sections:\n%s", i, text)
			}
		}
	}
	if sections < 2 {
		t.Fatalf("the claim fits one section (%d); the test needs it split", sections)
	}
}
