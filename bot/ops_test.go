package bot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/gaps"
	"github.com/incidentbot/incidentbot/knowledge"
)

func ask(e *Engine, line string, mod ...func(*Request)) Answer {
	req := Request{Platform: "test", Line: line}
	for _, m := range mod {
		m(&req)
	}
	return e.Ask(context.Background(), req)
}

func asUser(id string) func(*Request) { return func(r *Request) { r.UserID = id } }

// kbFile writes the valid test knowledge file to a temporary folder and
// loads it: its text, its path, a function to rewrite it, and the base.
func kbFile(t *testing.T) (valid []byte, path string, write func(string), first *knowledge.Base) {
	t.Helper()
	valid, err := os.ReadFile("../knowledge/testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "kb.yaml")
	write = func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(valid))
	if first, err = knowledge.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	return valid, path, write, first
}

func TestReloadKeepsLastGoodBase(t *testing.T) {
	valid, path, write, first := kbFile(t)
	e := New(nil, first, Config{Reload: func() (*knowledge.Base, error) { return knowledge.LoadFile(path) }, Admins: []string{"U1"}})

	if a := ask(e, "/changes"); !strings.HasPrefix(a.Intro, "No changes since the knowledge base was loaded") {
		t.Errorf("/changes before any reload: %q", a.Intro)
	}

	// A broken file is refused; the old base answers and status says why.
	write(strings.Replace(string(valid), "speaker: peskov", "speaker: nobody", 1))
	if err := e.Reload(context.Background()); err == nil {
		t.Fatal("Reload of a broken file succeeded")
	}
	if e.Base() != first {
		t.Fatal("a broken file replaced the good base")
	}
	st := ask(e, "/kb status", asUser("U1"))
	if text := Plain(st); !strings.Contains(text, `Last reload refused at`) || !strings.Contains(text, `quotes[0].speaker: unknown person "nobody"`) {
		t.Errorf("/kb status after a refused reload:\n%s", text)
	}

	// A good edit is swapped in and listed by /changes.
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	a := ask(e, "/kb reload", asUser("U1"))
	if a.Title != "Reloaded" || strings.Contains(Plain(a), "refused") {
		t.Errorf("/kb reload: %s", Plain(a))
	}
	if e.Base() == first {
		t.Fatal("a good file was not swapped in")
	}
	if got := Plain(ask(e, "/changes")); !strings.Contains(got, "Edited events: attack") {
		t.Errorf("/changes after an edit:\n%s", got)
	}
}

// TestReloadOfUnchangedFile: a reload of a file whose bytes have not
// changed keeps the loaded base without parsing the file, says so, and
// counts it apart from real reloads.
func TestReloadOfUnchangedFile(t *testing.T) {
	valid, path, write, first := kbFile(t)
	reg := prometheus.NewRegistry()
	var e *Engine
	e = New(nil, first, Config{Metrics: mustMetrics(t, reg), Reload: func() (*knowledge.Base, error) { return knowledge.ReloadFile(path, e.Base()) }, Admins: []string{"U1"}})
	reloads := func(result string) float64 {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				if mf.GetName() == "incidentbot_kb_reloads_total" && m.GetLabel()[0].GetValue() == result {
					return m.GetCounter().GetValue()
				}
			}
		}
		return 0
	}

	write(string(valid)) // saved again, unchanged
	a := ask(e, "/kb reload", asUser("U1"))
	if a.Title != "The knowledge file is unchanged; the loaded base goes on answering" {
		t.Errorf("/kb reload of an unchanged file: %s", Plain(a))
	}
	if e.Base() != first || e.Status().LoadedAt != first.LoadedAt {
		t.Error("a reload of an unchanged file replaced the base")
	}
	if got := Plain(ask(e, "/changes")); !strings.Contains(got, "No changes since") {
		t.Errorf("/changes after an unchanged reload:\n%s", got)
	}

	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	if a := ask(e, "/kb reload", asUser("U1")); a.Title != "Reloaded" || e.Base() == first {
		t.Errorf("/kb reload of an edited file: %s", Plain(a))
	}
	if u, ok := reloads("unchanged"), reloads("ok"); u != 1 || ok != 1 {
		t.Errorf("incidentbot_kb_reloads_total: unchanged %v, ok %v; want 1 and 1", u, ok)
	}
}

func TestAdminCommands(t *testing.T) {
	e := New(nil, newEngine(t).Base(), Config{Admins: []string{"U1", " D2 "}})
	tests := []struct {
		line, user string
		admin      bool
		title      string
	}{
		{"/kb status", "U9", false, "Admins only"},
		{"/kb reload", "", false, "Admins only"},
		{"/kb status", "U1", false, "Knowledge base status"},
		{"/kb status", "D2", false, "Knowledge base status"},
		{"/kb status", "M7", true, "Knowledge base status"},
		{"/kb reload", "U1", false, "This base cannot be reloaded"},
		{"/kb frob", "U1", false, "/kb takes status, reload or gaps"},
		{"/kb gaps", "U1", false, "Unanswered questions"},
	}
	for _, tt := range tests {
		a := ask(e, tt.line, func(r *Request) { r.UserID, r.Admin = tt.user, tt.admin })
		if a.Title != tt.title {
			t.Errorf("%s as %q (admin=%v): title %q; want %q", tt.line, tt.user, tt.admin, a.Title, tt.title)
		}
		if tt.title == "Admins only" && !a.Private {
			t.Errorf("%s refusal is not private", tt.line)
		}
	}
}

