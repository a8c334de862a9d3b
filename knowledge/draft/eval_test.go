package draft

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/internal/shared"
	"github.com/incidentbot/incidentbot/knowledge"
)

// annotation is one article annotated by hand: every attributed
// quotation, in article order (see testdata/README.md for the rules).
type annotation struct {
	Article string `json:"article"`
	Quotes  []struct {
		Kind    string `json:"kind"`
		Speaker string `json:"speaker"`
		At      [2]int `json:"at"`
	} `json:"quotes"`
	// DerivedFrom names the reviewed base the events and claims were
	// taken from, when someone else annotated them.
	DerivedFrom string `json:"derived_from"`
	// Published is the article's publication date, which relative dates
	// are resolved against.
	Published string `json:"published"`
	// Events are the sentences that report something happening at a time
	// the article gives, with the date they resolve to ("" when the
	// annotation does not judge it).
	Events []struct {
		At   [2]int `json:"at"`
		Date string `json:"date"`
	} `json:"events"`
	// Claims are the positions taken on contested statements: who, which
	// stance, and the sentence that says so.
	Claims []struct {
		Actor  string `json:"actor"`
		Stance string `json:"stance"`
		At     [2]int `json:"at"`
	} `json:"claims"`
}

// item is a quotation as the scorer sees it: where it is, who said it and
// of what kind.
type item struct {
	span    span
	speaker string
	kind    string
}

// score counts matches for precision and recall.
type score struct{ tp, pred, gold int }

func (s *score) add(o score) { s.tp += o.tp; s.pred += o.pred; s.gold += o.gold }

