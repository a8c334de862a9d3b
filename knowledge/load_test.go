package knowledge

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readValid(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadValid(t *testing.T) {
	b, err := Load("valid.yaml", []byte(readValid(t)))
	if err != nil {
		t.Fatalf("Load(valid.yaml) = %v", err)
	}
	if got := b.Counts(); got["events"] != 1 || got["quotes"] != 1 || got["people"] != 3 {
		t.Errorf("Counts() = %v", got)
	}
}

// TestProblems breaks the valid fixture one way at a time and checks the
// message an admin sees, with its line and column.
func TestProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old with new in the valid file
		want     string // the whole first problem line
	}{
		{"unknown key", "    date_note: Wednesday\n", "    date_note: Wednesday\n    dat: x\n",
			"valid.yaml:29:5: events[0].dat: unknown key \"dat\"; known keys here: id, date, date_note, title, summary, actors, tags, citations"},
		{"missing required", "    title: Drones explode over the Kremlin\n", "",
			"valid.yaml:26:5: events[0].title: required field is missing"},
		{"empty required", "    language: en\n", "    language:\n",
			"valid.yaml:11:14: sources[0].language: required field is empty"},
		{"impossible date", `date: "2023-05-03"`, `date: "2023-02-30"`,
			"valid.yaml:27:11: events[0].date: impossible date \"2023-02-30\": February has no day 30"},
		{"malformed date", `date: "2023-05-03"`, `date: "May 3rd"`,
			"valid.yaml:27:11: events[0].date: malformed date \"May 3rd\": want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM], or a range START/END, ../END (on or before) or START/.. (on or after)"},
		{"range ending before it starts", `date: "2023-05-03"`, `date: "2023-05-04/2023-05-03"`,
			"valid.yaml:27:11: events[0].date: impossible date \"2023-05-04/2023-05-03\": the range ends before it starts"},
		{"impossible month", `published: "2023-05"`, `published: "2023-13"`,
			"valid.yaml:9:16: sources[0].published: impossible date \"2023-13\": there is no month 13"},
		{"duplicate id", "  - id: zelensky\n", "  - id: peskov\n",
			"valid.yaml:21:9: people[2].id: duplicate id \"peskov\", first used at line 13"},
		{"unknown person", "    speaker: peskov\n", "    speaker: peskov2\n",
			"valid.yaml:38:14: quotes[0].speaker: unknown person \"peskov2\""},
		{"unknown actor", "    actors: [zelensky]\n", "    actors: [zelensky, putin]\n",
			"valid.yaml:31:24: events[0].actors[1]: unknown person \"putin\""},
		{"unknown source", "      - source: article\n        excerpt: \"Two", "      - source: articel\n        excerpt: \"Two",
			"valid.yaml:34:17: events[0].citations[0].source: unknown source \"articel\""},
		{"unknown quote", "        quote: peskov-washington\n", "        quote: peskov-moscow\n",
			"valid.yaml:54:16: claims[0].positions[0].quote: unknown quote \"peskov-moscow\""},
		{"direct quote not in excerpt", `text: "decisions are made in Washington"`, `text: "decisions are made in Moscow"`,
			"valid.yaml:40:11: quotes[0].text: direct quote is not word for word inside any of its citations' excerpts"},
		{"empty excerpt", `excerpt: "Two drones were flown toward the Kremlin."`, `excerpt: "  "`,
			"valid.yaml:35:18: events[0].citations[0].excerpt: required field is empty"},
		{"no citations", "    citations:\n      - source: article\n        excerpt: \"Two drones were flown toward the Kremlin.\"\n", "    citations: []\n",
			"valid.yaml:33:16: events[0].citations: required field is empty"},
		{"blank title", "    title: Drones explode over the Kremlin\n", "    title: \"   \"\n",
			"valid.yaml:29:12: events[0].title: required field is empty"},
		{"direct quote elided", `text: "decisions are made in Washington"`, `text: "decisions ... Washington"`,
			"valid.yaml:40:11: quotes[0].text: direct quote is not word for word inside any of its citations' excerpts"},
		{"direct quote from inside a word", `text: "decisions are made in Washington"`, `text: "ecisions are made"`,
			"valid.yaml:40:11: quotes[0].text: direct quote is not word for word inside any of its citations' excerpts"},
		{"someone else's quote", "      - actor: peskov\n", "      - actor: zelensky\n",
			"valid.yaml:54:16: claims[0].positions[0].quote: quote \"peskov-washington\" is by \"peskov\", not by this position's actor \"zelensky\""},
		{"group not true or false", "    aliases: [US, U.S., America, Washington]\n", "    aliases: [US, U.S., America, Washington]\n    group: yes please\n",
			"valid.yaml:21:12: people[1].group: want true or false, got \"yes please\""},
		{"group a list", "    aliases: [US, U.S., America, Washington]\n", "    aliases: [US, U.S., America, Washington]\n    group: [true]\n",
			"valid.yaml:21:12: people[1].group: want true or false, got a list"},
		{"unknown kind", "    kind: direct\n", "    kind: verbatim\n",
			"valid.yaml:39:11: quotes[0].kind: unknown kind \"verbatim\"; want direct or paraphrase"},
		{"unknown status", "    status: disputed\n", "    status: disputd\n",
			"valid.yaml:50:13: claims[0].status: unknown status \"disputd\"; want one of alleged, denied, disputed, unverified, assessed-likely, assessed-unlikely, under-investigation, confirmed, refuted"},
		{"unknown stance", "        stance: asserts\n", "        stance: claims\n",
			"valid.yaml:53:17: claims[0].positions[0].stance: unknown stance \"claims\"; want one of asserts, denies, doubts, assesses"},
		{"empty item", "events:\n", "events:\n  -\n",
			"valid.yaml:26:4: events[0].id: required field is missing"},
		{"wrong type", "    aliases: [Zelenskyy, Зеленский]\n", "    aliases: {a: b}\n",
			"valid.yaml:24:14: people[2].aliases: want a list, got a mapping"},
		{"bad url", "    archive: article.txt\n", "    archive: article.txt\n    url: javascript:alert(1)\n",
			"valid.yaml:11:10: sources[0].url: want an http or https URL, got \"javascript:alert(1)\""},
		{"archive_url not an archive", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: https://example.org/a\n",
			"valid.yaml:11:18: sources[0].archive_url: \"example.org\" is not a web archive this file knows: want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is); got \"https://example.org/a\""},
		{"archive_url over http", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: http://web.archive.org/web/20230504120000/https://example.org/a\n",
			"valid.yaml:11:18: sources[0].archive_url: not an https link to a web archive: want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is); got \"http://web.archive.org/web/20230504120000/https://example.org/a\""},
		{"archive_url impossible timestamp", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: https://web.archive.org/web/20230230120000/https://example.org/a\n",
			"valid.yaml:11:18: sources[0].archive_url: the Wayback timestamp 20230230120000 is not a date and time since 1996 (YYYYMMDDhhmmss); got \"https://web.archive.org/web/20230230120000/https://example.org/a\""},
		{"archive_url short timestamp", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: https://web.archive.org/web/2023/https://example.org/a\n",
			"valid.yaml:11:18: sources[0].archive_url: not a link to one Wayback Machine capture: want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is); got \"https://web.archive.org/web/2023/https://example.org/a\""},
		{"archive_url without the page", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: https://web.archive.org/web/20230504120000/article\n",
			"valid.yaml:11:18: sources[0].archive_url: the Wayback link does not end with the archived page's http or https URL: want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is); got \"https://web.archive.org/web/20230504120000/article\""},
		{"archive_url archive.today search", "    archive: article.txt\n", "    archive: article.txt\n    archive_url: https://archive.ph/newest/https://example.org/a\n",
			"valid.yaml:11:18: sources[0].archive_url: not a link to one archive.today capture: want https://web.archive.org/web/<14-digit timestamp>/<article URL> or https://archive.ph/<id> (also archive.today, archive.is); got \"https://archive.ph/newest/https://example.org/a\""},
		{"archive path", "    archive: article.txt\n", "    archive: ../../etc/passwd\n",
			"valid.yaml:10:14: sources[0].archive: want a bare file name, got \"../../etc/passwd\""},
		{"syntax error", "    title: An article\n", "    title: An article: really\n",
			"valid.yaml:8:5: YAML syntax: mapping values are not allowed in this context; a colon followed by a space inside an unquoted value; put the value in double quotes"},
		// The library names line 25 ("events:"), where the list starts.
		{"dedented line", "    date_note: Wednesday\n", "  date_note: Wednesday\n",
			"valid.yaml:28:3: YAML syntax: did not find expected '-' indicator; check this line's indentation: it must line up with the other keys of its entry, or with the \"- \" of its list"},
		{"indented line", "    date_note: Wednesday\n", "      date_note: Wednesday\n",
			"valid.yaml:28:7: YAML syntax: did not find expected key; check this line's indentation: it must line up with the other keys of its entry, or with the \"- \" of its list"},
		// A key one or two spaces deeper than the "key: value" above it:
		// the hint is the indentation, at that line, not quoting.
		{"over-indented key", "    kind: direct\n", "      kind: direct\n",
			"valid.yaml:39:1: YAML syntax: mapping values are not allowed in this context; this line is indented deeper than the key on the line above it; line its key up with that one"},
		{"over-indented by one", "    kind: direct\n", "     kind: direct\n",
			"valid.yaml:39:1: YAML syntax: mapping values are not allowed in this context; this line is indented deeper than the key on the line above it; line its key up with that one"},
		{"unclosed quote, a line later", `    text: "decisions are made in Washington"`, `    text: "decisions are made in Washington`,
			"valid.yaml:40:11: YAML syntax: a quoted value starts on this line and is not closed on it; end it with a \" (and write a \" inside it as \\\")"},
		{"tab", "    date_note: Wednesday\n", "  \tdate_note: Wednesday\n",
			"valid.yaml:28:4: YAML syntax: found character that cannot start any token; this line is indented with a tab; indent with spaces only"},
		{"tab after spaces", "    title: Drones explode over the Kremlin\n", "    \ttitle: Drones explode over the Kremlin\n",
			"valid.yaml:29:6: YAML syntax: found a tab character that violates indentation; this line is indented with a tab; indent with spaces only"},
		{"unclosed quote", `    excerpt: "Two drones were flown toward the Kremlin."`, `    excerpt: "Two drones were flown toward the Kremlin.`,
			"valid.yaml:35:18: YAML syntax: a quoted value starts on this line and is not closed on it; end it with a \" (and write a \" inside it as \\\")"},
		{"anchor", "    role: Kremlin spokesman\n", "    role: &r Kremlin spokesman\n",
			"valid.yaml:15:11: YAML anchors and aliases (& and *) are not allowed in a knowledge file; write the value out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := readValid(t)
			if !strings.Contains(src, tt.old) {
				t.Fatalf("fixture has no %q", tt.old)
			}
			_, err := Load("valid.yaml", []byte(strings.Replace(src, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatal("Load succeeded; want a problem")
			}
			first, _, _ := strings.Cut(err.Error(), "\n")
			if first != tt.want {
				t.Errorf("first problem:\n got %s\nwant %s", first, tt.want)
			}
		})
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	src := readValid(t)
	src = strings.Replace(src, "    speaker: peskov\n", "    speaker: nobody\n", 1)
	src = strings.Replace(src, "    status: disputed\n", "    status: maybe\n", 1)
	src = strings.Replace(src, "    actors: [zelensky]\n", "    actors: [ghost]\n", 1)
	_, err := Load("valid.yaml", []byte(src))
	ps, ok := err.(Problems)
	if !ok || len(ps) != 3 {
		t.Fatalf("Load = %v; want 3 problems", err)
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems out of file order: %v", ps)
		}
	}
}