func TestGaps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gaps.jsonl")
	g, err := gaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, newEngine(t).Base(), Config{Gaps: g, Admins: []string{"U1"}})
	for _, line := range []string{"/ask what about the weather", "/ask What about the  weather", "/who-said Napoleon", "/timeline 1999", "/ask who carried out the attack"} {
		ask(e, line, asUser("U5"))
	}
	got := Plain(ask(e, "/kb gaps", asUser("U1")))
	for _, want := range []string{"1. /ask what about the weather\n   asked twice", "2. /who-said Napoleon\n   asked once"} {
		if !strings.Contains(got, want) {
			t.Errorf("/kb gaps lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "1999") || strings.Contains(got, "carried out") {
		t.Errorf("/kb gaps lists a timeline filter or an answered question:\n%s", got)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "U5") {
		t.Errorf("the gaps file records who asked:\n%s", data)
	}
	again, err := gaps.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if top := again.Top(1); len(top) != 1 || top[0].Count != 2 {
		t.Errorf("after a restart, Top(1) = %+v; want the weather question twice", top)
	}
}

func TestRateLimit(t *testing.T) {
	e := New(nil, newEngine(t).Base(), Config{RatePerMinute: 3})
	for i := range 3 {
		if a := ask(e, "/sources", asUser("U1")); a.Title != "Sources" {
			t.Fatalf("command %d within the limit: %q", i+1, a.Title)
		}
	}
	a := ask(e, "/sources", asUser("U1"))
	if a.Title != "Slow down" || !a.Private || len(a.Items) != 0 {
		t.Errorf("fourth command in a burst: %q private=%v", a.Title, a.Private)
	}
	if a := ask(e, "/sources", asUser("U2")); a.Title != "Sources" {
		t.Errorf("another user is limited too: %q", a.Title)
	}
	if a := ask(e, "/sources", func(r *Request) { r.UserID, r.Platform = "U1", "discord" }); a.Title != "Sources" {
		t.Errorf("the same ID on another platform is limited too: %q", a.Title)
	}
}

func TestPanicBecomesApology(t *testing.T) {
	e := newEngine(t)
	e.first().base.Store(nil) // a bug: any command now dereferences nil
	a := ask(e, "/timeline")
	if a.Title != "Sorry, something went wrong" || !a.Private {
		t.Errorf("after a panic: %q private=%v", a.Title, a.Private)
	}
}

// TestRefusedReloadKeptShort checks that the error /kb status keeps of a
// refused reload is its first ten lines and a count, however long it was.
func TestRefusedReloadKeptShort(t *testing.T) {
	b, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := range 101 {
		lines = append(lines, fmt.Sprintf("kb.yaml:%d:3: events[%d]: want a mapping of keys to values, got a single value", i+2, i))
	}
	e := New(nil, b, Config{Reload: func() (*knowledge.Base, error) { return nil, errors.New(strings.Join(lines, "\n")) }})
	if e.Reload(context.Background()) == nil {
		t.Fatal("Reload succeeded")
	}
	want := strings.Join(lines[:10], "\n") + "\n… and 91 more lines: run incidentbot kb validate on the file for all of them"
	if got := e.Status().LastError; got != want {
		t.Errorf("LastError =\n%s\nwant\n%s", got, want)
	}
}

// TestSlowReloadAnswersAtOnce: a base that takes longer to load than a
// platform waits for an answer gets "Reload started" within reloadWait,
// and the reload still ends and swaps the new base in.
func TestSlowReloadAnswersAtOnce(t *testing.T) {
	valid, path, write, first := kbFile(t)
	release := make(chan struct{})
	e := New(nil, first, Config{Admins: []string{"U1"}, Reload: func() (*knowledge.Base, error) {
		<-release
		return knowledge.LoadFile(path)
	}})
	a := ask(e, "/kb reload", asUser("U1"))
	if a.Title != "Reload started" || !strings.Contains(a.Intro, "/kb status") {
		t.Fatalf("/kb reload of a slow file: %s", Plain(a))
	}
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	close(release)
	for range 500 {
		if e.Base() != first {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the slow reload never swapped the new base in")
}

// TestReloadHonoursContext: a reload whose ctx is done changes nothing. It
// does not start; one waiting behind a slow reload stops waiting; one whose
// ctx ends while the file loads swaps nothing in and records nothing, and
// the base answers as before.
func TestReloadHonoursContext(t *testing.T) {
	valid, path, write, first := kbFile(t)
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	loads := make(chan struct{}, 10) // one value each time load starts
	release := make(chan struct{})
	e := New(nil, first, Config{Reload: func() (*knowledge.Base, error) {
		loads <- struct{}{}
		<-release
		return knowledge.LoadFile(path)
	}})

	done, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Reload(done); !errors.Is(err, context.Canceled) {
		t.Errorf("Reload with a done ctx = %v; want context.Canceled", err)
	}
	if len(loads) != 0 {
		t.Error("Reload with a done ctx read the file")
	}

	// A reload whose ctx ends while the file loads: the slow one below.
	ctx, cancel := context.WithCancel(context.Background())
	slow := make(chan error, 1)
	go func() { slow <- e.Reload(ctx) }()
	<-loads

	// Another reload waits its turn, and gives up when its ctx ends.
	waiting, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	if err := e.Reload(waiting); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Reload waiting behind another = %v; want context.DeadlineExceeded", err)
	}

	cancel()
	close(release)
	if err := <-slow; !errors.Is(err, context.Canceled) {
		t.Errorf("Reload whose ctx ended while loading = %v; want context.Canceled", err)
	}
	if e.Base() != first {
		t.Error("a reload whose ctx ended while loading swapped its base in")
	}
	if got := Plain(ask(e, "/changes")); !strings.Contains(got, "No changes since") {
		t.Errorf("/changes after a cancelled reload:\n%s", got)
	}
	if s := e.Status(); s.LastError != "" {
		t.Errorf("a cancelled reload is kept as refused: %q", s.LastError)
	}

	// The file is still there to load: a reload with a live ctx takes it.
	if err := e.Reload(context.Background()); err != nil {
		t.Fatalf("Reload after the cancelled ones = %v", err)
	}
	if got := Plain(ask(e, "/changes")); e.Base() == first || !strings.Contains(got, "Edited events: attack") {
		t.Errorf("the reload after the cancelled ones did not swap the edit in:\n%s", got)
	}
}

// TestKBReloadOutlivesItsRequest: /kb reload answers "Reload started" once
// the asker has gone (its request's ctx is done), and the reload it started
// still ends and swaps the new base in.
func TestKBReloadOutlivesItsRequest(t *testing.T) {
	valid, path, write, first := kbFile(t)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	e := New(nil, first, Config{Admins: []string{"U1"}, Reload: func() (*knowledge.Base, error) {
		cancel() // the platform gives up on the request while the file loads
		<-release
		return knowledge.LoadFile(path)
	}})
	a := e.Ask(ctx, Request{Platform: "test", Line: "/kb reload", UserID: "U1"})
	if a.Title != "Reload started" {
		t.Fatalf("/kb reload whose asker has gone: %s", Plain(a))
	}
	write(strings.Replace(string(valid), "Two drones are reported over the Kremlin.", "Two drones exploded.", 1))
	close(release)
	for range 500 {
		if e.Base() != first {
			if got := Plain(ask(e, "/changes")); !strings.Contains(got, "Edited events: attack") {
				t.Errorf("/changes after the reload:\n%s", got)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the reload ended with the request that started it")
}

// TestAskWithDoneContext: a request whose ctx is done before it is
// answered gets the apology, in the asker's language, and no answer is
// built for it: a question that would be a gap is not recorded as one.
func TestAskWithDoneContext(t *testing.T) {
	g, err := gaps.Open("")
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	e := New(nil, newEngine(t).Base(), Config{Metrics: mustMetrics(t, reg), Gaps: g})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct{ locale, title string }{
		{"", "Sorry, something went wrong"},
		{"ru", "Извините, что-то пошло не так"},
	} {
		a := e.Ask(ctx, Request{Platform: "test", Line: "/ask what about the weather", Locale: tt.locale})
		if a.Title != tt.title || !a.Private || len(a.Items) != 0 || a.Lead != nil {
			t.Errorf("Ask with a done ctx (locale %q) = %q private=%v, %d items; want %q, private, no items", tt.locale, a.Title, a.Private, len(a.Items), tt.title)
		}
	}
	if top := g.Top(10); len(top) != 0 {
		t.Errorf("a cancelled request was recorded as a gap: %+v", top)
	}
	if n := counted(t, reg, "incidentbot_commands_total", "cancelled"); n != 2 {
		t.Errorf(`incidentbot_commands_total{outcome="cancelled"} = %v; want 2`, n)
	}
	// The same question with a live ctx is answered (and is a gap).
	if a := ask(e, "/ask what about the weather"); a.Title == "Sorry, something went wrong" {
		t.Errorf("Ask with a live ctx: %q", a.Title)
	}
}

// counted is the value of a counter's series that has a label of value
// label, 0 when there is none.
func counted(t *testing.T, reg *prometheus.Registry, name, label string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if mf.GetName() == name && l.GetValue() == label {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
