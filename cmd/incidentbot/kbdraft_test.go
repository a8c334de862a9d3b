package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKBDraftRefusals(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file: refused by its size, before it is read.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no article", []string{"kb", "draft"}, 2, "kb draft needs one article file"},
		{"missing file", []string{"kb", "draft", filepath.Join(dir, "nope.txt")}, 1, "reading the article: open"},
		{"empty", []string{"kb", "draft", writeFile(t, dir, "empty.txt", "\n\n")}, 1, "empty.txt: the file is empty"},
		{"binary", []string{"kb", "draft", writeFile(t, dir, "a.pdf", "%PDF-1.4\x00\x01\x02")}, 1, "a.pdf: the file is binary, not text"},
		{"50 MB", []string{"kb", "draft", big}, 1, "big.txt: the file is 50 MiB, over the limit of 10 MiB"},
		{"folder", []string{"kb", "draft", dir}, 1, "is a folder, not an article"},
		{"bad format", []string{"kb", "draft", "--format", "xml", big}, 2, `--format "xml": want yaml or json`},
		{"bad date", []string{"kb", "draft", "--published", "2023-13-01", "--archive-dir", dir, writeFile(t, dir, "ok.txt", "“Hi,” she said.\n")}, 2, "--published:"},
		{"taken source id", []string{"kb", "draft", "--source-id", "doubts", "--archive-dir", dir, writeFile(t, dir, "ok2.txt", "“Hi,” she said.\n")}, 2, `the knowledge base already has a source with that id`},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tt.name, code, stderr, tt.code, tt.stderr)
		}
	}
}

