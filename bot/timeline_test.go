package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// TestTimelineDatesAsWritten checks that /timeline reads a date as people
// write it, in words, without its year, or in Russian and Ukrainian, and
// that words which only look like one (a weekday, a number) stay words.
func TestTimelineDatesAsWritten(t *testing.T) {
	e := otherEngine(t)
	for _, tt := range []struct {
		line, locale, title string
		want, not           []string
	}{
		{"/timeline 5 march", "", "Timeline: 5 March 2024", []string{"The bridge is closed"}, []string{"cracks", "reopen"}},
		{"/timeline March 5th", "", "Timeline: 5 March 2024", []string{"The bridge is closed"}, []string{"cracks"}},
		{"/timeline Mar. 4, 2024", "", "Timeline: 4 March 2024", []string{"cracks"}, []string{"The bridge is closed"}},
		{"/timeline march", "", "Timeline: March 2024", []string{"cracks", "The bridge is closed"}, []string{"reopen"}},
		{"/timeline 5 марта", i18n.LocaleRU, "Хронология: 5 марта 2024", []string{"The bridge is closed"}, []string{"cracks"}},
		{"/timeline 05.03.2024", i18n.LocaleRU, "Хронология: 5 марта 2024", []string{"The bridge is closed"}, []string{"cracks"}},
		{"/timeline 03/05/2024", "", "Timeline: 5 March 2024", []string{"The bridge is closed"}, []string{"cracks"}},
		{"/timeline квітень 2024", i18n.LocaleUK, "Хронологія: квітень 2024", []string{"reopen"}, []string{"cracks"}},
		// Not a day of the timeline but a weekday the sources name.
		{"/timeline monday", "", "Timeline: “monday”", []string{"cracks"}, nil},
		{"/timeline 9 june", "", "Nothing on “9 june”", nil, []string{"cracks"}},
		{"/timeline 9 июня 2024", i18n.LocaleRU, "Ничего за 9 июня 2024", []string{"нет ничего о событиях, датированных 9 июня 2024."}, []string{"cracks"}},
		// A number alone names no month, though go-dateparser reads "3"
		// and "3rd" as March in English and "4 5" as 5 April.
		{"/timeline 3", "", "Nothing on “3”", nil, []string{"cracks"}},
		{"/timeline 3rd", "", "Nothing on “3rd”", nil, []string{"cracks"}},
		{"/timeline 3 4", "", "Nothing on “3 4”", nil, []string{"cracks"}},
	} {
		got := Plain(e.Ask(context.Background(), Request{Line: tt.line, Locale: tt.locale}))
		if title, _, _ := strings.Cut(got, "\n"); title != tt.title {
			t.Errorf("%s: title %q; want %q\n%s", tt.line, title, tt.title, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", tt.line, w, got)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q, which is not on that date, in\n%s", tt.line, w, got)
			}
		}
	}
}

