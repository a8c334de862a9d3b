package draft

import (
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

const small = `Kremlin spokesman Dmitry Peskov claimed that Washington had masterminded the attack.

“We are well aware that decisions are made in Washington,” he said in his daily briefing with reporters. “Kyiv only does what it is told to do.”

“Our hands are clean,” said Jane Doe-Smith, a spokeswoman for the Example Institute, on her Telegram channel, according to TASS.

The party renamed its account to “factcheckUK” during the debate, and a forum called “XDA Developers” sparked a wave of “Cleggmania”.
`

func draftOf(t *testing.T, text string, m Meta) (*Draft, *knowledge.Base) {
	t.Helper()
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	art, err := ParseArticle([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(art, Extract(art.Text, &base.File), &base.File, m)
	if err != nil {
		t.Fatal(err)
	}
	return d, base
}

// draftAlone drafts text as draftOf does, with no base to add to: a new
// incident's first article.
func draftAlone(t *testing.T, text string, m Meta) *Draft {
	t.Helper()
	art, err := ParseArticle([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(art, Extract(art.Text, nil), nil, m)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDraftYAML(t *testing.T) {
	d, base := draftOf(t, small, Meta{SourceID: "example", Title: "Example article", Name: "example.txt"})
	y := string(d.YAML())
	draftHolds(t, y,
		"  - id: \"example\"\n    title: \"Example article\"\n    archive: \"example.txt\"\n    language: \"en\"\n",
		"# review: outlet, published and url come only from --outlet, --published and --url; left out when not given, never guessed",
		// A new person, with the role the apposition at their first mention gives.
		"  - id: \"jane-doe-smith\"\n    name: \"Jane Doe-Smith\"\n    role: \"spokeswoman for the Example Institute\"\n",
		// The pronoun resolved, and the choice marked.
		"# review: speaker “he” taken to be Dmitry Peskov, named before",
		"    speaker: \"peskov\"\n    kind: \"direct\"\n    text: \"We are well aware that decisions are made in Washington,\"\n    medium: \"daily briefing with reporters\"\n",
		// The second half of the split quotation, its excerpt both sentences.
		"    text: \"Kyiv only does what it is told to do.\"\n",
		"excerpt: \"“We are well aware that decisions are made in Washington,” he said in his daily briefing with reporters. “Kyiv only does what it is told to do.”\"",
		// Channel: the medium and the outlet it came through.
		"    medium: \"Telegram channel\"\n    via: [\"TASS\"]\n",
		// Reported speech is a paraphrase, flagged for rewriting, that
		// keeps the reporting verb's stance.
		"    kind: \"paraphrase\"\n    text: \"claimed that Washington had masterminded the attack\"\n",
	)
	for _, not := range []string{"outlet:", "published:", "url:", "factcheckUK", "XDA Developers", "Cleggmania"} {
		if strings.Contains(y, not) {
			t.Errorf("draft has %q: a guessed field, or a name or scare quote taken for a quotation\n%s", not, y)
		}
	}
	if n := strings.Count(y, "speaker: \"peskov\""); n != 3 {
		t.Errorf("%d entries by peskov; want 3 (one paraphrase, two direct)", n)
	}
	// Merged into the base, it validates.
	merged := d.Merge(knowledge.DefaultData())
	if _, ps := knowledge.Parse("merged.yaml", merged); len(ps) > 0 {
		t.Fatalf("merged file does not validate:\n%v", ps)
	}
	if n := strings.Count(string(merged), "\n  - id: \"jane-doe-smith\""); n != 1 {
		t.Errorf("merged file has %d new people jane-doe-smith; want 1", n)
	}
	_ = base
}

func TestDraftMetaFromFlagsOnly(t *testing.T) {
	d, _ := draftOf(t, small, Meta{SourceID: "ex", Title: "T", Outlet: "Example Times", Published: "2023-05-04", URL: "https://example.org/a", Name: "a.txt"})
	y := string(d.YAML())
	want := "    outlet: \"Example Times\"\n    published: \"2023-05-04\"\n    url: \"https://example.org/a\"\n"
	if !strings.Contains(y, want) {
		t.Errorf("draft lacks the flags' outlet, date and URL %q\n%s", want, y)
	}
	if strings.Contains(y, "never guessed") {
		t.Error("the review note about missing outlet, date and URL is there although all were given")
	}
	// The Wayback link is only proposed, in a review comment, and is one
	// the knowledge file would accept.
	const wayback = "https://web.archive.org/web/20230504000000/https://example.org/a"
	if !strings.Contains(y, "# review: archive_url: "+wayback+" may open") || strings.Contains(y, "\n    archive_url:") {
		t.Errorf("draft does not propose %s for review only\n%s", wayback, y)
	}
	if err := knowledge.CheckArchiveURL(wayback); err != nil {
		t.Errorf("CheckArchiveURL(%s) = %v", wayback, err)
	}
}

// TestDraftDateline checks that an agency's dateline inside the
// publication range given pins the source's day, that weekdays are
// counted from it, and that the notes say where the day comes from.
func TestDraftDateline(t *testing.T) {
	const text = "PORTVILLE, Nov 17 (Reuters) - Two missiles struck the port on Saturday, the mayor said.\n\nThe mayor, Ana Ruiz, said the harbour was closed.\n"
	d, _ := draftOf(t, text, Meta{SourceID: "ex", Title: "T", Published: "2024-11", Name: "a.txt"})
	y := string(d.YAML())
	draftHolds(t, y,
		"    published: \"2024-11-17\"\n",
		"# review: published: 2024-11-17 is the day of the article's dateline “PORTVILLE, Nov 17 (Reuters)”, inside the publication date 2024-11 given",
	)
	if len(d.Events) == 0 || d.Events[0].Date.String() != "2024-11-16" || !strings.Contains(d.Events[0].DateNote, "dateline") {
		t.Errorf("events %+v; want the first dated 2024-11-16, the Saturday before the dateline's day, its note saying so", d.Events)
	}
	// The dateline is where the copy was filed: no title, paraphrase or
	// statement begins with it, though the excerpts, verbatim, do.
	if len(d.Events) == 0 || !strings.HasPrefix(d.Events[0].Title, "Two missiles struck") || !strings.HasPrefix(d.Events[0].Citations[0].Excerpt, "PORTVILLE") {
		t.Errorf("events %+v; want the title without the dateline and the excerpt with it", d.Events)
	}
	for _, q := range d.Quotes {
		if strings.Contains(q.Text, "Reuters") {
			t.Errorf("quote text %q holds the dateline", q.Text)
		}
	}
	for _, c := range d.Claims {
		if strings.Contains(c.Statement, "Reuters") {
			t.Errorf("claim statement %q holds the dateline", c.Statement)
		}
	}
}

func TestDraftRefusals(t *testing.T) {
	base, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	art := Article{Text: small}
	tests := []struct {
		m    Meta
		want string
	}{
		{Meta{SourceID: "doubts"}, `--source-id "doubts": the knowledge base already has a source with that id`},
		{Meta{SourceID: "a b"}, `--source-id "a b": an id has no spaces or slashes`},
		{Meta{SourceID: "x", Published: "2023-02-30"}, `--published: impossible date "2023-02-30"`},
		{Meta{SourceID: "x", Published: "yesterday"}, `--published:`},
		{Meta{SourceID: "x", URL: "ftp://example.org"}, `--url "ftp://example.org": want an http or https URL`},
	}
	for _, tt := range tests {
		_, err := New(art, nil, &base.File, tt.m)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) error = %v; want %q", tt.m, err, tt.want)
		}
	}
}

func TestDraftWithoutQuotes(t *testing.T) {
	d, _ := draftOf(t, "The weather was fine. Nobody said anything of note.\n", Meta{SourceID: "calm", Title: "Calm", Name: "calm.txt"})
	y := string(d.YAML())
	if len(d.Quotes) != 0 || !strings.Contains(y, "# No attributed quotations found in the article.") {
		t.Errorf("draft of an article without quotations:\n%s", y)
	}
	if _, ps := knowledge.Parse("merged.yaml", d.Merge(knowledge.DefaultData())); len(ps) > 0 {
		t.Errorf("merged file does not validate:\n%v", ps)
	}
}

func TestMergeSections(t *testing.T) {
	d, _ := draftOf(t, small, Meta{SourceID: "ex", Title: "T", Name: "a.txt"})
	// A base with an empty flow-style list and no quotes section at all.
	base := "incident:\n  id: x\n  title: X\n  summary: s\n  as_of: \"2026-01-01\"\nsources: []\npeople:\n  - id: peskov\n    name: Dmitry Peskov\n\n# the end\n"
	merged := string(d.Merge([]byte(base)))
	for _, want := range []string{"sources:\n  # review:", "    name: Dmitry Peskov\n  # review:", "\n# the end\nquotes:\n"} {
		if !strings.Contains(merged, want) {
			t.Errorf("merged file lacks %q:\n%s", want, merged)
		}
	}
}

// draftHolds fails t for each of wants the drafted file y lacks.
func draftHolds(t *testing.T, y string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(y, want) {
			t.Errorf("draft lacks %q\n--- draft:\n%s", want, y)
		}
	}
}