func TestKBDraftJSON(t *testing.T) {
	dir := t.TempDir()
	article := writeFile(t, dir, "a.txt", "“After today’s terrorist attack, there are no options left,” Medvedev wrote on his Telegram channel, according to TASS.\n\nNobody else spoke.\n")
	stdout, stderr, code := runCLI(t, "", "kb", "draft", "--format", "json", article)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Quotes []struct {
			Kind, Text, Speaker, Cue, Sentence string
			SpeakerRole                        string   `json:"speaker_role"`
			Via                                []string `json:"via"`
		} `json:"quotes"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(got.Quotes) != 1 {
		t.Fatalf("%d quotes; want 1:\n%s", len(got.Quotes), stdout)
	}
	q := got.Quotes[0]
	if q.Kind != "direct" || q.Text != "After today’s terrorist attack, there are no options left," || q.Speaker != "Medvedev" || q.Cue != "wrote" ||
		len(q.Via) != 1 || q.Via[0] != "TASS" || !strings.HasPrefix(q.Sentence, "“After today’s") {
		t.Errorf("quote = %+v", q)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("--format json wrote files: %v", entries)
	}
	// An article without quotations: an empty list and a note.
	stdout, stderr, code = runCLI(t, "", "kb", "draft", "--format", "json", writeFile(t, dir, "calm.txt", "The weather was fine.\n"))
	if code != 0 || strings.TrimSpace(stdout) != `{
  "quotes": []
}` || !strings.Contains(stderr, "no attributed quotations found") {
		t.Errorf("no quotes: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestKBDraftWorkflow is docs/admins.md's workflow on a seed article the base
// already archives: draft into a new file, which adds only what the base
// lacks and says how much it skipped, then validate it, excerpts verbatim
// in the archives.
func TestKBDraftWorkflow(t *testing.T) {
	sources := shared.Dir(t, "sources")
	dir := t.TempDir()
	for _, name := range []string{"kremlin-drone-attack-doubts-2023-05.txt", "us-officials-ukrainian-units-2023-05-25.txt"} {
		data, err := os.ReadFile(filepath.Join(sources, name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, string(data))
	}
	article := filepath.Join(sources, "kremlin-drone-attack-doubts-2023-05.txt")
	merged := filepath.Join(dir, "incident.yaml")
	_, stderr, code := runCLI(t, "", "kb", "draft", "--source-id", "doubts-again", "--title", "Doubts, drafted again", "--into", merged, article)
	if code != 0 {
		t.Fatalf("kb draft --into: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "wrote "+merged) || !strings.Contains(stderr, `the base already has this article as source "doubts"`) || !strings.Contains(stderr, "entries it has, skipped: ") {
		t.Errorf("kb draft says %q; want where it wrote the file, and that the base has the article", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "doubts-again.txt")); err == nil {
		t.Errorf("kb draft archived the article again as doubts-again.txt")
	}
	stdout, stderr, code := runCLI(t, "", "kb", "validate", "--kb", merged, "--sources", dir)
	if code != 0 || !strings.Contains(stdout, "valid, every excerpt verbatim") {
		t.Errorf("kb validate on the merged file: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, _ = runCLI(t, "", "ask", "--kb", merged, "/who-said Medvedev")
	if n := strings.Count(stdout, "After today’s terrorist attack"); n != 1 {
		t.Errorf("the merged base answers with the quote the base has %d times; want once, not again as a draft:\n%s", n, stdout)
	}
	// Save: the file serve watches is replaced, and the reload lists the
	// new entries in /changes.
	live := writeFile(t, dir, "live.yaml", string(knowledge.DefaultData()))
	base, err := knowledge.LoadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(nil, base, bot.Config{Reload: func() (*knowledge.Base, error) { return knowledge.LoadFile(live) }})
	data, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "live.yaml", string(data))
	if err := engine.Reload(context.Background()); err != nil {
		t.Fatalf("reload of the merged file: %v", err)
	}
	changes := bot.Plain(engine.Ask(context.Background(), bot.Request{Platform: "cli", Line: "/changes", Page: 1}))
	if !strings.Contains(changes, "Added quotes: doubts-") || strings.Contains(changes, "Added sources") || strings.Contains(changes, "medvedev") {
		t.Errorf("/changes after the reload: want new quotes citing the source the base has, no new source and no second Medvedev quote:\n%s", changes)
	}

	// It never overwrites.
	_, stderr, code = runCLI(t, "", "kb", "draft", "--source-id", "doubts-again2", "--into", merged, article)
	if code != 1 || !strings.Contains(stderr, "already exists; kb draft writes only new files") {
		t.Errorf("second --into the same file: exit %d, %q", code, stderr)
	}
}

// article is an article to draft a base from, with what an editor gives
// kb draft about it.
type article struct {
	path, published, outlet string
}

// draftBase drafts a knowledge base from articles alone, as an editor
// would start one: kb init, then one kb draft --into per article, each
// into a new file. It returns the last file and the folder of the
// archives, for kb validate --sources, kb coverage or kb eval.
func draftBase(t *testing.T, id, title string, articles []article) (base, sources string) {
	t.Helper()
	dir := t.TempDir()
	base = filepath.Join(dir, "base-0.yaml")
	if _, stderr, code := runCLI(t, "", "kb", "init", "--id", id, "--title", title, base); code != 0 {
		t.Fatalf("kb init: exit %d: %s", code, stderr)
	}
	for i, a := range articles {
		next := filepath.Join(dir, fmt.Sprintf("base-%d.yaml", i+1))
		args := []string{"kb", "draft", "--kb", base, "--into", next}
		if a.published != "" {
			args = append(args, "--published", a.published)
		}
		if a.outlet != "" {
			args = append(args, "--outlet", a.outlet)
		}
		if _, stderr, code := runCLI(t, "", append(args, a.path)...); code != 0 {
			t.Fatalf("kb draft %s: exit %d: %s", a.path, code, stderr)
		}
		base = next
	}
	return base, dir
}

// TestDraftedBasesValidate drafts a base from each article of the
// news-quotes corpus, and one from two articles of the same story, with
// kb init and kb draft alone: every one validates, excerpts verbatim in
// the archives, and kb coverage reads it.
func TestDraftedBasesValidate(t *testing.T) {
	corpus := shared.Dir(t, "corpora/news-quotes")
	names, err := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no articles in %s: %v", corpus, err)
	}
	sets := [][]article{{
		{path: filepath.Join(corpus, "12-cbsnews-volker-morrison-testimony-2019.txt"), published: "2019-11-19"},
		{path: filepath.Join(corpus, "08-deccanherald-white-house-impeachment-2019.txt"), published: "2019-11-20"},
	}}
	for _, n := range names {
		sets = append(sets, []article{{path: n, published: "2019-11-19"}})
	}
	for _, set := range sets {
		t.Run(filepath.Base(set[0].path), func(t *testing.T) {
			base, dir := draftBase(t, "drafted", "A drafted incident", set)
			if stdout, stderr, code := runCLI(t, "", "kb", "validate", "--sources", dir, base); code != 0 {
				t.Fatalf("kb validate --sources of the drafted base: exit %d\n%s%s", code, stdout, stderr)
			}
			stdout, stderr, code := runCLI(t, "", "kb", "coverage", "--kb", base, "--sources", dir)
			if code != 0 || !strings.Contains(stdout, "sentences cited") || !strings.Contains(stdout, "entries with # review: comments in") {
				t.Errorf("kb coverage of the drafted base: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// TestKBDraftDates checks that --published takes a range, as the model's
// dates do, and that the draft's events are dated from it, with a note.
func TestKBDraftDates(t *testing.T) {
	dir := t.TempDir()
	art := writeFile(t, dir, "market.txt", "date 2023-09-20 A missile hit the market in the city on Sept. 7, killing 17 people, officials said.\n\nThe ministry denied on Friday that its forces had fired the missile.\n")
	stdout, stderr, code := runCLI(t, "", "kb", "draft", "--published", "2023-09-20/..", "--archive-dir", dir, art)
	if code != 0 {
		t.Fatalf("kb draft --published 2023-09-20/..: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"    published: \"2023-09-20/..\"\n",
		"    date: \"2023-09-07\"\n    date_note: \"“Sept. 7” in the article, the year taken from its publication date 2023-09-20/..\"\n",
		"    date: \"2023-09-15\"\n",
		"excerpt: \"A missile hit the market",
		"stance: \"denies\"",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("draft lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "excerpt: \"date 2023") {
		t.Errorf("an excerpt begins with the article's header line:\n%s", stdout)
	}
}

// TestDraftedHeldOutSets drafts a base from the articles of each held-out
// set with kb init and kb draft alone (giving kb draft the outlet and
// publication date the reviewed base's source gives, as an editor would),
// scores it with kb eval against the set's questions beside the reviewed
// base, and logs both. The drafted base must validate, and the drafted
// bases together must lead right on at least floorDraftedLedRight of the
// answerable questions: a little under the 385 of 564 (68.3 %) they reach
// with the -blind3 and -tune5 sets added in the ninth ranking round (298
// of 420, 71 %, before those sets; 281 of 420 before the fifth round;
// 178 of 260 before the -tune3 and -tune4 sets; the 80 % is not
// reached; see docs/admins-drafting.md).
func TestDraftedHeldOutSets(t *testing.T) {
	corpusDir := shared.Dir(t, "corpora/news-quotes")
	const floorDraftedLedRight = 0.68
	var ledRight, answerable int
	t.Cleanup(func() {
		if answerable > 0 && float64(ledRight) < floorDraftedLedRight*float64(answerable) {
			t.Errorf("drafted bases led right on %d of %d answerable questions; want at least %.0f %%", ledRight, answerable, 100*floorDraftedLedRight)
		}
	})
	for _, set := range corpus.Sets(t) {
		t.Run(set.Name, func(t *testing.T) {
			reviewed, err := knowledge.LoadFile(set.Base)
			if err != nil {
				t.Fatal(err)
			}
			var arts []article
			for _, s := range reviewed.Sources {
				arts = append(arts, article{path: filepath.Join(corpusDir, s.Archive), published: s.Published.String(), outlet: s.Outlet})
			}
			base, dir := draftBase(t, set.Name, reviewed.Incident.Title, arts)
			if stdout, stderr, code := runCLI(t, "", "kb", "validate", "--sources", dir, base); code != 0 {
				t.Fatalf("kb validate --sources of the drafted base: exit %d\n%s%s", code, stdout, stderr)
			}
			for _, b := range []struct{ name, path string }{{"drafted", base}, {"reviewed", set.Base}} {
				stdout, stderr, _ := runCLI(t, "", "kb", "eval", "--kb", b.path, "--min", "0", set.Questions)
				var totals []string
				for l := range strings.SplitSeq(stdout+stderr, "\n") {
					if strings.HasPrefix(l, "led right") || strings.HasPrefix(l, "refused right") || strings.HasPrefix(l, "right ") {
						totals = append(totals, strings.Join(strings.Fields(l), " "))
					}
				}
				if len(totals) == 0 {
					t.Fatalf("kb eval of the %s base printed no totals:\n%s%s", b.name, stdout, stderr)
				}
				var led, of int
				if _, err := fmt.Sscanf(totals[0], "led right %d of %d", &led, &of); err != nil {
					t.Fatalf("kb eval of the %s base: %q: %v", b.name, totals[0], err)
				}
				if b.name == "drafted" {
					ledRight, answerable = ledRight+led, answerable+of
				}
				t.Logf("%-8s %s", b.name, strings.Join(totals, "; "))
			}
		})
	}
}

// TestDraftedPeopleNotMixed drafts the two articles of one story (the
// second names people the first drafted) and asks for each person's
// words: a role naming someone else ("Morrison, Vindman's superior")
// never makes one answer for the other, and "both X and Y" makes no new
// person.
func TestDraftedPeopleNotMixed(t *testing.T) {
	corpus := shared.Dir(t, "corpora/news-quotes")
	base, _ := draftBase(t, "hearings", "Hearings", []article{
		{path: filepath.Join(corpus, "12-cbsnews-volker-morrison-testimony-2019.txt"), published: "2019-11-19", outlet: "CBS News"},
		{path: filepath.Join(corpus, "08-deccanherald-white-house-impeachment-2019.txt"), published: "2019-11-20"},
	})
	b, err := knowledge.LoadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.People {
		if strings.Contains(p.Name, " and ") {
			t.Errorf("person %q: two people drafted as one", p.Name)
		}
		for _, a := range p.Aliases {
			if strings.ContainsAny(a, "’'") {
				t.Errorf("%s has the alias %q, a description naming someone else", p.ID, a)
			}
		}
	}
	for _, c := range []struct{ who, words, notWords string }{
		{"Vindman", "Frankly I couldn't believe what I was hearing", "that's something I would've expected to be notified about"},
		{"Vindmann", "Frankly I couldn't believe what I was hearing", "that's something I would've expected to be notified about"},
		{"Morrison", "that's something I would've expected to be notified about", "Frankly I couldn't believe what I was hearing"},
	} {
		stdout, stderr, code := runCLI(t, "", "ask", "--kb", base, "/who-said "+c.who)
		if code != 0 || !strings.Contains(stdout, c.words) || strings.Contains(stdout, c.notWords) {
			t.Errorf("/who-said %s: exit %d, %s; want %q and no words of anyone else (%q)\n%s", c.who, code, stderr, c.words, c.notWords, stdout)
		}
	}
}

// TestKBDraftArchiveFolder checks that kb draft makes the archive folder
// it is given, and that when the archive cannot be written no file citing
// it is left behind.
func TestKBDraftArchiveFolder(t *testing.T) {
	dir := t.TempDir()
	art := writeFile(t, dir, "a.txt", "“The dam held,” the engineer said on Monday.\n")
	into := filepath.Join(dir, "next.yaml")
	if _, stderr, code := runCLI(t, "", "kb", "draft", "--into", into, "--archive-dir", filepath.Join(dir, "kb", "sources"), "--source-id", "dam", art); code != 0 {
		t.Fatalf("kb draft into a new archive folder: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "kb", "sources", "dam.txt")); err != nil {
		t.Errorf("the archive was not written: %v", err)
	}
	// A file where the folder should be: the archive cannot be written.
	blocked := writeFile(t, dir, "blocked", "")
	into2 := filepath.Join(dir, "next2.yaml")
	if _, _, code := runCLI(t, "", "kb", "draft", "--into", into2, "--archive-dir", filepath.Join(blocked, "sources"), "--source-id", "dam2", art); code == 0 {
		t.Fatalf("kb draft with an archive folder under a file: exit 0")
	}
	if _, err := os.Stat(into2); err == nil {
		t.Errorf("kb draft left %s, which cites an archive it could not write", into2)
	}
}
