package discord

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/knowledge"
)

// voteEngine is an engine over the default base that records gaps in
// path and counts the test user (the one the interactions name) as an
// admin, so that it may run /kb gaps; perMinute limits its commands
// (0: no limit).
func voteEngine(t *testing.T, path string, perMinute int) (*bot.Engine, *gaps.Log) {
	t.Helper()
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return bot.New(nil, base, bot.Config{Gaps: g, Admins: []string{"1400000000000000001"}, RatePerMinute: perMinute}), g
}

// TestVoteOverGateway presses Not helpful under an /ask answer through a
// real discordgo Session: the clicker alone is thanked, the answer stays
// as it was, and /kb gaps lists the question with the entry the answer
// led with. The same button works on a bot started afresh, which never
// saw the answer: its state is all in the custom_id.
func TestVoteOverGateway(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	engine, log := voteEngine(t, path, 0)
	c, stop := runGateway(t, f, engine, nil, quietLog())

	answer := f.answer(t, c, slashJSON("ask", map[string]string{"question": "who carried out the attack?"}), "2400000000000000001")
	checkWire(t, "/ask", answer)
	ids := buttonIDs(answer)
	down, up := ids["Not helpful"], ids["Helpful"]
	if !strings.HasPrefix(down, voteID+"-quote/") || !strings.HasPrefix(up, voteID+"+quote/") || !strings.HasSuffix(down, " who carried out the attack?") {
		t.Fatalf("/ask buttons %q; want Helpful and Not helpful carrying the lead and the question", ids)
	}
	for _, row := range answer.Data.Components {
		for _, b := range row.Components {
			if (b.Label == "Helpful" || b.Label == "Not helpful") && b.Style != int(discordgo.SecondaryButton) {
				t.Errorf("%s has style %d; want grey (2), which shows no choice", b.Label, b.Style)
			}
		}
	}
	lead := strings.TrimPrefix(strings.Fields(down)[0], voteID+"-")

	thanks := f.answer(t, c, buttonJSON(down), "2400000000000000002")
	checkWire(t, "Not helpful", thanks)
	if thanks.Type != 4 || thanks.Data.Flags != int(discordgo.MessageFlagsEphemeral) || thanks.Data.Content != "**Thanks — noted.**" || len(thanks.Data.Components) != 0 {
		t.Errorf("Not helpful: type %d flags %d content %q; want a new ephemeral thank-you, the answer left alone", thanks.Type, thanks.Data.Flags, thanks.Data.Content)
	}
	gapsShow := func(c *fakeConn, id, want string) {
		t.Helper()
		w := f.answer(t, c, slashJSON("kb", map[string]string{"action": "gaps"}), id)
		checkWire(t, "/kb gaps", w)
		text := w.Data.Content + "\n" + strings.Join(embedTexts(w.Data.Embeds), "\n")
		if !strings.Contains(text, want) {
			t.Errorf("/kb gaps lacks %q:\n%s", want, text)
		}
	}
	gapsShow(c, "2400000000000000003", "not helpful ×1 — led with "+lead)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log.Close()

	// A restart, or another replica: a new engine over the same gaps
	// file and a new Session.
	engine, _ = voteEngine(t, path, 0)
	c, _ = runGateway(t, f, engine, nil, quietLog())
	again := f.answer(t, c, buttonJSON(down), "2400000000000000004")
	if again.Type != 4 || again.Data.Content != "**Thanks — noted.**" {
		t.Errorf("Not helpful after a restart: type %d content %q", again.Type, again.Data.Content)
	}
	f.answer(t, c, buttonJSON(up), "2400000000000000005")
	gapsShow(c, "2400000000000000006", "not helpful ×2, helpful ×1 — led with "+lead)
}

// TestVoteRefusals: a forged or garbled state, or a flood of clicks, gets
// a message for the clicker alone, saying why, and is not counted.
func TestVoteRefusals(t *testing.T) {
	engine, log := voteEngine(t, "", 1)
	b, err := New(quietLog(), engine, Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for i, tt := range []struct{ id, want string }{
		{voteID, "That button no longer works."},
		{voteID + "garbage", "That button does not work"},
		{voteID + "+quote/no-such-quote who carried out the attack?", "Not recorded"},
		{voteID + "-quote/a/b who?", "That button does not work"},
	} {
		// Each from a user of their own, under the rate limit.
		w := respond(t, b, ctx, clickBy(tt.id, fmt.Sprintf("15000000000000000%02d", i)))
		if w.Type != 4 || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(w.Data.Content, tt.want) {
			t.Errorf("custom_id %q: type %d flags %d %q; want an ephemeral %q", tt.id, w.Type, w.Data.Flags, w.Data.Content, tt.want)
		}
	}
	if top := log.Top(10); len(top) != 0 {
		t.Errorf("refused votes were recorded: %+v", top)
	}
	down := voteID + "-quote/us-officials-ukrainian-unit who carried out the attack?"
	for i := range 5 {
		w := respond(t, b, ctx, buttonJSON(down))
		want := "Slow down"
		if i == 0 {
			want = "Thanks — noted."
		}
		if w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(w.Data.Content, want) {
			t.Errorf("click %d of a flood: %q; want an ephemeral %q", i+1, w.Data.Content, want)
		}
	}
	if top := log.Top(10); len(top) != 1 || top[0].Count != 1 {
		t.Errorf("after a flood, the gaps hold %+v; want the one vote within the limit", top)
	}
}

// clickBy is a button click as Discord sends it, by user.
func clickBy(customID, user string) []byte {
	var i map[string]any
	json.Unmarshal(buttonJSON(customID), &i)
	i["member"] = map[string]any{"user": map[string]any{"id": user, "username": "bob"}}
	return mustJSON(i)
}