// TestOneProblemDoesNotHideAnother checks that a bad date does not hide a
// typo in a speaker: both are reported in one run.
func TestOneProblemDoesNotHideAnother(t *testing.T) {
	src := strings.Replace(readValid(t), "    speaker: peskov\n", "    speaker: peskv\n", 1)
	src = strings.Replace(src, `date: "2023-05-03"`, `date: "2023-02-30"`, 1)
	_, err := Load("valid.yaml", []byte(src))
	want := "valid.yaml:27:11: events[0].date: impossible date \"2023-02-30\": February has no day 30\n" +
		"valid.yaml:38:14: quotes[0].speaker: unknown person \"peskv\""
	if err == nil || err.Error() != want {
		t.Errorf("Load = %v\nwant %s", err, want)
	}
	// A field that cannot be decoded is reported once, not again by the
	// checks that would read it.
	src = strings.Replace(readValid(t), "    kind: direct\n", "    kind: [direct]\n", 1)
	src = strings.Replace(src, "    status: disputed\n", "    status: {a: b}\n", 1)
	_, err = Load("valid.yaml", []byte(src))
	want = "valid.yaml:39:11: quotes[0].kind: want text, got a list\n" +
		"valid.yaml:50:13: claims[0].status: want text, got a mapping"
	if err == nil || err.Error() != want {
		t.Errorf("Load = %v\nwant %s", err, want)
	}
}

