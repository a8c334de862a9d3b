package bot

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentbot/incidentbot/bot/metrics"
	"github.com/incidentbot/incidentbot/knowledge"
)

func newEngine(t testing.TB) *Engine {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("knowledge.Default() = %v", err)
	}
	return New(nil, b, Config{})
}

// mustMetrics is metrics.New, registered with reg.
func mustMetrics(t testing.TB, reg prometheus.Registerer) *metrics.Metrics {
	t.Helper()
	m, err := metrics.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestAnswers checks what a user sees for each command on the default base:
// the title, whether it is a "nothing found" answer, and words that must
// (and must not) appear in the plain-text rendering. Lists are compact: one
// line per event or claim, the speaker once in the title, and neither the
// curator's date notes nor excerpts, which are in the details.
func TestAnswers(t *testing.T) {
	e := newEngine(t)
	const peskov, blinken, kirby = "Dmitry Peskov, Kremlin spokesman", "Antony Blinken, U.S. Secretary of State", "John Kirby, National Security Council spokesman"
	tests := []struct {
		line      string
		title     string
		notFound  bool
		contains  []string
		forbidden []string
	}{
		{"/timeline", "Timeline: Drone attack on the Kremlin, 3 May 2023", false,
			[]string{"\n1. February 2023 — Seymour Hersh says Biden gave the go-ahead", "\n2. 3 May 2023 — Two drones flown toward the Kremlin\n", "\n7. 3–4 May 2023 — Peskov says Washington was behind the attack\n"}, []string{"> ", "Not dated"}},
		{"timeline 2023-05-25", "Timeline: 25 May 2023", false, []string{"New York Times"}, []string{"Victory Day"}},
		{"/timeline 2023-02", "Timeline: February 2023", false, []string{"Nord Stream"}, []string{"Victory Day"}},
		{"/timeline May 9, 2023", "Timeline: 9 May 2023", false, []string{"Victory Day parade"}, nil},
		{"/timeline 2022", "Nothing on 2022", true, []string{"The knowledge base has nothing on events dated 2022"}, nil},
		{"/timeline parade", "Timeline: “parade”", false, []string{"Victory Day parade (scheduled)"}, nil},
		{"/timeline Medvedev", "Timeline: “Medvedev”", false, []string{"physical elimination"}, nil},
		{"/who-said Peskov", peskov, false,
			[]string{peskov + "\n\n1. (paraphrase) Washington masterminded the attack.", "“We are well aware that decisions on such a level of terrorist attacks are made not in Kyiv, but in Washington,”",
				"— 3–4 May 2023 · daily briefing with reporters · Doubts commentary"},
			// The name once, in the title; the date note and excerpts in the details.
			[]string{"Peskov, Kremlin spokesman ·", "Not dated", "> "}},
		{"/who-said peskow", peskov, false, []string{"No one in the knowledge base goes by “peskow”; the closest is " + peskov + "."}, nil},
		{"/who-said Peskova", peskov, false, []string{"No one in the knowledge base goes by “Peskova”; the closest is " + peskov + "."}, nil},
		{"/who-said Песков", peskov, false, nil, []string{"No one in the knowledge base goes by"}},
		{"/who-said Пескова", peskov, false, []string{"the closest is " + peskov}, nil},
		{"/ask Пескова", "What the sources say", false, []string{"Peskov"}, nil},
		{"/ask Путин любит кошек и собак", "No answer in the knowledge base", true, nil, nil},
		{"/who-said Kremlin spokesman", peskov, false, nil, nil},
		{"/who-said Secretary of State", blinken, false, []string{"very large shaker of salt"}, nil},
		{"/who-said Blinkin", blinken, false, nil, nil},
		{"/who-said Kirby", kirby, false,
			[]string{"“I can assure you there was no involvement by the United States.”", "4 May 2023", "via MSNBC"}, nil},
		{"/who-said Medvedev", "Dmitry Medvedev, former Russian President", false, []string{"Telegram", "via TASS", "physical elimination of Zelensky and his clique"}, nil},
		{"/who-said Zelensky", "No recorded quotes from Volodymyr Zelensky", true, []string{"The sources quote no words of theirs. They are mentioned here:"}, nil},
		// Quotes by several people name each speaker.
		{"/who-said terrorist attack", "Quotes matching “terrorist attack”", false, []string{"— Dmitry Peskov, Kremlin spokesman ·", "— Dmitry Medvedev, former Russian President ·"}, nil},
		{"/who-said the weather in Paris", "No quotes on “the weather in Paris”", true, []string{"It covers Drone attack on the Kremlin"}, nil},
		// /ask leads with a passage, verbatim, then at most three lines.
		{"/ask who carried out the attack", "What the sources say", false,
			[]string{"\n> ", "Ukraine’s special military or intelligence units", "\nMore:\n2. "}, []string{"\n5. ", "Nord Stream"}},
		{"/ask what did Peskov say about Washington", "What the sources say", false, []string{"Washington", "Dmitry Peskov"}, nil},
		{"/ask what is the capital of France", "No answer in the knowledge base", true,
			[]string{"The knowledge base has nothing on “what is the capital of France”. It covers"}, []string{"Francis Scarr"}},
		{"/ask is the moon made of cheese", "No answer in the knowledge base", true, nil, []string{"\n1. ", "> "}},
		{"/claims", "Claims and who stands where", false, []string{"[disputed]", "Asserted by Russian government", "denied by John Kirby"},
			// One line per claim: no positions' words, no double parentheses.
			[]string{" asserts: ", "> ", "((", "))"}},
		{"/claims nord stream", "Claims on “nord stream”", false, []string{"[alleged]", "Seymour Hersh asserts: (paraphrase) US President Joe Biden gave the go-ahead"}, nil},
		{"/claims bananas", "No claims on “bananas”", true, nil, nil},
		{"/sources", "Sources", false, []string{"Published: 25 May 2023"}, []string{"Outlet:", "URL:", "Author:"}},
		{"/check the US was behind the drone attack on the Kremlin", "What the sources say about this message", false, []string{"[denied]", "denied by John Kirby"}, nil},
		{"/check the moon is made of cheese", "Nothing to check this against", true, nil, []string{"[disputed]", "[denied]"}},
		{"/help", "Commands", false, []string{"/who-said <person or words>", "Example: /timeline 2023-05", "/check <message text>"}, nil},
		{"/help claims", "Commands", false, []string{"/claims [topic]"}, []string{"/who-said"}},
		{"/who-said", "/who-said needs person or words", false, []string{"Example: /who-said John Kirby"}, nil},
		{"/claim nord stream", "Unknown command /claim", false, []string{"Did you mean /claims?", "/claims [topic]"}, []string{"/sources"}},
		{"/frobnicate now", "Unknown command /frobnicate", false, []string{"These are the commands:", "/sources"}, nil},
		{"", "No command given", false, []string{"/timeline"}, nil},
		{"/ask " + strings.Repeat("x", MaxLineRunes+1), "That is 4001 characters; /ask takes at most 4000", false, []string{"/ask <question>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			a := e.Ask(context.Background(), Request{Platform: "test", Line: tt.line})
			if a.Title != tt.title {
				t.Errorf("Ask(%q).Title = %q; want %q", tt.line, a.Title, tt.title)
			}
			if a.NotFound != tt.notFound {
				t.Errorf("Ask(%q).NotFound = %v; want %v", tt.line, a.NotFound, tt.notFound)
			}
			// Search all pages, as a user paging through would.
			text := Plain(a)
			for p := 2; p <= a.Pages; p++ {
				text += Plain(e.Ask(context.Background(), Request{Line: tt.line, Page: p}))
			}
			for _, s := range tt.contains {
				if !strings.Contains(text, s) {
					t.Errorf("Ask(%q) does not show %q:\n%s", tt.line, s, text)
				}
			}
			for _, s := range tt.forbidden {
				if strings.Contains(text, s) {
					t.Errorf("Ask(%q) shows %q:\n%s", tt.line, s, text)
				}
			}
		})
	}
}

// TestDetails checks the details view a Details control opens: the
// entry's words, the curator's full date note, where and through whom,
// and every excerpt with its source in full; a reference that is not (or
// no longer) in the base says so, privately.
func TestDetails(t *testing.T) {
	e := newEngine(t)
	b := e.Base()
	q, ev, c := b.Quote("peskov-washington"), b.Event("peskov-briefing"), b.Claim("us-involvement")
	doubts := b.Source("doubts").Title
	tests := []struct {
		ref      string
		contains []string
	}{
		{"quote/peskov-washington", []string{"Dmitry Peskov, Kremlin spokesman\n", "“" + q.Text + "”", "Date: " + q.Said.Human() + ". " + q.DateNote,
			"Where: daily briefing with reporters", "Context: " + q.Context, "  > " + q.Citations[0].Excerpt + "\n", "    — " + doubts}},
		{"event/peskov-briefing", []string{ev.Title, ev.Summary, "Date: " + ev.Date.Human() + ". " + ev.DateNote, "Actors: Dmitry Peskov, Kremlin spokesman",
			"  > " + ev.Citations[1].Excerpt + "\n", "    — " + doubts}},
		{"claim/us-involvement", []string{c.Statement + " [denied]", "- John Kirby denies: “I can assure you there was no involvement by the United States.”",
			"John Kirby denies:\n", "  > He added that the U.S. did not “encourage or enable” Ukraine to strike Russia.\n"}},
	}
	for _, tt := range tests {
		a := e.Ask(context.Background(), Request{Details: tt.ref})
		if a.Title != "Details" || !a.Private || a.NotFound || a.Lead == nil || !a.Lead.HasDetails() || len(a.Items) != 0 {
			t.Errorf("details of %s: title %q private %v not found %v, lead %v with %d items; want a private lead with details", tt.ref, a.Title, a.Private, a.NotFound, a.Lead != nil, len(a.Items))
		}
		text := Plain(a)
		for _, s := range tt.contains {
			if !strings.Contains(text, s) {
				t.Errorf("details of %s do not show %q:\n%s", tt.ref, s, text)
			}
		}
	}
	for _, ref := range []string{"quote/no-such-quote", "event/", "claim", "source/doubts", "", "quote/peskov-washington/x"} {
		a := e.Ask(context.Background(), Request{Details: ref, Line: "/who-said Peskov"})
		if ref == "" {
			// No details asked for: the line is answered.
			continue
		}
		if a.Title != "No longer in the knowledge base" || !a.NotFound || !a.Private || len(a.Items) != 0 {
			t.Errorf("details of %q: title %q not found %v private %v items %d; want a private No longer in the knowledge base", ref, a.Title, a.NotFound, a.Private, len(a.Items))
		}
	}
}

// TestEveryItemCited checks the product's first promise on every page of
// every command: each entry opens to details with at least one excerpt
// from a named source, each quote in a list names its source, and each
// speaker's exact words are inside an excerpt of theirs.
func TestEveryItemCited(t *testing.T) {
	e := newEngine(t)
	for _, line := range []string{"/timeline", "/who-said Peskov", "/who-said Kirby", "/who-said attack", "/claims", "/claims false flag", "/ask drones over the Kremlin", "/ask who carried out the attack", "/check Ukraine attacked the Kremlin"} {
		first := e.Ask(context.Background(), Request{Line: line})
		for p := 1; p <= first.Pages; p++ {
			a := e.Ask(context.Background(), Request{Line: line, Page: p})
			items := a.Items
			if a.Lead != nil {
				items = append([]Item{*a.Lead}, items...)
				if a.Lead.Meta == "" {
					t.Errorf("%s: the lead names no one and no source", line)
				}
			}
			if len(items) == 0 {
				t.Errorf("%s page %d: no items", line, p)
			}
			for _, it := range items {
				if it.Ref == "" {
					t.Errorf("%s page %d: %s item %q opens no details", line, p, it.Kind, it.Heading)
					continue
				}
				if it.Kind == KindQuote && it.Heading == "" && it.Meta == "" {
					t.Errorf("%s: quote %s names no source", line, it.Ref)
				}
				d := e.Ask(context.Background(), Request{Details: it.Ref})
				if d.Lead == nil || len(d.Lead.Excerpts) == 0 {
					t.Errorf("%s: details of %s have no excerpt", line, it.Ref)
					continue
				}
				full := *d.Lead
				for _, x := range full.Excerpts {
					if x.Source == "" || x.Text == "" {
						t.Errorf("%s: %s cites %+v without a source or words", line, it.Ref, x)
					}
				}
				for _, w := range append([]Words{full.Words}, full.Lines...) {
					if w.Mark == MarkExact && !excerptsHold(full.Excerpts, w.Text) {
						t.Errorf("%s: %s shows %q as exact words not inside its excerpts", line, it.Ref, w.Text)
					}
				}
			}
		}
	}
}

func excerptsHold(xs []Excerpt, words string) bool {
	for _, x := range xs {
		if knowledge.Contains(x.Text, words) {
			return true
		}
	}
	return false
}

func TestPaging(t *testing.T) {
	e := newEngine(t)
	first := e.Ask(context.Background(), Request{Line: "/claims"})
	if first.Pages < 2 || first.Page != 1 || len(first.Items) != LinePageSize {
		t.Fatalf("/claims page 1: Page=%d Pages=%d items=%d", first.Page, first.Pages, len(first.Items))
	}
	seen := map[string]bool{}
	for p := 1; p <= first.Pages; p++ {
		a := e.Ask(context.Background(), Request{Line: "/claims", Page: p})
		for i, it := range a.Items {
			if seen[it.Ref] {
				t.Errorf("claim %s on two pages", it.Ref)
			}
			seen[it.Ref] = true
			if want := (p-1)*LinePageSize + i + 1; a.Number(i) != want {
				t.Errorf("page %d item %d is numbered %d; want %d", p, i, a.Number(i), want)
			}
		}
	}
	if len(seen) != first.Total {
		t.Errorf("pages hold %d claims; Total = %d", len(seen), first.Total)
	}
	if last := e.Ask(context.Background(), Request{Line: "/claims", Page: 99}); last.Page != first.Pages {
		t.Errorf("page 99 gave page %d; want the last, %d", last.Page, first.Pages)
	}
}

func TestSuggest(t *testing.T) {
	e := newEngine(t)
	got := e.Suggest(Request{Platform: "discord", UserID: "u1"}, "who-said", "pes", 25)
	if len(got) == 0 || !strings.HasPrefix(strings.ToLower(got[0]), "pes") {
		t.Errorf("Suggest(who-said, pes) = %q; want names starting with pes first", got)
	}
	if n := len(e.Suggest(Request{Platform: "discord", UserID: "u1"}, "who-said", "", 25)); n != 25 {
		t.Errorf("Suggest(who-said, \"\", 25) gave %d names; want 25", n)
	}
}

// TestSuggestFromTheBase checks what autocomplete offers on a small base:
// its months then days for /timeline, its claims' topics for /claims, its
// people for /who-said, and nothing for a command without suggestions.
func TestSuggestFromTheBase(t *testing.T) {
	e := otherEngine(t)
	for _, tt := range []struct {
		command, prefix string
		want            []string
	}{
		{"timeline", "", []string{"2024-03", "2024-04", "2024-03-04", "2024-03-05", "2024-04-01"}},
		{"timeline", "2024-04", []string{"2024-04", "2024-04-01"}},
		{"claims", "", []string{"lorries", "structural damage"}},
		{"claims", "dam", []string{"structural damage"}},
		{"who-said", "", []string{"Mara Lind", "City engineers", "Tom Ash"}},
		{"who-said", "ash", []string{"Tom Ash"}},
		{"ask", "", nil},
		{"nonsense", "", nil},
	} {
		if got := e.Suggest(Request{}, tt.command, tt.prefix, 25); !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%s, %q) = %q; want %q", tt.command, tt.prefix, got, tt.want)
		}
	}
}

