package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/metrics"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/knowledge"
)

// threeIncidents are the default base and two of rank's tuning bases,
// rendered from the corpus: ids kremlin-drone-attack-2023,
// impeachment-hearings-2019 and kostiantynivka-market-strike.
func threeIncidents(t *testing.T) []*knowledge.Base {
	t.Helper()
	def, err := knowledge.Load(knowledge.DefaultName, knowledge.DefaultData())
	if err != nil {
		t.Fatal(err)
	}
	out := []*knowledge.Base{def}
	for _, name := range []string{"hearings", "market"} {
		b, err := knowledge.Load(name+".yaml", corpus.RenderFile(t, "rank/testdata/"+name+".yaml.tmpl"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

const (
	kremlin  = "kremlin-drone-attack-2023"
	hearings = "impeachment-hearings-2019"
	market   = "kostiantynivka-market-strike"
)

func folderEngine(t *testing.T, cfg Config) *Engine {
	t.Helper()
	cfg.Folder = true
	for _, b := range threeIncidents(t) {
		cfg.Incidents = append(cfg.Incidents, Incident{Base: b})
	}
	return New(nil, nil, cfg)
}

// TestResolve: where no incident is named, the most specific place
// mapped wins, else the only incident, else the default; else none.
func TestResolve(t *testing.T) {
	e := folderEngine(t, Config{Channels: map[string]string{"C1": hearings, "G1": market}, DefaultIncident: kremlin})
	for _, tt := range []struct {
		places []string
		want   string
	}{
		{[]string{"C1", "G1"}, hearings},
		{[]string{"C2", "G1"}, market},
		{[]string{"", "G1"}, market},
		{[]string{"C2", "G2"}, kremlin},
		{nil, kremlin},
	} {
		if got := e.Resolve(tt.places); got != tt.want {
			t.Errorf("Resolve(%q) = %q; want %q", tt.places, got, tt.want)
		}
	}
	if got := folderEngine(t, Config{}).Resolve([]string{"C1"}); got != "" {
		t.Errorf("Resolve with several incidents, no mapping and no default = %q; want none", got)
	}
	one := New(nil, threeIncidents(t)[1], Config{Channels: map[string]string{"C1": "gone"}})
	if got := one.Resolve([]string{"C1"}); got != hearings {
		t.Errorf("Resolve on an engine of one incident = %q; want it", got)
	}
}

// TestAnswersNameTheirIncident: with several incidents each answer names
// its own, chosen by Request.Incident, an in:ID word or the place; with
// one, none does.
func TestAnswersNameTheirIncident(t *testing.T) {
	e := folderEngine(t, Config{Channels: map[string]string{"C1": hearings}})
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		req  Request
		want string
	}{
		{"option", Request{Line: "/timeline", Incident: market}, market},
		{"in:ID", Request{Line: "/timeline in:" + market}, market},
		{"in:ID of another place", Request{Line: "/who-said in:" + kremlin + " the", Places: []string{"C1"}}, kremlin},
		{"the channel's", Request{Line: "/timeline", Places: []string{"C1"}}, hearings},
		{"details", Request{Details: "event/" + threeIncidents(t)[0].Events[0].ID, Incident: kremlin}, kremlin},
	} {
		a := e.Ask(ctx, tt.req)
		if a.Incident != tt.want || a.Misuse || !strings.HasSuffix(Plain(a), "\n"+IncidentLine(a)+"\n") || !strings.HasPrefix(IncidentLine(a), "Incident: ") {
			t.Errorf("%s: answer of incident %q (misuse %v):\n%s\nwant one of %s, naming it last", tt.name, a.Incident, a.Misuse, Plain(a), tt.want)
		}
	}
	a := e.Ask(ctx, Request{Line: "/timeline", Locale: "ru"})
	if a.Incident != "" || !a.Misuse || a.Title != i18n.T("ru", "Which incident?") || len(a.Items) != 3 {
		t.Errorf("no incident named, none here:\n%s", Plain(a))
	}
	a = e.Ask(ctx, Request{Line: "/timeline", Incident: "gone"})
	if !a.Misuse || !a.Private || !strings.HasPrefix(a.Title, "No incident “gone”") || !strings.Contains(Plain(a), hearings+" — ") {
		t.Errorf("an incident not loaded:\n%s", Plain(a))
	}
	for _, line := range []string{"/help", "/incidents"} {
		if a := e.Ask(ctx, Request{Line: line}); a.Misuse || a.Incident != "" {
			t.Errorf("%s with no incident chosen: misuse %v, incident %q:\n%s", line, a.Misuse, a.Incident, Plain(a))
		}
	}
	if a := e.Ask(ctx, Request{Line: "/help"}); !strings.Contains(Plain(a), "/incidents") {
		t.Errorf("/help of a folder does not list /incidents:\n%s", Plain(a))
	}

	one := New(nil, threeIncidents(t)[1], Config{})
	if a := one.Ask(ctx, Request{Line: "/timeline"}); a.Incident != "" || IncidentLine(a) != "" || strings.Contains(Plain(one.Ask(ctx, Request{Line: "/help"})), "/incidents") {
		t.Errorf("an engine of one incident names it, or lists /incidents:\n%s", Plain(a))
	}
}

// TestIncidentsCommand: /incidents lists each incident with its id,
// dates and counts, and marks the one that answers here.
func TestIncidentsCommand(t *testing.T) {
	e := folderEngine(t, Config{Channels: map[string]string{"C1": hearings}})
	a := e.Ask(context.Background(), Request{Line: "/incidents", Places: []string{"C1"}})
	out := Plain(a)
	if a.Title != "Incidents" || len(a.Items) != 3 || !strings.Contains(out, "1. Impeachment hearings, November 2019\n   Answers here.\n   — "+hearings+" · ") {
		t.Errorf("/incidents:\n%s", out)
	}
	if strings.Count(out, "Answers here.") != 1 || !strings.Contains(out, kremlin+" · February 2023 – 9 May 2023 · ") || strings.Contains(out, "Incident: ") {
		t.Errorf("/incidents marks other than one, or lacks dates:\n%s", out)
	}
}

// TestDroppedIncident: a button of an incident since removed says so;
// /changes names what was added and removed; its metrics go with it.
func TestDroppedIncident(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := metrics.NewIncident(reg)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Folder: true, Metrics: m}
	bases := threeIncidents(t)
	for _, b := range bases[:2] {
		cfg.Incidents = append(cfg.Incidents, Incident{Base: b})
	}
	e := New(nil, nil, cfg)
	ctx := context.Background()
	if err := e.Put(bases[2], nil); err != nil {
		t.Fatal(err)
	}
	if err := e.Put(bases[2], nil); err == nil || !strings.Contains(err.Error(), "already loaded") {
		t.Errorf("Put of an incident loaded = %v", err)
	}
	e.Ask(ctx, Request{Platform: "cli", Line: "/timeline", Incident: market})
	if n := counted(t, reg, "incidentbot_commands_total", market); n != 1 {
		t.Errorf("commands of %s counted %v; want 1", market, n)
	}
	if !e.Drop(market) || e.Has(market) {
		t.Fatal("Drop did not drop")
	}
	a := e.Ask(ctx, Request{Details: "event/x", Incident: market})
	if !strings.HasPrefix(a.Title, "No incident “"+market+"”") || !a.Private {
		t.Errorf("details of a dropped incident:\n%s", Plain(a))
	}
	out := Plain(e.Ask(ctx, Request{Line: "/changes", Incident: kremlin}))
	if !strings.Contains(out, "Removed incidents: "+market) || !strings.Contains(out, "Added incidents: "+market) {
		t.Errorf("/changes after an add and a drop:\n%s", out)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "incident" && l.GetValue() == market {
					t.Errorf("%s keeps a series of the dropped incident", mf.GetName())
				}
			}
		}
	}
	if !e.Drop(hearings) || e.Drop(kremlin) {
		t.Error("Drop of the last incident dropped it")
	}
}

// TestGapsPerIncident: unanswered questions are kept per incident, and
// /kb gaps shows the incident's own.
func TestGapsPerIncident(t *testing.T) {
	g, err := gaps.Open("")
	if err != nil {
		t.Fatal(err)
	}
	e := folderEngine(t, Config{Gaps: g})
	ctx := context.Background()
	e.Ask(ctx, Request{Line: "/ask is the moon made of cheese", Incident: market})
	e.Ask(ctx, Request{Line: "/ask what colour is the sky on mars", Incident: hearings})
	out := Plain(e.Ask(ctx, Request{Line: "/kb gaps", Incident: market, Admin: true}))
	if !strings.Contains(out, "moon made of cheese") || strings.Contains(out, "mars") {
		t.Errorf("/kb gaps of %s:\n%s", market, out)
	}
	if top := g.TopOf(hearings, 10); len(top) != 1 || top[0].Incident != hearings {
		t.Errorf("TopOf(%s) = %+v", hearings, top)
	}
}
