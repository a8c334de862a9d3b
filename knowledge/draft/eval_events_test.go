package draft

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/corpus"
	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// annotated is an article of the corpus with its annotation.
type annotated struct {
	annotation
	text string
	pub  knowledge.Date
	// outlet is the article's outlet, when a reviewed base gives it.
	outlet string
	// group is how the figures are reported: "tuned on", "default base"
	// or "held out".
	group string
}

// readAnnotated reads every annotation with events or claims, and its
// article.
func readAnnotated(t *testing.T) []annotated {
	t.Helper()
	corpus := shared.Dir(t, "corpora/news-quotes")
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no annotations in testdata: %v", err)
	}
	var out []annotated
	for _, f := range files {
		var a annotated
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &a.annotation); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(a.Events) == 0 && len(a.Claims) == 0 {
			continue
		}
		text, err := os.ReadFile(filepath.Join(corpus, a.Article))
		if err != nil {
			t.Fatal(err)
		}
		a.text = string(text)
		if a.Published != "" {
			if a.pub, err = knowledge.ParseDate(a.Published); err != nil {
				t.Fatalf("%s: published: %v", f, err)
			}
		}
		for _, e := range a.Events {
			checkAt(t, a, e.At)
		}
		for _, c := range a.Claims {
			checkAt(t, a, c.At)
		}
		a.group = "tuned on"
		if a.DerivedFrom != "" {
			// Made by someone else from a reviewed base, on an article
			// the drafting rules were not tuned on.
			a.group = "held out"
		}
		out = append(out, a)
	}
	return out
}

func checkAt(t *testing.T, a annotated, at [2]int) {
	t.Helper()
	if at[0] < 0 || at[0] >= at[1] || at[1] > len(a.text) {
		t.Fatalf("%s: annotation at %v is outside the article (%d bytes)", a.Article, at, len(a.text))
	}
}

// Floors a little under what the drafting reaches on the annotated
// articles, the default base's and the reviewed sets' (reported apart)
// left out: on all of them, events 0.904 and dates 0.879, positions
// 0.828 and 0.802; on the held-out ones alone (01 04 06 07, annotated by
// others from reviewed bases, never tuned on), events 0.830 and dates
// 0.774, positions 0.627 and 0.562; on the reviewed bases of the
// articles tuned on, events 0.841 and dates 0.950, positions 0.872 and
// 0.853 (the sixth round's figures). A change that makes any worse
// fails. The targets (event recall 0.8 with 0.9 of dates right,
// claim recall 0.7 with 0.8 of positions right) are met on the articles
// the rules were tuned on; on the held-out ones only event recall is;
// the test logs each group.
const (
	floorEventRecall    = 0.89
	floorDatesRight     = 0.87
	floorClaimRecall    = 0.82
	floorPositionsRight = 0.79

	floorHeldOutEventRecall    = 0.82
	floorHeldOutDatesRight     = 0.77
	floorHeldOutClaimRecall    = 0.62
	floorHeldOutPositionsRight = 0.55

	floorReviewedEventRecall    = 0.83
	floorReviewedDatesRight     = 0.94
	floorReviewedClaimRecall    = 0.86
	floorReviewedPositionsRight = 0.84
)

// eventScore counts, over some articles, the annotated events found, the
// dates of those the article dates, and how many of the drafted dates are
// right.
type eventScore struct{ found, gold, drafted, dated, right, undated int }

func (s *eventScore) add(o eventScore) {
	s.found, s.gold, s.drafted, s.dated, s.right, s.undated = s.found+o.found, s.gold+o.gold, s.drafted+o.drafted, s.dated+o.dated, s.right+o.right, s.undated+o.undated
}

func (s eventScore) String() string {
	return fmt.Sprintf("recall %.3f (%d of %d; %d drafted), dates right %.3f (%d of %d dated from the article's words; %d more drafted as before publication)",
		ratio(s.found, s.gold), s.found, s.gold, s.drafted, ratio(s.right, s.dated), s.right, s.dated, s.undated)
}