// TestProblemsBounded checks that a file with a problem on every line is
// refused with the first ShownProblems problems and a count of the rest,
// having stopped checking at MaxProblems.
func TestProblemsBounded(t *testing.T) {
	data := "events:\n" + strings.Repeat("- not an event\n", 225_000)
	_, err := Load("big.yaml", []byte(data))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load = %v; want Problems", err)
	}
	if len(ps) != MaxProblems {
		t.Errorf("%d problems collected; want checking to stop at %d", len(ps), MaxProblems)
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != ShownProblems+1 {
		t.Fatalf("Error() has %d lines; want %d problems and a count", len(lines), ShownProblems+1)
	}
	if want := "big.yaml:2:3: events[0]: want a mapping of keys to values, got a single value"; lines[0] != want {
		t.Errorf("first line %q; want %q", lines[0], want)
	}
	if want := "big.yaml: and at least 900 more problems (checking stopped at 1000)"; lines[ShownProblems] != want {
		t.Errorf("last line %q; want %q", lines[ShownProblems], want)
	}
	if want := "1000 or more problems (checking stopped there)"; ps.Count() != want {
		t.Errorf("Count() = %q; want %q", ps.Count(), want)
	}
}

func TestRefusesHostileFiles(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	tests := []struct {
		name, data, want string
	}{
		{"alias bomb", bomb, "x.yaml:1:4: YAML anchors and aliases (& and *) are not allowed in a knowledge file; write the value out"},
		{"too large", strings.Repeat("#", MaxFileSize+1), "x.yaml: file is 67108865 bytes, over the limit of 64 MiB"},
		{"empty", "", "x.yaml: file is empty"},
		{"deep", "incident:" + strings.Repeat(" [", 20) + strings.Repeat("]", 20), "x.yaml:1:35: nested more than 12 levels deep"},
		{"not a mapping", "- 1\n- 2\n", "x.yaml:1:1: want a mapping of keys to values, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("x.yaml", []byte(tt.data))
			if err == nil {
				t.Fatal("Load succeeded; want a refusal")
			}
			if first, _, _ := strings.Cut(err.Error(), "\n"); first != tt.want {
				t.Errorf("got  %s\nwant %s", first, tt.want)
			}
		})
	}
}

