package bot

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/incidentbot/incidentbot/knowledge"
)

func newEngine(t testing.TB) *Engine {
	t.Helper()
	b, err := knowledge.Default()
	if err != nil {
		t.Fatalf("knowledge.Default() = %v", err)
	}
	return New(b, nil)
}

// TestAnswers checks what a user sees for each command on the default base:
// the title, whether it is a "nothing found" answer, and words that must
// (and must not) appear in the plain-text rendering.
func TestAnswers(t *testing.T) {
	e := newEngine(t)
	tests := []struct {
		line      string
		title     string
		notFound  bool
		contains  []string
		forbidden []string
	}{
		{"/timeline", "Timeline: Drone attack on the Kremlin, 3 May 2023", false,
			[]string{"1. February 2023", "Seymour Hersh", "Source: "}, nil},
		{"timeline 2023-05-25", "Timeline: 25 May 2023", false, []string{"New York Times"}, []string{"Victory Day"}},
		{"/timeline 2023-02", "Timeline: February 2023", false, []string{"Nord Stream"}, []string{"Victory Day"}},
		{"/timeline May 9, 2023", "Timeline: 9 May 2023", false, []string{"Victory Day parade"}, nil},
		{"/timeline 2022", "Nothing on 2022", true, []string{"The knowledge base has nothing on events dated 2022"}, nil},
		{"/timeline parade", "Timeline: “parade”", false, []string{"Victory Day parade (scheduled)"}, nil},
		{"/timeline Medvedev", "Timeline: “Medvedev”", false, []string{"physical elimination"}, nil},
		{"/who-said Peskov", "Quotes by Dmitry Peskov", false,
			[]string{"Quotes by Dmitry Peskov\n\n1. ", "“We are well aware that decisions on such a level of terrorist attacks are made not in Kyiv, but in Washington,”", "Kremlin spokesman", "daily briefing"}, nil},
		{"/who-said peskow", "Quotes by Dmitry Peskov", false, []string{"No one in the knowledge base goes by “peskow”; the closest is Dmitry Peskov."}, nil},
		{"/who-said Peskova", "Quotes by Dmitry Peskov", false, []string{"No one in the knowledge base goes by “Peskova”; the closest is Dmitry Peskov."}, nil},
		{"/who-said Песков", "Quotes by Dmitry Peskov", false, nil, []string{"No one in the knowledge base goes by"}},
		{"/who-said Пескова", "Quotes by Dmitry Peskov", false, []string{"the closest is Dmitry Peskov"}, nil},
		{"/ask Пескова", "What the sources say", false, []string{"Peskov says Washington was behind the attack"}, nil},
		{"/ask Путин любит кошек и собак", "No answer in the knowledge base", true, nil, nil},
		{"/who-said Kremlin spokesman", "Quotes by Dmitry Peskov", false, nil, nil},
		{"/who-said Secretary of State", "Quotes by Antony Blinken", false, []string{"very large shaker of salt"}, nil},
		{"/who-said Blinkin", "Quotes by Antony Blinken", false, nil, nil},
		{"/who-said Kirby", "Quotes by John Kirby", false,
			[]string{"“I can assure you there was no involvement by the United States.", "4 May 2023", "via MSNBC"}, nil},
		{"/who-said Medvedev", "Quotes by Dmitry Medvedev", false, []string{"Telegram", "via TASS", "physical elimination of Zelensky and his clique"}, nil},
		{"/who-said Zelensky", "No recorded quotes from Volodymyr Zelensky", true, []string{"The sources quote no words of theirs. They are mentioned here:"}, nil},
		{"/who-said terrorist attack", "Quotes matching “terrorist attack”", false, []string{"Dmitry Peskov", "Dmitry Medvedev"}, nil},
		{"/who-said the weather in Paris", "No quotes on “the weather in Paris”", true, []string{"It covers Drone attack on the Kremlin"}, nil},
		{"/ask who carried out the attack", "What the sources say", false, []string{"Ukraine"}, nil},
		{"/ask what did Peskov say about Washington", "What the sources say", false, []string{"Peskov"}, nil},
		{"/ask what is the capital of France", "No answer in the knowledge base", true,
			[]string{"The knowledge base has nothing on “what is the capital of France”. It covers"}, []string{"Francis Scarr"}},
		{"/claims", "Claims and who stands where", false, []string{"[disputed]", "asserts", "denies"}, nil},
		{"/claims nord stream", "Claims on “nord stream”", false, []string{"[alleged]", "Seymour Hersh"}, nil},
		{"/claims bananas", "No claims on “bananas”", true, nil, nil},
		{"/sources", "Sources", false, []string{"Published: 25 May 2023"}, []string{"Outlet:", "URL:", "Author:"}},
		{"/check the US was behind the drone attack on the Kremlin", "What the sources say about this message", false, []string{"[denied]"}, nil},
		{"/help", "Commands", false, []string{"/who-said <person or words>", "Example: /timeline 2023-05"}, nil},
		{"/help claims", "Commands", false, []string{"/claims [topic]"}, []string{"/who-said"}},
		{"/who-said", "/who-said needs person or words", false, []string{"Example: /who-said Peskov"}, nil},
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

// TestEveryItemCited checks the product's first promise on every page of
// every command: each item carries a citation with a source title, and each
// direct quote is inside its excerpt.
func TestEveryItemCited(t *testing.T) {
	e := newEngine(t)
	for _, line := range []string{"/timeline", "/who-said Peskov", "/who-said Kirby", "/who-said attack", "/claims", "/sources", "/ask drones over the Kremlin", "/check Ukraine attacked the Kremlin"} {
		first := e.Ask(context.Background(), Request{Line: line})
		for p := 1; p <= first.Pages; p++ {
			a := e.Ask(context.Background(), Request{Line: line, Page: p})
			for _, it := range a.Items {
				cs := it.Citations
				for _, pos := range it.Positions {
					if len(pos.Citations) == 0 {
						t.Errorf("%s page %d: %s %s: position of %s has no citation", line, p, it.Kind, it.ID, pos.Actor)
					}
					cs = append(cs, pos.Citations...)
				}
				if len(cs) == 0 {
					t.Errorf("%s page %d: %s %s has no citation", line, p, it.Kind, it.ID)
				}
				for _, c := range cs {
					if c.Title == "" {
						t.Errorf("%s: %s %s cites a source without a title", line, it.Kind, it.ID)
					}
				}
				if it.Direct && !slicesAny(it.Citations, func(c Citation) bool { return knowledge.Contains(c.Excerpt, it.Text) }) {
					t.Errorf("%s: direct quote %s is not inside its excerpts", line, it.ID)
				}
			}
		}
	}
}

func slicesAny(cs []Citation, f func(Citation) bool) bool {
	for _, c := range cs {
		if f(c) {
			return true
		}
	}
	return false
}

func TestPaging(t *testing.T) {
	e := newEngine(t)
	first := e.Ask(context.Background(), Request{Line: "/claims"})
	if first.Pages < 2 || first.Page != 1 || len(first.Items) != PageSize {
		t.Fatalf("/claims page 1: Page=%d Pages=%d items=%d", first.Page, first.Pages, len(first.Items))
	}
	seen := map[string]bool{}
	for p := 1; p <= first.Pages; p++ {
		for _, it := range e.Ask(context.Background(), Request{Line: "/claims", Page: p}).Items {
			if seen[it.ID] {
				t.Errorf("claim %s on two pages", it.ID)
			}
			seen[it.ID] = true
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
	got := e.Suggest("pes", 25)
	if len(got) == 0 || !strings.HasPrefix(strings.ToLower(got[0]), "pes") {
		t.Errorf("Suggest(pes) = %q; want names starting with pes first", got)
	}
	if n := len(e.Suggest("", 25)); n != 25 {
		t.Errorf("Suggest(\"\", 25) gave %d names; want 25", n)
	}
}

// TestNoChatLibraries keeps the dependency rule: knowledge and bot never
// import a chat platform's library.
func TestNoChatLibraries(t *testing.T) {
	const mod = "github.com/incidentbot/incidentbot/"
	chat := []string{"github.com/bwmarrin/discordgo", "github.com/slack-go/slack"}
	for pkg, banned := range map[string][]string{
		mod + "bot":              chat,
		mod + "knowledge":        append(chat, mod+"bot"),
		mod + "knowledge/export": append(chat, mod+"bot"),
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
		if a.Title == "" || a.Page < 1 || a.Page > a.Pages || len(a.Items) > PageSize && !a.Help {
			t.Fatalf("Ask(%q) = title %q page %d/%d with %d items", line, a.Title, a.Page, a.Pages, len(a.Items))
		}
	})
}