// TestSuggestNoneWanted: a caller asking for no suggestions, or a
// negative number of them, gets none rather than a panic.
func TestSuggestNoneWanted(t *testing.T) {
	e := otherEngine(t)
	for _, n := range []int{0, -1, -25} {
		if got := e.Suggest(Request{}, "who-said", "", n); len(got) != 0 {
			t.Errorf("Suggest(who-said, \"\", %d) = %q; want none", n, got)
		}
	}
}

// TestNoChatLibraries keeps the dependency rule: knowledge and bot never
// import a chat platform's library, and each adapter imports only its own.
func TestNoChatLibraries(t *testing.T) {
	const mod = "github.com/incidentbot/incidentbot/"
	chat := []string{"github.com/bwmarrin/discordgo", "github.com/slack-go/slack"}
	for pkg, banned := range map[string][]string{
		mod + "bot":              chat,
		mod + "knowledge":        append(chat, mod+"bot"),
		mod + "knowledge/export": append(chat, mod+"bot"),

		// The tests' shared helpers, which both adapters import.
		mod + "bot/internal/bottest": chat,

		// What the adapters share knows neither platform nor the engine.
		mod + "internal/platform": append(chat, mod+"bot"),

		// Each adapter speaks to its own platform only.
		mod + "bot/discord": {"github.com/slack-go/slack"},
		mod + "bot/slack":   {"github.com/bwmarrin/discordgo"},
	} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		for _, b := range banned {
			for _, d := range deps {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
}

// TestNoHTTP keeps the adapters' HTTP plumbing out of the engine: bot
// itself imports no net/http, nor internal/platform, which holds it.
func TestNoHTTP(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, imp := range strings.Fields(string(out)) {
		if imp == "net/http" || strings.HasPrefix(imp, "net/http/") || strings.HasSuffix(imp, "/internal/platform") {
			t.Errorf("bot imports %s", imp)
		}
	}
}

// FuzzParse checks that any command line gets an answer: no panic, a
// title, and help when the command is not understood.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"/timeline", "/who-said Peskov", "ASK  what\x00 happened", "/", "/who-said <!channel> @everyone", "/timeline 2023-02-30", "\xff\xfe"} {
		f.Add(s)
	}
	e := newEngine(f)
	f.Fuzz(func(t *testing.T, line string) {
		c, arg, err := parse(line)
		if err == nil && c.name == "" {
			t.Fatalf("parse(%q) accepted no command", line)
		}
		if strings.ContainsFunc(arg, func(r rune) bool { return r < ' ' }) {
			t.Fatalf("parse(%q) left control characters in %q", line, arg)
		}
		a := e.Ask(context.Background(), Request{Line: line})
		if a.Title == "Sorry, something went wrong" {
			t.Fatalf("Ask(%q) panicked (recovered into an apology)", line)
		}
		if a.Title == "" || a.Page < 1 || a.Page > a.Pages || len(a.Items) > LinePageSize && !a.Help {
			t.Fatalf("Ask(%q) = title %q page %d/%d with %d items", line, a.Title, a.Page, a.Pages, len(a.Items))
		}
	})
}