// TestCorpusEvents measures the drafted events against the annotations:
// the share of annotated events a drafted event's sentence covers, and of
// the found events the article dates, the share whose drafted date is the
// annotated one. An event the article does not date is drafted as "on or
// before publication" and counted apart.
func TestCorpusEvents(t *testing.T) {
	groups := map[string]*eventScore{}
	var all eventScore
	for _, a := range measured(t) {
		evs := Events(a.text, Extract(a.text, nil), a.pub)
		sc := eventScore{gold: len(a.Events), drafted: len(evs)}
		for _, g := range a.Events {
			gs := span{g.At[0], g.At[1]}
			var hit *Event
			for i := range evs {
				if (span{evs[i].Start, evs[i].End}).overlap(gs) > 0 {
					hit = &evs[i]
					break
				}
			}
			if hit == nil {
				logDetail(t, a, "  MISSED event %q", a.text[gs.start:gs.end])
				continue
			}
			sc.found++
			switch {
			case g.Date == "":
			case hit.Undated:
				sc.undated++
			case hit.Date.String() == g.Date:
				sc.dated++
				sc.right++
			default:
				sc.dated++
				logDetail(t, a, "  WRONG date %s, want %s (%s): %q", hit.Date, g.Date, hit.DateNote, hit.Sentence)
			}
		}
		t.Logf("%-48s events: %s", a.Article, sc)
		if groups[a.group] == nil {
			groups[a.group] = &eventScore{}
		}
		groups[a.group].add(sc)
		if a.group == "tuned on" || a.group == "held out" {
			all.add(sc)
		}
	}
	for _, g := range reportGroups {
		if sc := groups[g]; sc != nil {
			t.Logf("%-12s events: %s", strings.ToUpper(g), sc)
		}
	}
	if r, d := ratio(all.found, all.gold), ratio(all.right, all.dated); r < floorEventRecall || d < floorDatesRight {
		t.Errorf("event recall %.3f, dates right %.3f; want at least %.2f and %.2f", r, d, floorEventRecall, floorDatesRight)
	}
	if h := groups["held out"]; h == nil || ratio(h.found, h.gold) < floorHeldOutEventRecall || ratio(h.right, h.dated) < floorHeldOutDatesRight {
		t.Errorf("held out: events %v; want recall at least %.2f and dates right at least %.2f", h, floorHeldOutEventRecall, floorHeldOutDatesRight)
	}
	if r := groups["reviewed sets"]; r == nil || ratio(r.found, r.gold) < floorReviewedEventRecall || ratio(r.right, r.dated) < floorReviewedDatesRight {
		t.Errorf("reviewed sets: events %v; want recall at least %.2f and dates right at least %.2f", r, floorReviewedEventRecall, floorReviewedDatesRight)
	}
}

// reportGroups are the groups of articles the figures are given for.
var reportGroups = []string{"tuned on", "default base", "reviewed sets", "held out"}

