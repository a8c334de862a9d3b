package discord

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
)

// TestCiteOverGateway: through the real discordgo session against the
// fake gateway, each kind of entry's Cite option in the Details menu, and
// /cite, answer privately with the citation as plain text, the answer
// left as it was; a stale reference is refused.
func TestCiteOverGateway(t *testing.T) {
	f := newFakeDiscord(t)
	useFake(t, f)
	gw, err := New(quietLog(), testEngine(t), Config{Token: "test-token", AppID: "1000000000000000001", GuildID: "1200000000000000001", ShardCount: 1, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
	})
	c := within(t, f.conns, "a gateway connection")
	within(t, c.opened, "IDENTIFY")
	within(t, f.commands, "the command registration")

	e := testEngine(t)
	n := 0
	answer := func(body []byte) wire {
		n++
		return f.answer(t, c, body, strconv.Itoa(2000000000000000000+n))
	}
	citation := func(ref string) string {
		a := e.Ask(context.Background(), bot.Request{Platform: "discord", Line: "/cite " + ref})
		return Escape(a.Lead.Words.Text)
	}
	private := func(what string, w wire, want string) {
		t.Helper()
		checkWire(t, what, w)
		if w.Type != 4 || w.Data.Flags != int(discordgo.MessageFlagsEphemeral) || len(w.Data.Embeds) != 1 ||
			w.Data.Embeds[0].Description != want || !strings.HasPrefix(w.Data.Content, "**Citation**") || len(w.Data.Components) != 0 {
			t.Errorf("%s: type %d flags %d content %q embeds %+v components %d; want a private citation, as plain text:\n%s",
				what, w.Type, w.Data.Flags, w.Data.Content, w.Data.Embeds, len(w.Data.Components), want)
		}
	}
	for _, tt := range []struct {
		name string
		opts map[string]string
		kind string
	}{
		{"who-said", map[string]string{"query": "Kirby"}, "quote/"},
		{"timeline", nil, "event/"},
		{"claims", nil, "claim/"},
	} {
		w := answer(slashJSON(tt.name, tt.opts))
		cites := citeRefs(w)
		if len(cites) == 0 || !strings.HasPrefix(cites[0], tt.kind) {
			t.Fatalf("/%s: the menu cites %q; want its entries", tt.name, cites)
		}
		ref := cites[0]
		private("menu "+ref, answer(selectJSON(detailsID, citePrefix+ref)), citation(ref))
		private("/cite "+ref, answer(slashJSON("cite", map[string]string{"entry": ref})), citation(ref))
	}
	gone := answer(selectJSON(detailsID, citePrefix+"quote/no-such-quote"))
	if gone.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(gone.Data.Content, "Nothing in the knowledge base to cite") {
		t.Errorf("a stale Cite option: flags %d content %q; want a private refusal", gone.Data.Flags, gone.Data.Content)
	}
}

// TestCiteAfterRestart: a Cite option made by one process is answered by
// another (a restart, another replica), from its value alone.
func TestCiteAfterRestart(t *testing.T) {
	first, _ := testInteractions(t, Config{})
	_, body := post(t, first, slashJSON("timeline", nil))
	cites := citeRefs(decodeWire(t, body))
	if len(cites) == 0 {
		t.Fatal("/timeline offers nothing to cite")
	}
	second, _ := testInteractions(t, Config{})
	status, body := post(t, second, selectJSON(detailsID, citePrefix+cites[0]))
	w := decodeWire(t, body)
	ev := testEngine(t).Base().Event(strings.TrimPrefix(cites[0], "event/"))
	if status != 200 || len(w.Data.Embeds) != 1 || !strings.Contains(w.Data.Embeds[0].Description, Escape(ev.Title)+", according to ") {
		t.Errorf("the other process's citation of %s: %d %+v", cites[0], status, w.Data)
	}
}