// TestEveryCommandPaged: every command's answer is paged the same way,
// whether it lists the base's entries or items of its own: its pages hold
// Total items, numbered on from page to page, a page past the last is the
// last, and with Full every entry on every page has its details.
func TestEveryCommandPaged(t *testing.T) {
	e := New(nil, newEngine(t).Base(), Config{Admins: []string{"U1"}})
	for _, line := range []string{"/timeline", "/timeline 2023-05", "/who-said Peskov", "/who-said Zelensky", "/claims", "/claims nord stream",
		"/sources", "/check the US was behind the drone attack on the Kremlin", "/ask who carried out the attack", "/help", "/help kb",
		"/changes", "/kb status", "/kb gaps", "/kb frob"} {
		req := Request{Platform: "test", Line: line, UserID: "U1"}
		first := e.Ask(context.Background(), req)
		if first.Page != 1 || first.Pages < 1 || first.First != 1 {
			t.Errorf("%s: page %d of %d, first item %d; want page 1, first item 1", line, first.Page, first.Pages, first.First)
			continue
		}
		n := 0
		for req.Page = 1; req.Page <= first.Pages; req.Page++ {
			req.Full = false
			a := e.Ask(context.Background(), req)
			req.Full = true
			full := e.Ask(context.Background(), req)
			if a.First != n+1 || len(full.Items) != len(a.Items) {
				t.Errorf("%s page %d: first item %d, %d items (%d with details); want first %d, the same count", line, req.Page, a.First, len(a.Items), len(full.Items), n+1)
			}
			for i, it := range full.Items {
				if it.Ref != "" && !it.HasDetails() {
					t.Errorf("%s page %d, Full: item %d (%s) has no details", line, req.Page, a.Number(i), it.Ref)
				}
			}
			n += len(a.Items)
		}
		if n != first.Total {
			t.Errorf("%s: the pages hold %d items; Total = %d", line, n, first.Total)
		}
		req.Page, req.Full = first.Pages+5, false
		if last := e.Ask(context.Background(), req); last.Page != first.Pages {
			t.Errorf("%s: page %d gave page %d; want the last, %d", line, req.Page, last.Page, first.Pages)
		}
	}
}