// measured is every article the figures are given for: the annotated
// ones, the default base's, and those of the reviewed sets of the
// articles tuned on.
func measured(t *testing.T) []annotated {
	t.Helper()
	as := readAnnotated(t)
	heldOut := map[string]bool{}
	for _, a := range as {
		if a.group == "held out" {
			heldOut[a.Article] = true
		}
	}
	as = append(as, defaultAnnotated(t)...)
	as = append(as, tuningSetsAnnotated(t, heldOut)...)
	// The outlet of each article, from the reviewed bases that archive
	// it, for the figures of the file kb draft --outlet writes.
	outlets := map[string]string{}
	for _, set := range corpus.Sets(t) {
		b, err := knowledge.LoadFile(set.Base)
		if err != nil {
			t.Fatalf("%s: %v", set.Name, err)
		}
		for _, src := range b.Sources {
			outlets[src.Archive] = src.Outlet
		}
	}
	for i := range as {
		if as[i].outlet == "" {
			as[i].outlet = outlets[as[i].Article]
		}
	}
	return as
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// logDetail logs what was missed or found wrongly, for tuning, with
// DRAFT_EVAL_DETAIL set; only on the articles tuned on, so that the
// held-out ones stay a measure.
func logDetail(t *testing.T, a annotated, format string, args ...any) {
	if testing.Verbose() && os.Getenv("DRAFT_EVAL_DETAIL") != "" && a.group != "held out" {
		t.Logf(format, args...)
	}
}

// TestCorpusClaims measures the drafted positions against the annotated
// ones: the share of annotated positions a drafted position's sentence
// covers, and of those, the share with the same stance and actor. The
// figures are those of the stances the extractor reads (Claims); a second
// line gives, where the article's outlet is known, those of the file `kb
// draft --outlet` writes, which also credits the article's own words no
// other entry cites to the outlet.
func TestCorpusClaims(t *testing.T) {
	groups, drafted := map[string]*claimScore{}, map[string]*claimScore{}
	var all claimScore
	for _, a := range measured(t) {
		var ps []scored
		for _, c := range Claims(a.text, Extract(a.text, nil)) {
			for _, p := range c.Positions {
				ps = append(ps, scored{span{p.Start, p.End}, p.Stance, p.Who.Name, p.Cue, p.Sentence})
			}
		}
		sc := scorePositions(t, a, ps, true)
		t.Logf("%-48s positions: %d of %d found (%d drafted), %d right", a.Article, sc.found, sc.gold, sc.drafted, sc.right)
		add(groups, a.group, sc)
		if a.group == "tuned on" || a.group == "held out" {
			all.found, all.gold, all.right = all.found+sc.found, all.gold+sc.gold, all.right+sc.right
		}
		if a.outlet != "" {
			add(drafted, a.group, scorePositions(t, a, draftedPositions(t, a), false))
		}
	}
	for _, name := range reportGroups {
		if g := groups[name]; g != nil {
			t.Logf("%-12s positions: %s", strings.ToUpper(name), g)
		}
		if g := drafted[name]; g != nil {
			t.Logf("%-12s positions as drafted with --outlet: %s", strings.ToUpper(name), g)
		}
	}
	recall, positionsRight := ratio(all.found, all.gold), ratio(all.right, all.found)
	if recall < floorClaimRecall || positionsRight < floorPositionsRight {
		t.Errorf("claim recall %.3f, positions right %.3f; want at least %.2f and %.2f", recall, positionsRight, floorClaimRecall, floorPositionsRight)
	}
	if h := groups["held out"]; h == nil || ratio(h.found, h.gold) < floorHeldOutClaimRecall || ratio(h.right, h.found) < floorHeldOutPositionsRight {
		t.Errorf("held out: positions %v; want recall at least %.2f and right at least %.2f", h, floorHeldOutClaimRecall, floorHeldOutPositionsRight)
	}
	if r := groups["reviewed sets"]; r == nil || ratio(r.found, r.gold) < floorReviewedClaimRecall || ratio(r.right, r.found) < floorReviewedPositionsRight {
		t.Errorf("reviewed sets: positions %v; want recall at least %.2f and right at least %.2f", r, floorReviewedClaimRecall, floorReviewedPositionsRight)
	}
}

// claimScore counts, over some articles, the annotated positions found,
// those drafted, and those found with the right stance and actor.
type claimScore struct{ found, gold, drafted, right int }

func (s claimScore) String() string {
	return fmt.Sprintf("recall %.3f (%d of %d; %d drafted), right %.3f (%d of %d)", ratio(s.found, s.gold), s.found, s.gold, s.drafted, ratio(s.right, s.found), s.right, s.found)
}

func add(groups map[string]*claimScore, group string, sc claimScore) {
	g := groups[group]
	if g == nil {
		g = &claimScore{}
		groups[group] = g
	}
	g.found, g.gold, g.drafted, g.right = g.found+sc.found, g.gold+sc.gold, g.drafted+sc.drafted, g.right+sc.right
}

// scored is a drafted position as the scorer sees it.
type scored struct {
	at                          span
	stance, actor, cue, excerpt string
}

// scorePositions matches each annotated position of a to a drafted one
// of its sentence, those with the same stance and actor first, so that a
// sentence holding several positions is scored whatever order they are
// annotated in; with detail, it logs what was missed or wrong.
func scorePositions(t *testing.T, a annotated, ps []scored, detail bool) claimScore {
	sc := claimScore{gold: len(a.Claims), drafted: len(ps)}
	used, hits := map[int]bool{}, make([]int, len(a.Claims))
	for _, exact := range []bool{true, false} {
		for k, g := range a.Claims {
			if exact {
				hits[k] = -1
			} else if hits[k] >= 0 {
				continue
			}
			for i, p := range ps {
				if !used[i] && p.at.overlap(span{g.At[0], g.At[1]}) > 0 && (!exact || p.stance == g.Stance && sameSpeaker(p.actor, g.Actor)) {
					hits[k], used[i] = i, true
					break
				}
			}
		}
	}
	logf := func(format string, args ...any) {
		if detail {
			logDetail(t, a, format, args...)
		}
	}
	for k, g := range a.Claims {
		if hits[k] < 0 {
			logf("  MISSED %s [%s] %q", g.Stance, g.Actor, a.text[g.At[0]:g.At[1]])
			continue
		}
		sc.found++
		p := ps[hits[k]]
		if p.stance == g.Stance && sameSpeaker(p.actor, g.Actor) {
			sc.right++
		} else {
			logf("  WRONG %s [%s], want %s [%s] (cue %q): %q", p.stance, p.actor, g.Stance, g.Actor, p.cue, p.excerpt)
		}
	}
	for i, p := range ps {
		if !used[i] {
			logf("  EXTRA %s [%s] (cue %q): %q", p.stance, p.actor, p.cue, p.excerpt)
		}
	}
	return sc
}

// draftedPositions are the positions of the file `kb draft --outlet`
// writes for the article, each located by its excerpt.
func draftedPositions(t *testing.T, a annotated) []scored {
	t.Helper()
	art, err := ParseArticle([]byte(a.text))
	if err != nil {
		t.Fatalf("%s: %v", a.Article, err)
	}
	d, err := New(art, Extract(art.Text, nil), nil, Meta{SourceID: "article", Title: "Article", Name: "article.txt", Published: a.Published, Outlet: a.outlet})
	if err != nil {
		t.Fatalf("%s: %v", a.Article, err)
	}
	names := map[string]string{}
	for _, p := range d.People {
		names[p.ID] = p.Name
	}
	var out []scored
	for _, c := range d.Claims {
		for _, p := range c.Positions {
			if at, ok := findExcerpt(a.text, p.Citations[0].Excerpt); ok {
				out = append(out, scored{span{at[0], at[1]}, p.Stance, names[p.Actor], "", p.Citations[0].Excerpt})
			}
		}
	}
	return out
}
