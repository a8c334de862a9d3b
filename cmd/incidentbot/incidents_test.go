package main

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/internal/state"
	"github.com/incidentbot/incidentbot/internal/state/statetest"
)

// Ids and titles of the incidents incidentFolder writes.
const (
	defaultID    = "kremlin-drone-attack-2023"
	marketID     = "kostiantynivka-market-strike"
	hearingsID   = "impeachment-hearings-2019"
	hearingsName = "Impeachment hearings, November 2019"
)

// incidentFolder writes a folder of three incidents: the default base,
// and two of rank's tuning bases rendered from the corpus. It returns the
// folder and the bytes of each file by name.
func incidentFolder(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	def, err := os.ReadFile("../../knowledge/incident.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"incident.yaml": def,
		"hearings.yaml": corpus.RenderFile(t, "../../bot/rank/testdata/hearings.yaml.tmpl"),
		"market.yaml":   corpus.RenderFile(t, "../../bot/rank/testdata/market.yaml.tmpl"),
	}
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

func TestParseChannels(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want channelMap
		err  string
	}{
		{"", channelMap{}, ""},
		{" C1=a , T1 = b,G1=a", channelMap{"C1": "a", "T1": "b", "G1": "a"}, ""},
		{"C1=a,", nil, `pair 2, "", is not channel_or_server_id=incident_id`},
		{"C1", nil, `pair 1, "C1", is not`},
		{"C1=a=b", nil, `pair 1, "C1=a=b", is not`},
		{"=a", nil, `pair 1, "=a", is not`},
		{"C 1=a", nil, `pair 1, "C 1=a", is not`},
		{"C1=a,C1=a", nil, "C1 is mapped twice"},
	} {
		got, err := parseChannels(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("parseChannels(%q) error = %v; want one saying %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || !maps.Equal(got, tt.want)):
			t.Errorf("parseChannels(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// FuzzParseChannels: INCIDENT_CHANNELS is read from outside. Whatever it
// holds, parsing does not panic, and what it accepts is pairs of words
// that, written back, read the same.
func FuzzParseChannels(f *testing.F) {
	for _, s := range []string{"", "C1=a", " C1=a , T1 = b", "C1=a,,", "=", "C1=a,C1=b", "C\t1=a", "é=ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseChannels(s)
		if err != nil {
			return
		}
		var pairs []string
		for place, id := range m {
			if place == "" || id == "" || strings.ContainsAny(place+id, "=, \t") {
				t.Fatalf("parseChannels(%q) accepted %q=%q", s, place, id)
			}
			pairs = append(pairs, place+"="+id)
		}
		again, err := parseChannels(strings.Join(pairs, ","))
		if err != nil || !maps.Equal(again, m) {
			t.Fatalf("parseChannels(%q) = %v; written back it reads %v, %v", s, m, again, err)
		}
	})
}

// TestFolderOnTheCommandLine: a folder of three incidents, on the command
// line: /incidents lists them, a content command needs one named (by
// --incident, KB_INCIDENT or in:ID), and each answer names its incident.
func TestFolderOnTheCommandLine(t *testing.T) {
	dir, _ := incidentFolder(t)
	out, _, code := runCLI(t, "", "ask", "--kb", dir, "/incidents")
	if code != 0 || strings.Count(out, "\n1. ")+strings.Count(out, "\n2. ")+strings.Count(out, "\n3. ") != 3 || !strings.Contains(out, hearingsName) || !strings.Contains(out, hearingsID+" · ") {
		t.Errorf("ask /incidents on a folder of three = %d:\n%s", code, out)
	}

	out, stderr, code := runCLI(t, "", "ask", "--kb", dir, "/timeline")
	if code != 2 || !strings.HasPrefix(out, "Which incident?") || !strings.Contains(out, hearingsID+" — "+hearingsName) || !strings.Contains(stderr, "which incident?") {
		t.Errorf("ask /timeline with no incident named = %d:\n%s\nstderr: %s", code, out, stderr)
	}

	footer := "\nIncident: " + hearingsName + "\n"
	for _, how := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"--incident", nil, []string{"ask", "--kb", dir, "--incident", hearingsID, "/timeline"}},
		{"KB_INCIDENT", map[string]string{"KB_INCIDENT": hearingsID, "KB_PATH": dir}, []string{"ask", "/timeline"}},
		{"in:ID", nil, []string{"ask", "--kb", dir, "/timeline in:" + hearingsID}},
	} {
		out, stderr, code := runEnv(t, how.env, "", how.args...)
		if code != 0 || !strings.HasSuffix(out, footer) || strings.Contains(out, "Kremlin") {
			t.Errorf("%s: ask /timeline = %d:\n%s\nstderr: %s\nwant the hearings' timeline, ending %q", how.name, code, out, stderr, footer)
		}
	}

	out, _, code = runCLI(t, "", "ask", "--kb", dir, "--incident", "no-such", "/timeline")
	if code != 2 || !strings.HasPrefix(out, "No incident “no-such”") || !strings.Contains(out, defaultID) {
		t.Errorf("ask --incident no-such = %d:\n%s", code, out)
	}

	// A single file answers as it always has: no incident named.
	out, _, code = runCLI(t, "", "ask", "--kb", filepath.Join(dir, "hearings.yaml"), "/timeline")
	if code != 0 || strings.Contains(out, "Incident:") {
		t.Errorf("ask /timeline on one file = %d:\n%s", code, out)
	}
}

// TestFolderKBCommands: the kb commands take the incident of a folder.
func TestFolderKBCommands(t *testing.T) {
	dir, files := incidentFolder(t)
	out, _, code := runCLI(t, "", "kb", "stats", "--kb", dir, "--incident", hearingsID)
	if code != 0 || !strings.HasPrefix(out, hearingsName+" (version ") {
		t.Errorf("kb stats --incident %s = %d:\n%s", hearingsID, code, out)
	}
	_, stderr, code := runCLI(t, "", "kb", "stats", "--kb", dir)
	if code != 2 || !strings.Contains(stderr, "the folder holds 3 incidents ("+hearingsID+", "+marketID+", "+defaultID+")") || !strings.Contains(stderr, "name one with --incident") {
		t.Errorf("kb stats of a folder, no incident = %d: %s", code, stderr)
	}
	out, _, code = runEnv(t, map[string]string{"KB_PATH": dir, "KB_INCIDENT": hearingsID}, "", "kb", "export", "--format", "json")
	if code != 0 || !strings.Contains(out, `"id": "`+hearingsID+`"`) && !strings.Contains(out, `"id":"`+hearingsID+`"`) {
		t.Errorf("kb export with KB_INCIDENT = %d:\n%.300s", code, out)
	}

	out, _, code = runCLI(t, "", "kb", "validate", dir)
	if code != 0 || strings.Count(out, ": valid\n") != 3 {
		t.Errorf("kb validate of the folder = %d:\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "kb", "validate", dir, "--incident", hearingsID)
	if code != 0 || out != filepath.Join(dir, "hearings.yaml")+": valid\n" {
		t.Errorf("kb validate --incident = %d:\n%s", code, out)
	}

	// A second file with an incident's id, and a broken one: each named.
	if err := os.WriteFile(filepath.Join(dir, "copy.yaml"), files["hearings.yaml"], 0o644); err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(files["market.yaml"]), "incident:\n", "incident:\n  bogus: 1\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "market.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "", "kb", "validate", dir)
	if code != 1 || !strings.Contains(stderr, `incident.id "`+hearingsID+`" is also the id of`) || !strings.Contains(stderr, filepath.Join(dir, "market.yaml")+":5:") {
		t.Errorf("kb validate of a folder with a duplicate and a broken file = %d:\n%s", code, stderr)
	}
	_, stderr, code = runCLI(t, "", "ask", "--kb", dir, "/incidents")
	if code != 1 || !strings.Contains(stderr, "is also the id of") || !strings.Contains(stderr, "market.yaml:5:") {
		t.Errorf("ask on a folder with a duplicate and a broken file = %d:\n%s", code, stderr)
	}
}

// TestServeRefusesUnknownIncident: a setting that names an incident the
// folder does not hold stops serve at start, saying which and what there
// is.
func TestServeRefusesUnknownIncident(t *testing.T) {
	dir, _ := incidentFolder(t)
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"INCIDENT_CHANNELS": "C1=" + hearingsID + ",G1=nope"}, "INCIDENT_CHANNELS maps G1 to nope, but no such incident is loaded; the incidents are " + hearingsID + ", " + marketID + ", " + defaultID},
		{map[string]string{"DEFAULT_INCIDENT": "nope"}, "DEFAULT_INCIDENT is nope, but no such incident is loaded"},
		{map[string]string{"INCIDENT_CHANNELS": "C1"}, `INCIDENT_CHANNELS: pair 1, "C1", is not channel_or_server_id=incident_id`},
	} {
		tt.env["KB_PATH"] = dir
		_, stderr, code := runEnv(t, tt.env, "", "serve")
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("serve with %v = %d: %s; want 2 and %q", tt.env, code, stderr, tt.want)
		}
	}
}