func (s score) prf() (p, r, f float64) {
	if s.pred > 0 {
		p = float64(s.tp) / float64(s.pred)
	}
	if s.gold > 0 {
		r = float64(s.tp) / float64(s.gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s score) String() string {
	p, r, f := s.prf()
	return fmt.Sprintf("P %.3f  R %.3f  F1 %.3f  (%d of %d found, %d predicted)", p, r, f, s.tp, s.gold, s.pred)
}

// match pairs predicted and gold items one to one, closest fit first;
// a pair counts when the spans overlap and same(p, g) holds. This is the
// "all quote spans by overlap" measure Citron reports.
func match(pred, gold []item, same func(p, g item) bool) score {
	sc, _, _ := matchPairs(pred, gold, same)
	return sc
}

// matchPairs is match, also returning which items were paired.
func matchPairs(pred, gold []item, same func(p, g item) bool) (score, map[int]bool, map[int]bool) {
	type pair struct {
		p, g int
		fit  float64 // overlap over the longer span: 1 for the same span
	}
	var pairs []pair
	for i, p := range pred {
		for j, g := range gold {
			if o := p.span.overlap(g.span); o > 0 && same(p, g) {
				pairs = append(pairs, pair{i, j, float64(o) / float64(max(p.span.len(), g.span.len()))})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.fit, a.fit) })
	usedP, usedG := map[int]bool{}, map[int]bool{}
	tp := 0
	for _, pr := range pairs {
		if usedP[pr.p] || usedG[pr.g] {
			continue
		}
		usedP[pr.p], usedG[pr.g] = true, true
		tp++
	}
	return score{tp: tp, pred: len(pred), gold: len(gold)}, usedP, usedG
}

// sameSpeaker compares speaker names loosely: case, a leading article,
// an honorific and "Jr." aside, one may be a fuller form of the other
// ("Andrii Sybiha" and "Foreign Minister Andrii Sybiha").
func sameSpeaker(a, b string) bool {
	norm := func(s string) string {
		s = " " + strings.ToLower(knowledge.Fold(s)) + " "
		s = strings.NewReplacer(" jr.", " ", " jr ", " ", ".", "", ",", " ").Replace(s)
		f := strings.Fields(s)
		if len(f) > 1 && (f[0] == "the" || f[0] == "a" || f[0] == "an") {
			f = f[1:]
		}
		return " " + strings.Join(f, " ") + " "
	}
	x, y := norm(a), norm(b)
	return strings.Contains(x, y) || strings.Contains(y, x)
}

// locate turns each gold quotation's byte offsets into a span of the
// article, checking that they fall inside it.
func locate(t *testing.T, text string, a annotation) []item {
	var out []item
	for _, q := range a.Quotes {
		start, end := q.At[0], q.At[1]
		if start < 0 || start >= end || end > len(text) {
			t.Fatalf("%s: annotation at %v is outside the article (%d bytes)", a.Article, q.At, len(text))
		}
		out = append(out, item{span{start, end}, q.Speaker, q.Kind})
	}
	return out
}

// Floors a little under what the extractor reaches on the annotated
// articles (0.988, 0.971, and 1.000 and 0.989 when they were set), so that
// a change that makes it worse fails. The targets are lower: (b)
// F1 0.85, (c) precision and recall 0.95.
const (
	floorSpanF1    = 0.95 // (a) every quotation, by overlap
	floorSpeakerF1 = 0.93 // (b) and with the right speaker
	floorDirectP   = 0.97 // (c) direct quotations only
	floorDirectR   = 0.97
)

// TestCorpusAccuracy measures the extractor against hand annotations of
// articles of the news-quotes corpus: precision, recall and F1 for (a)
// quotation spans, (b) spans with the right speaker and (c) direct
// quotations only.
func TestCorpusAccuracy(t *testing.T) {
	corpus := shared.Dir(t, "corpora/news-quotes")
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no annotations in testdata: %v", err)
	}
	var spans, speakers, direct score
	for _, f := range files {
		var a annotation
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &a); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		text, err := os.ReadFile(filepath.Join(corpus, a.Article))
		if err != nil {
			t.Fatal(err)
		}
		gold := locate(t, string(text), a)
		var pred []item
		for _, q := range Extract(string(text), nil) {
			pred = append(pred, item{span{q.Start, q.End}, q.Speaker, q.Kind})
		}
		anyKind := func(p, g item) bool { return true }
		rightSpeaker := func(p, g item) bool { return sameSpeaker(p.speaker, g.speaker) }
		s, sp := match(pred, gold, anyKind), match(pred, gold, rightSpeaker)
		d := match(onlyKind(pred, Direct), onlyKind(gold, Direct), anyKind)
		t.Logf("%-48s spans %s", a.Article, s)
		t.Logf("%-48s +speaker %s", "", sp)
		t.Logf("%-48s direct %s", "", d)
		if testing.Verbose() && os.Getenv("DRAFT_EVAL_DETAIL") != "" {
			detail(t, string(text), pred, gold)
		}
		spans.add(s)
		speakers.add(sp)
		direct.add(d)
	}
	t.Logf("ALL (a) quote spans:           %s", spans)
	t.Logf("ALL (b) spans with speaker:    %s", speakers)
	t.Logf("ALL (c) direct quotes only:    %s", direct)
	if _, _, f := spans.prf(); f < floorSpanF1 {
		t.Errorf("(a) span F1 %.3f; want at least %.2f", f, floorSpanF1)
	}
	if _, _, f := speakers.prf(); f < floorSpeakerF1 {
		t.Errorf("(b) span+speaker F1 %.3f; want at least %.2f", f, floorSpeakerF1)
	}
	if p, r, _ := direct.prf(); p < floorDirectP || r < floorDirectR {
		t.Errorf("(c) direct P %.3f R %.3f; want at least %.2f and %.2f", p, r, floorDirectP, floorDirectR)
	}
}

func onlyKind(items []item, kind string) []item {
	var out []item
	for _, it := range items {
		if it.kind == kind {
			out = append(out, it)
		}
	}
	return out
}

// detail logs what was missed and what was found wrongly, for tuning.
func detail(t *testing.T, text string, pred, gold []item) {
	_, okP, okG := matchPairs(pred, gold, func(p, g item) bool { return sameSpeaker(p.speaker, g.speaker) })
	for i, g := range gold {
		if !okG[i] {
			t.Logf("  MISSED %s [%s] %q", g.kind, g.speaker, text[g.span.start:g.span.end])
		}
	}
	for i, p := range pred {
		if !okP[i] {
			t.Logf("  WRONG  %s [%s] %q", p.kind, p.speaker, text[p.span.start:p.span.end])
		}
	}
}