// TestTimelineDayBeforeMonth checks that an event dated only to a month
// is listed after those dated to the day asked for, as one that may or
// may not fall on it, not among them.
func TestTimelineDayBeforeMonth(t *testing.T) {
	b, err := knowledge.Load("month.yaml", []byte(strings.Replace(otherBase(t), `date: "2024-03-04"`, `date: "2024-03"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	got := Plain(New(nil, b, Config{}).Ask(context.Background(), Request{Line: "/timeline 2024-03-05"}))
	closed, cracks := strings.Index(got, "The bridge is closed"), strings.Index(got, "cracks")
	if closed < 0 || cracks < closed || !strings.Contains(got, "Entry 2 is dated only to a range of days that includes 5 March 2024.") {
		t.Errorf("/timeline 2024-03-05 does not list the day's event first and the month's after it, with a note:\n%s", got)
	}
}

// FuzzReadDate: whatever a user types, readDate returns, and a date it
// reads is a real one: its month and day exist, and written with its year
// it reads back as the same date.
func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"17 November 2024", "nov 17", "17.11.2024", "3 мая 2023", "травень", "monday", "120", "yesterday", "2 days ago", "the bridge", "31 february", "Feb 29, 2023", "", "\xff", strings.Repeat("9 ", 20), strings.Repeat("17 november ", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			// Commands arrive as UTF-8.
			return
		}
		for _, loc := range []string{i18n.LocaleEN, i18n.LocaleRU} {
			d, yearless, ok := readDate(s, loc)
			if !ok {
				continue
			}
			if d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || d.Day > 0 && d.Month == 0 {
				t.Fatalf("readDate(%q, %s) = %+v, not a date", s, loc, d)
			}
			if yearless {
				continue
			}
			back, err := knowledge.ParseDate(d.String())
			if err != nil || back.String() != d.String() {
				t.Fatalf("readDate(%q, %s) = %s, which reads back as %s (%v)", s, loc, d, back, err)
			}
		}
	})
}

// TestAskOnADay checks that /ask reads a day the question names as a
// date, not as words the base must hold: it answers from the entries
// dated on that day, and refuses when none of them answers, rather than
// show what is dated on another day.
func TestAskOnADay(t *testing.T) {
	b, err := knowledge.Load("said.yaml", []byte(strings.Replace(otherBase(t), "    speaker: lind\n", "    speaker: lind\n    said: \"2024-03-05\"\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, b, Config{})
	for _, tt := range []struct{ question, want string }{
		{"what happened on 5 March", "> The city closed the bridge to all traffic on Tuesday."},
		// The ranking keeps none of the day's entries for "what
		// happened" on this base: no answer, rather than another day's.
		{"what happened on March 4, 2024?", ""},
		{"what did Mara Lind say on 03/05/2024", "“Safety comes first,” Mayor Mara Lind said."},
		// Lind's other words are undated, and she said nothing on the
		// day of the inspection.
		{"what did Mara Lind say on 4 March", ""},
		{"what happened on 9 June", ""},
		{"what happened on 9 June 2024", ""},
		// Nothing is dated 9 May in any year of the base: her words of
		// May, undated, do not answer it (they did, the day being left
		// in the question as words, though refused with the year).
		{"what did Mara Lind say on 9 May", ""},
	} {
		a := e.Ask(context.Background(), Request{Line: "/ask " + tt.question})
		got := Plain(a)
		switch {
		case tt.want == "" && !a.NotFound:
			t.Errorf("/ask %s: answered; want no answer:\n%s", tt.question, got)
		case tt.want != "" && !strings.Contains(got, tt.want):
			t.Errorf("/ask %s: does not show %q:\n%s", tt.question, tt.want, got)
		}
	}
}

// TestAskAroundADay checks that a day after "before", "after" or "since"
// bounds the span asked about, and is not itself the day asked about:
// "what happened before 5 March" led with what happened on 5 March; and
// that "between" two days asks of the days from the one to the other.
func TestAskAroundADay(t *testing.T) {
	b, err := knowledge.Load("said.yaml", []byte(strings.Replace(otherBase(t), "    speaker: lind\n", "    speaker: lind\n    said: \"2024-03-05\"\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	e := New(nil, b, Config{})
	for _, tt := range []struct{ question, lead, not string }{
		{"what happened before 5 March", "", "The city closed the bridge"},
		{"what happened before March 5, 2024?", "", "The city closed the bridge"},
		{"what happened after 5 March", "", "The city closed the bridge"},
		{"what happened since 5 march", "The city closed the bridge", "cracks"},
		{"what did Mara Lind say after 4 March", "Safety comes first", ""},
		{"what did Mara Lind say before 5 March", "", "Safety comes first"},
		{"what did Mara Lind say by 5 March", "Safety comes first", ""},
		{"what happened between 4 and 5 March", "The city closed the bridge", "reopen"},
		{"what did Mara Lind say between 1 March and 6 March 2024?", "Safety comes first", ""},
		{"what did Mara Lind say between 6 and 9 March", "", "Safety comes first"},
		{"что случилось после 5 марта", "", "The city closed the bridge"},
		{"що сталося після 5 березня", "", "The city closed the bridge"},
	} {
		got := Plain(e.Ask(context.Background(), Request{Line: "/ask " + tt.question}))
		lead, _, _ := strings.Cut(strings.TrimPrefix(got, "What the sources say\n\n"), "\n")
		if tt.not != "" && strings.Contains(lead, tt.not) {
			t.Errorf("/ask %s: leads with what is dated outside the span asked about:\n%s", tt.question, got)
		}
		if tt.lead != "" && !strings.Contains(lead, tt.lead) {
			t.Errorf("/ask %s: does not lead with %q:\n%s", tt.question, tt.lead, got)
		}
	}
}

// TestAskOnADayOfAQuote checks that a day written without its year is
// read against the years of the quotes too: a quote said on a day no
// event is dated was refused when asked for without the year.
func TestAskOnADayOfAQuote(t *testing.T) {
	b, err := knowledge.Load("said.yaml", []byte(strings.Replace(otherBase(t), "    speaker: lind\n", "    speaker: lind\n    said: \"2024-03-10\"\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	got := Plain(New(nil, b, Config{}).Ask(context.Background(), Request{Line: "/ask what did Mara Lind say on 10 March"}))
	if want := "“Safety comes first,” Mayor Mara Lind said."; !strings.Contains(got, want) {
		t.Errorf("/ask what did Mara Lind say on 10 March: does not show %q:\n%s", want, got)
	}
}

// FuzzAskedDate: whatever a question holds, askedDate returns, and what it
// takes out as a date is a run of the question's words, the rest as they
// were.
func FuzzAskedDate(f *testing.F) {
	for _, s := range []string{"what happened on 5 March", "what did she say on Nov. 15, 2024?", "did they fire 120 missiles", "что случилось 17 ноября", "march 4 4 4 4 4 4", "5.3.2024 5.3.2024", ""} {
		f.Add(s)
	}
	r := answerer{b: otherEngine(f).Base(), loc: i18n.LocaleEN}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) || len(q) > 400 {
			// Commands arrive as UTF-8; a long question's date is read
			// the same way, word by word, and takes no longer a word.
			return
		}
		rest, _, ok := r.askedDate(q)
		words, left := strings.Fields(q), strings.Fields(rest)
		if !ok {
			if rest != q {
				t.Fatalf("askedDate(%q) found no date but changed it to %q", q, rest)
			}
			return
		}
		if len(left) >= len(words) {
			t.Fatalf("askedDate(%q) found a date but took out no word: %q", q, rest)
		}
		cut := len(words) - len(left)
		for a := 0; a+cut <= len(words); a++ {
			if strings.Join(append(slices.Clone(words[:a]), words[a+cut:]...), " ") == rest {
				return
			}
		}
		t.Fatalf("askedDate(%q) left %q, which is not the question less a run of its words", q, rest)
	})
}

// TestTimelineLeapDay checks that 29 February written without a year is
// read against the timeline's years like any other day, not as a day of
// a leap year the parser picks (it was "Nothing on 29 February 2000"),
// and that it is not made a day of a year that has none.
func TestTimelineLeapDay(t *testing.T) {
	b, err := knowledge.Load("leap.yaml", []byte(strings.Replace(otherBase(t), `date: "2024-03-04"`, `date: "2024-02-29"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"/timeline 29 february", "/timeline 29.02"} {
		got := Plain(New(nil, b, Config{}).Ask(context.Background(), Request{Line: line}))
		if !strings.HasPrefix(got, "Timeline: 29 February 2024\n") || !strings.Contains(got, "cracks") {
			t.Errorf("%s does not list the events of 29 February 2024:\n%s", line, got)
		}
	}
	year, err := knowledge.Load("year.yaml", []byte(strings.Replace(otherBase(t), `date: "2024-03-04"`, `date: "2023"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := Plain(New(nil, year, Config{}).Ask(context.Background(), Request{Line: "/timeline feb 29"})); strings.Contains(got, "29 February 2023") {
		t.Errorf("/timeline feb 29 names a day 2023 has not:\n%s", got)
	}
}

// TestYearsOf checks the years a date written without its year stands
// for: each year some entry's date holds it, in order, and of a range
// that runs for decades (a typo's year) only its first and last years.
func TestYearsOf(t *testing.T) {
	dates := func(ss ...string) []knowledge.Date {
		var ds []knowledge.Date
		for _, s := range ss {
			d, err := knowledge.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
		return ds
	}
	may4 := knowledge.Date{Year: 2001, Month: 5, Day: 4}
	for _, tt := range []struct {
		dated []knowledge.Date
		want  string
	}{
		{dates("2023-05-04", "2022-05-01/2022-05-30", "2021-06-01"), "[2022-05-04 2023-05-04]"},
		{dates("2020-05/2021-04"), "[2020-05-04]"},
		{dates("0023-01-01/2024-12-31"), "[0023-05-04 0024-05-04 0025-05-04 2021-05-04 2022-05-04 2023-05-04 2024-05-04]"},
		{dates("../2023-05-04"), "[2023-05-04]"},
	} {
		var got []string
		for _, d := range yearsOf(may4, true, tt.dated) {
			got = append(got, d.String())
		}
		if s := "[" + strings.Join(got, " ") + "]"; s != tt.want {
			t.Errorf("yearsOf(4 May, %v) = %s; want %s", tt.dated, s, tt.want)
		}
	}
}

// TestAskedDateInTheQuestionsLanguage checks that a date in numbers is
// read in the order of the question's language when it shows one, whatever
// the asker's client says: 05.03.2024 in a Russian question is 5 March.
func TestAskedDateInTheQuestionsLanguage(t *testing.T) {
	r := answerer{b: otherEngine(t).Base(), loc: i18n.LocaleEN}
	for q, want := range map[string]string{
		"что случилось 05.03.2024":    "[2024-03-05]",
		"what happened on 03.05.2024": "[2024-03-05]",
	} {
		_, dates, ok := r.askedDate(q)
		var got []string
		for _, d := range dates {
			got = append(got, d.String())
		}
		if s := "[" + strings.Join(got, " ") + "]"; !ok || s != want {
			t.Errorf("askedDate(%q) = %s, %v; want %s", q, s, ok, want)
		}
	}
}