// TestWatchFolder: serve's watcher on a folder reloads the file edited
// alone, keeps a broken file's last good version with its problem for
// /kb status, and picks up a file added and drops one removed, each with
// a line in /changes.
func TestWatchFolder(t *testing.T) {
	dir, files := incidentFolder(t)
	bases, err := loadBases(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := bot.Config{Folder: true}
	for _, b := range bases {
		cfg.Incidents = append(cfg.Incidents, bot.Incident{Base: b, Load: fileLoader(b.Name, nil)})
	}
	engine := bot.New(nil, nil, cfg)
	ask := func(line string) string {
		return bot.Plain(engine.Ask(context.Background(), bot.Request{Platform: "cli", Line: line, Admin: true}))
	}
	version := func(id string) string {
		s, _ := engine.StatusOf(id)
		return s.Version
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	wlog := newWatchLog()
	f := newFolder(dir, engine, slog.New(wlog), nil, bases)
	go func() { done <- watchFolder(ctx, f) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watchFolder = %v", err)
		}
	}()
	wlog.await(t, "watching the knowledge file", "")
	hearings, def := version(hearingsID), version(defaultID)
	market := marketID

	// An edit reloads its file alone.
	edited := strings.Replace(string(files["hearings.yaml"]), hearingsName, "Hearings, retitled", 1)
	if err := os.WriteFile(filepath.Join(dir, "hearings.yaml"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the edited file to be reloaded", func() bool { return version(hearingsID) != hearings })
	if version(defaultID) != def {
		t.Error("editing one file reloaded another")
	}

	// A broken file keeps its last good version, and /kb status says
	// where it is broken.
	good := version(hearingsID)
	broken := strings.Replace(edited, "incident:\n", "incident:\n  bogus: 1\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "hearings.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the broken file to be refused", func() bool { s, _ := engine.StatusOf(hearingsID); return s.LastError != "" })
	if version(hearingsID) != good {
		t.Error("a broken file replaced its incident's last good version")
	}
	if out := ask("/kb in:" + hearingsID + " status"); !strings.Contains(out, "Last reload refused") || !strings.Contains(out, filepath.Join(dir, "hearings.yaml")+":5:") {
		t.Errorf("/kb status of the broken incident:\n%s", out)
	}

	// A file added is a new incident; a broken new file is named in
	// /kb status; a file removed drops its incident.
	extra := strings.Replace(string(files["hearings.yaml"]), "id: "+hearingsID, "id: hearings-copy", 1)
	if err := os.WriteFile(filepath.Join(dir, "copy.yaml"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the added file to be loaded", func() bool { return engine.Has("hearings-copy") })
	if out := ask("/changes in:" + defaultID); !strings.Contains(out, "Added incidents: hearings-copy") {
		t.Errorf("/changes after a file was added:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(dir, "new.yaml"), []byte("incident: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the broken new file to be reported", func() bool {
		return strings.Contains(ask("/kb in:"+defaultID+" status"), "Not loaded: "+filepath.Join(dir, "new.yaml"))
	})
	if err := os.Remove(filepath.Join(dir, "market.yaml")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the removed file's incident to be dropped", func() bool { return !engine.Has(market) })
	if out := ask("/changes in:" + defaultID); !strings.Contains(out, "Removed incidents: "+market) {
		t.Errorf("/changes after a file was removed:\n%s", out)
	}
	var ids []string
	for _, in := range engine.Incidents() {
		ids = append(ids, in.ID)
	}
	if want := []string{"hearings-copy", hearingsID, defaultID}; !slices.Equal(ids, want) {
		t.Errorf("incidents = %v; want %v", ids, want)
	}
	if out := ask("/timeline in:" + market); !strings.HasPrefix(out, "No incident “"+market+"”") {
		t.Errorf("/timeline of the removed incident:\n%s", out)
	}
}

// TestLoadBasesOfOneFile: a file, and the embedded base, load as one
// incident, as before folders.
func TestLoadBasesOfOneFile(t *testing.T) {
	for _, path := range []string{"", "../../knowledge/testdata/valid.yaml"} {
		bases, err := loadBases(path, nil)
		if err != nil || len(bases) != 1 {
			t.Errorf("loadBases(%q) = %d bases, %v; want one", path, len(bases), err)
		}
	}
	if _, err := loadBases(t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "holds no knowledge file") {
		t.Errorf("loadBases of an empty folder = %v", err)
	}
}

// TestServeFolderOnSlack is the newcomer's path: serve a folder of three
// incidents with two channels mapped, and ask as Slack would: each channel
// gets its incident, the workspace's default answers elsewhere, in:ID
// gets any, and every answer names its incident.
func TestServeFolderOnSlack(t *testing.T) {
	const secret = "e2e-signing-secret-0123456789abcdef"
	dir, _ := incidentFolder(t)
	addr, stderr, _ := startServe(t, map[string]string{"SLACK_SIGNING_SECRET": secret, "KB_PATH": dir,
		"INCIDENT_CHANNELS": "C0HEAR=" + hearingsID + ",C0MARKET=" + marketID, "DEFAULT_INCIDENT": defaultID})
	for _, tt := range []struct{ channel, text, want string }{
		{"C0HEAR", "", hearingsName},
		{"C0MARKET", "", "Missile strike on the Kostiantynivka market, 2023"},
		{"C0OTHER", "", "Drone attack on the Kremlin, 3 May 2023"},
		{"C0HEAR", "in:" + marketID, "Missile strike on the Kostiantynivka market, 2023"},
	} {
		form := url.Values{"command": {"/timeline"}, "text": {tt.text}, "user_id": {"U0USER"}, "channel_id": {tt.channel}, "team_id": {"T0TEAM"},
			"response_url": {"http://127.0.0.1:1/unused"}}
		code, raw := postSigned(t, addr, secret, time.Now(), form)
		if code != http.StatusOK || !strings.Contains(string(raw), `"text":"Incident: `+tt.want+`"`) {
			t.Errorf("/timeline %s in %s = %d; want an answer naming %s\n%s\n%s", tt.text, tt.channel, code, tt.want, raw, stderr)
		}
	}
}

// TestKBGapsOfAFolder: kb gaps without --incident lists every incident's
// unanswered questions, incident by incident, from a gaps file and from
// the shared store alike; with --incident, that incident's alone.
func TestKBGapsOfAFolder(t *testing.T) {
	asked := []gaps.Gap{
		{Incident: hearingsID, Command: "ask", Query: "who testified first"},
		{Incident: hearingsID, Command: "ask", Query: "who testified first"},
		{Incident: marketID, Command: "ask", Query: "how many stalls burned"},
	}
	for i := range asked {
		asked[i].Time = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	}
	hearings := "Unanswered questions in " + hearingsID + ", most asked first\n\n1. /ask who testified first\n   asked twice"
	market := "Unanswered questions in " + marketID + ", most asked first\n\n1. /ask how many stalls burned\n   asked once"
	check := func(from string, env map[string]string) {
		t.Helper()
		out, stderr, code := runEnv(t, env, "", "kb", "gaps")
		i, j := strings.Index(out, hearings), strings.Index(out, market)
		if code != 0 || i < 0 || j < i {
			t.Errorf("kb gaps of a folder's %s = %d, want %s's gaps then %s's:\n%s%s", from, code, hearingsID, marketID, out, stderr)
		}
		out, stderr, code = runEnv(t, env, "", "kb", "gaps", "--incident", marketID)
		if code != 0 || !strings.HasPrefix(out, market) || strings.Contains(out, hearingsID) {
			t.Errorf("kb gaps --incident %s of a %s = %d, want its gaps alone:\n%s%s", marketID, from, code, out, stderr)
		}
	}

	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, gap := range asked {
		if err := g.Record(gap); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	check("gaps file", map[string]string{"GAPS_PATH": path})

	srv := statetest.Start(t)
	store, err := state.Open(nil, nil, srv.URL(3))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, gap := range asked {
		if err := store.RecordGap(context.Background(), gap); err != nil {
			t.Fatal(err)
		}
	}
	check("shared store", map[string]string{"STATE_URL": srv.URL(3)})
}

// TestServeSnapshots serves a folder twice with KB_CACHE_DIR: the first
// start builds each incident and writes its snapshot, the second reads
// every one from its snapshot and answers as the first did.
func TestServeSnapshots(t *testing.T) {
	const secret = "e2e-signing-secret-0123456789abcdef"
	dir, _ := incidentFolder(t)
	env := map[string]string{"SLACK_SIGNING_SECRET": secret, "KB_PATH": dir, "KB_CACHE_DIR": filepath.Join(t.TempDir(), "snapshots"),
		"INCIDENT_CHANNELS": "C0HEAR=" + hearingsID + ",C0MARKET=" + marketID, "DEFAULT_INCIDENT": defaultID}
	answers := func(addr string) []string {
		var out []string
		for _, channel := range []string{"C0HEAR", "C0MARKET", "C0OTHER"} {
			form := url.Values{"command": {"/timeline"}, "user_id": {"U0USER"}, "channel_id": {channel}, "team_id": {"T0TEAM"},
				"response_url": {"http://127.0.0.1:1/unused"}}
			code, raw := postSigned(t, addr, secret, time.Now(), form)
			if code != http.StatusOK {
				t.Fatalf("/timeline in %s = %d\n%s", channel, code, raw)
			}
			out = append(out, string(raw))
		}
		return out
	}
	addr, stderr, stop := startServe(t, env)
	built := answers(addr)
	stop()
	if got := strings.Count(stderr.String(), `"msg":"knowledge base snapshot written"`); got != 3 {
		t.Errorf("the first start wrote %d snapshots; want one for each of the 3 files\n%s", got, stderr)
	}
	addr, stderr, _ = startServe(t, env)
	if got := strings.Count(stderr.String(), `"msg":"knowledge base read from its snapshot"`); got != 3 || strings.Contains(stderr.String(), "building") {
		t.Errorf("the second start read %d bases from their snapshots; want all 3, none built\n%s", got, stderr)
	}
	if read := answers(addr); !slices.Equal(read, built) {
		t.Errorf("answers from the snapshots:\n%q\nwant those of the bases built:\n%q", read, built)
	}
}