func TestCheckArchives(t *testing.T) {
	dir := t.TempDir()
	article := "Two drones were flown toward the Kremlin. Then “decisions are made in Washington,” he said.\n"
	if err := os.WriteFile(dir+"/article.txt", []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	if ps := CheckArchives("valid.yaml", []byte(readValid(t)), dir); len(ps) > 0 {
		t.Fatalf("CheckArchives(valid) = %v", ps)
	}
	broken := strings.Replace(readValid(t), "Two drones were flown toward", "Three drones were flown toward", 1)
	ps := CheckArchives("valid.yaml", []byte(broken), dir)
	want := `valid.yaml:35:18: events[0].citations[0].excerpt: excerpt is not word for word in the archived text of source "article": the archive has nothing like its words “Three drones were flown”`
	if len(ps) != 1 || ps[0].Error() != want {
		t.Errorf("CheckArchives(changed excerpt) = %v\nwant %s", ps, want)
	}
	broken = strings.Replace(readValid(t), "Two drones were flown toward", "Two drones were launched toward", 1)
	want = `valid.yaml:35:18: events[0].citations[0].excerpt: excerpt is not word for word in the archived text of source "article": after “Two drones were”, the excerpt has “launched toward the Kremlin.” where the archive's line 1 has “flown toward the Kremlin.”`
	if ps := CheckArchives("valid.yaml", []byte(broken), dir); len(ps) != 1 || ps[0].Error() != want {
		t.Errorf("CheckArchives(changed word) = %v\nwant %s", ps, want)
	}
	if ps := CheckArchives("valid.yaml", []byte(readValid(t)), t.TempDir()); len(ps) != 1 || !strings.Contains(ps[0].Error(), `sources[0].archive: archive "article.txt" not readable`) {
		t.Errorf("CheckArchives(missing archive) = %v", ps)
	}
}

func TestContains(t *testing.T) {
	text := "He said: “We had nothing to do with this,\n so Peskov is just lying there.” Then he left."
	tests := []struct {
		excerpt string
		want    bool
	}{
		{`"We had nothing to do with this, so Peskov is just lying there."`, true},
		{"“We had nothing … lying there.”", true},
		{"We had nothing ... he left.", true},
		{"he left ... We had nothing", false},
		{"We had something to do with this", false},
	}
	for _, tt := range tests {
		if got := Contains(text, tt.excerpt); got != tt.want {
			t.Errorf("Contains(text, %q) = %v; want %v", tt.excerpt, got, tt.want)
		}
	}
}
