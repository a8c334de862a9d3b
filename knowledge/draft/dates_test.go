package draft

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/knowledge"
)

func TestFindDate(t *testing.T) {
	for _, c := range []struct {
		sentence, pub, prev string
		want                string
		note                string // a part of the note; "" for none
	}{
		{"The hostages were released Tuesday in a swap.", "2019-11-19", "", "2019-11-19", "Tuesday on or before"},
		{"The office announced Monday that he pleaded guilty.", "2019-11-19", "", "2019-11-18", "Monday"},
		{"Explosions were heard early Thursday.", "2023-05-05", "", "2023-05-04", "Thursday"},
		{"His sentencing is scheduled for Feb. 14, the office said.", "2019-11-19", "", "2020-02-14", "first after"},
		{"He was arrested in April for a March 21 call.", "2019-11-19", "", "2019-04", "April"},
		{"A missile hit the market on Sept. 7, officials said.", "2023-09-20/..", "", "2023-09-07", "Sept. 7"},
		{"The report was published on September 25, 2019.", "2023-09-20", "", "2019-09-25", ""},
		{"They were abducted in August 2016.", "2019-11-19", "", "2016-08", ""},
		{"Trump scuttled the talks in September.", "2019-11-19", "", "2019-09", "September"},
		{"The president announced it last month.", "2019-11", "", "2019-10", "last month"},
		{"Ghani announced the exchange last week.", "2019-11-19", "", "2019-11-11/2019-11-17", "last week"},
		{"Services were disrupted since June this year.", "2014-12-29", "", "2014-06/..", "since"},
		{"Held since 2016, they were released Tuesday.", "2019-11-19", "", "2019-11-19", "Tuesday"},
		{"It first appeared in 2014.", "2019-11", "", "2014", ""},
		{"The ministry had warned the day before.", "2019-11-19", "2019-11-12", "2019-11-11", "the day before"},
		{"The next year, the group released videos.", "2019-11-19", "2016-08", "2017", "The next year"},
		{"Users said it was still down yesterday.", "2014-12-29", "", "2014-12-28", "yesterday"},
		{"A prospect she denied earlier in the day.", "2019-11-19", "2019-07-25", "2019-11-19", "publication date"},
		{"The aid was paused that day.", "2019-11-19", "2019-07-25", "2019-07-25", "sentence before"},
		// Parts of a day: the day of the sentence before; "later in the
		// day" too when that day is the news of the days before
		// publication.
		{"In the morning, lawmakers questioned the aide.", "2019-11-20", "2019-11-19", "2019-11-19", "sentence before"},
		{"Later in the day, two envoys testified.", "2019-11-20", "2019-11-19", "2019-11-19", "sentence before"},
		{"Later in the day, two envoys testified.", "2019-11-20", "2019-07-25", "2019-11-20", "publication date"},
		// A month and day without a year: the year nearest the
		// publication date, after it only when much nearer.
		{"The timing, days ahead of the May 9 parade, was noted.", "2023-05-04/..", "", "2023-05-09", "May 9"},
		{"The talks began on Dec. 28 and ended the next week.", "2024-01-05", "", "2023-12-28", "Dec. 28"},
		{"The hearing was held on July 18.", "2019-09/2019-12", "", "2019-07-18", "July 18"},
		{"The warrant was issued on 19 November.", "2019-09/2019-12", "", "2019-11-19", "19 November"},
		{"Talks began on 28th Dec. in the capital.", "2024-01-05", "", "2023-12-28", "28th Dec"},
		// A publication date known only as a range: a weekday is dated
		// no closer than the range, and the note says so.
		{"Prosecutors dropped the case on Tuesday.", "2019-09/2019-12", "", "2019-09/2019-12", "known only as"},
		{"Prosecutors dropped the case on Tuesday.", "2019-11-18/2019-11-20", "", "2019-11-12/2019-11-19", "Tuesday"},
		// A range of a few days: the weekday on or before each end, and
		// the note names the days it may be; the days a wide range
		// allows reach a little before it, and the note says so.
		{"Prosecutors dropped the case on Tuesday.", "2019-11-18/2019-11-22", "", "2019-11-12/2019-11-19", "which is 2019-11-12 or 2019-11-19"},
		{"Prosecutors dropped the case on Tuesday.", "2019-11-19/2019-11-22", "", "2019-11-19", "Tuesday on or before"},
		{"The court will rule on Friday.", "2019-11-18/2019-11-22", "", "2019-11-22", "Friday on or after"},
		{"The court will rule on Monday.", "2019-11-18/2019-11-22", "", "2019-11-18/2019-11-25", "which is 2019-11-18 or 2019-11-25"},
		{"Prosecutors dropped the case on Tuesday.", "2019-09/2019-12", "", "2019-09/2019-12", "the Tuesday on or before it, from 2019-08-27 to 2019-12-31"},
		{"Users said it was still down yesterday.", "2019-11-18/2019-11-22", "", "2019-11-17/2019-11-21", "yesterday"},
		// "due to" a cause and "next to" a place say nothing of what
		// is to come; "due to" a verb does.
		{"The match was called off due to the storm on Tuesday.", "2019-11-20", "", "2019-11-19", "Tuesday on or before"},
		{"The stall next to the market burned on Friday.", "2019-11-20", "", "2019-11-15", "Friday on or before"},
		{"She is due to testify on Friday.", "2019-11-20", "", "2019-11-22", "Friday on or after"},
		// "last" and "next" before a weekday: never the publication
		// day itself.
		{"The site went down last Tuesday.", "2019-11-19", "", "2019-11-12", "the Tuesday before"},
		{"The site went down last Tuesday.", "2019-11-21", "", "2019-11-19", "the Tuesday before"},
		{"The court rules next Friday.", "2019-11-22", "", "2019-11-29", "the Friday after"},
		{"The court rules next Friday.", "2019-11-20", "", "2019-11-22", "the Friday after"},
		// ... unless the sentence dates it itself.
		{"Prosecutors dropped the case on Tuesday, Nov. 19.", "2019-09/2019-12", "", "2019-11-19", "Nov. 19"},
		// Counts of days and weeks: back from publication ("ago"),
		// or from the sentence before ("later", "earlier").
		{"The ministry closed the border two days ago.", "2019-11-19", "", "2019-11-17", "two days ago"},
		{"The site went offline a week ago.", "2019-11-19", "", "2019-11-12", "a week ago"},
		{"The group first appeared three months ago.", "2019-11-19", "", "2019-08", "three months ago"},
		{"Three days later, the men were freed.", "2019-11-19", "2019-11-12", "2019-11-15", "sentence before"},
		{"A week earlier, the talks had stalled.", "2019-11-19", "2019-11-12", "2019-11-05", "sentence before"},
		{"Two years later, the group was banned.", "2019-11-19", "2016-08", "2018", "sentence before"},
		{"Two days later, the men were freed.", "2019-11-19", "2016-08", "", ""},
		// The weekend on or before publication.
		{"Protesters gathered over the weekend.", "2019-11-19", "", "2019-11-16/2019-11-17", "weekend"},
		{"Protesters gathered this weekend.", "2019-11-16", "", "2019-11-16", "weekend"},                   // published on the Saturday: so far
		{"Protesters gathered last weekend.", "2019-11-16", "", "2019-11-09/2019-11-10", "weekend before"}, // on a Saturday, the one before
		{"Protesters gathered last weekend.", "2019-11-18", "", "2019-11-16/2019-11-17", "weekend"},        // on a Monday, the one just past
		// Not dates: a modal "may", a month name inside a word, nothing.
		{"The missile may have been Ukrainian.", "2019-11-19", "", "", ""},
		{"He marched on.", "2019-11-19", "", "", ""},
		{"Tuesday was mentioned, but the article has no date.", "", "", "", ""},
	} {
		pub, _ := knowledge.ParseDate(c.pub)
		prev, _ := knowledge.ParseDate(c.prev)
		d, note, _ := findDate(c.sentence, dateContext{pub: pub, prev: prev})
		if d.String() != c.want || !strings.Contains(note, c.note) || (c.note == "" && note != "") {
			t.Errorf("findDate(%q, published %s) = %q, note %q; want %q, note with %q", c.sentence, c.pub, d, note, c.want, c.note)
		}
	}
}

// FuzzFindDate holds findDate to its contract on any sentence and
// publication date: it does not panic, what it returns is a date the
// model accepts, and the place it reports is inside the sentence.
func FuzzFindDate(f *testing.F) {
	for _, s := range []string{"released Tuesday", "on Sept. 7", "in February 2016", "last month", "the day before",
		"since June this year", "Feb. 30", "31 February 2019", "scheduled for Dec. 31", "LISBON, Nov 17 (Reuters) - x", "LONDON, 17 November 2019 (AFP) — x", "LISBON, Nov. 17, 2024 (Reuters) - x",
		"two days ago", "Three days later", "12 years earlier", "a month ago", "over the weekend", "last Tuesday", "next Friday"} {
		f.Add(s, "2019-11-19")
		f.Add(s, "2019-09/2019-12")
		f.Add(s, "2023-09-20/..")
		f.Add(s, "../2024-11-30")
		f.Add(s, "0001-01-01")
	}
	f.Fuzz(func(t *testing.T, sentence, published string) {
		pub, err := knowledge.ParseDate(published)
		if err != nil {
			pub = knowledge.Date{}
		}
		if day, words, ok := Dateline(sentence, pub); ok {
			// A pinned day lies inside the publication date, as printed.
			t0 := time.Date(day.Year, time.Month(day.Month), day.Day, 0, 0, 0, 0, time.UTC)
			first, _, _ := pubEnds(pub.Start())
			_, last, _ := pubEnds(pub.Finish())
			if day.IsRange() || day.Day == 0 || !pub.OpenStart && t0.Before(first) || !pub.OpenEnd && t0.After(last) || !strings.Contains(sentence, words) {
				t.Fatalf("Dateline(%q, %q) = %q, %q: not a day inside the publication date, as printed", sentence, published, day, words)
			}
		}
		d, _, at := findDate(sentence, dateContext{pub: pub, prev: pub})
		if d.IsZero() {
			return
		}
		if _, err := knowledge.ParseDate(d.String()); err != nil {
			t.Fatalf("findDate(%q, %q) = %q, which the model refuses: %v", sentence, published, d, err)
		}
		if at[0] < 0 || at[1] > len(sentence) || at[0] >= at[1] {
			t.Fatalf("findDate(%q, %q) at %v, outside the sentence", sentence, published, at)
		}
	})
}

// TestDateline checks that an agency's dateline pins the publication day
// only inside the publication date the editor gives, and in one year.
func TestDateline(t *testing.T) {
	for _, c := range []struct{ text, pub, want, words string }{
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2024-11", "2024-11-17", "LISBON, Nov 17 (Reuters)"},
		{"date 2024-11-18\nLISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2024-11-01/2024-11-30", "2024-11-17", "LISBON, Nov 17 (Reuters)"},
		{"LONDON, 17 November 2019 (AFP) — The court ruled.", "2019", "2019-11-17", "LONDON, 17 November 2019 (AFP)"},
		{"SAN FRANCISCO, Calif., Dec. 29 (Reuters) - Gmail was cut off.", "2014-12-01/2015-01-31", "2014-12-29", "SAN FRANCISCO, Calif., Dec. 29 (Reuters)"},
		{"Dec. 29 (Reuters) - Gmail was cut off.", "2014-12", "2014-12-29", "Dec. 29 (Reuters)"},
		// Outside the publication date, in two of its years, already a
		// day, not known, or open: no pin.
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2024-12", "", ""},
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2023/2024", "", ""},
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2024-11-18", "", ""},
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "", "", ""},
		{"LISBON, Nov 17 (Reuters) - Floods closed the bridge.", "2024-11-01/..", "", ""},
		{"LISBON, Nov. 17, 2024 (Reuters) - Floods closed the bridge.", "2024-11-01/..", "2024-11-17", "LISBON, Nov. 17, 2024 (Reuters)"},
		{"LISBON, Nov. 17, 2024 (Reuters) - Floods closed the bridge.", "../2024-11-30", "2024-11-17", "LISBON, Nov. 17, 2024 (Reuters)"},
		{"LISBON, Nov. 17, 2024 (Reuters) - Floods closed the bridge.", "2024-11-18/..", "", ""},
		// No dateline: a date in the first sentence, or a place alone.
		{"On Nov 17 (a Sunday) - missiles struck.", "2024-11", "", ""},
		{"LONDON (AP) — The party's account was renamed.", "2019-11", "", ""},
		{"Nov 31 (Reuters) - Nothing.", "2024-11", "", ""},
	} {
		pub, _ := knowledge.ParseDate(c.pub)
		d, words, ok := Dateline(c.text, pub)
		if got := d.String(); ok != (c.want != "") || ok && (got != c.want || words != c.words) {
			t.Errorf("Dateline(%q, %s) = %q, %q, %v; want %q, %q", c.text, c.pub, got, words, ok, c.want, c.words)
		}
	}
}

func TestSaidDate(t *testing.T) {
	pub, _ := knowledge.ParseDate("2019-11-19")
	for _, c := range []struct{ sentence, cue, want string }{
		{"A man pleaded guilty, the office announced Monday.", "announced", "2019-11-18"},
		{"The analyst told a magazine in October 2018 that the group was secular.", "told", "2018-10"},
		{"The service was cut off on Friday, said the group.", "said", ""},
		{"He said the July 25 call made him realize it.", "said", ""},
		{"She said “we met on Tuesday” to reporters.", "said", ""},
	} {
		d, _ := saidDate(Quote{Cue: c.cue, Sentence: c.sentence}, pub)
		if d.String() != c.want {
			t.Errorf("saidDate(%q) = %q; want %q", c.sentence, d, c.want)
		}
	}
}

// TestEventNamedDate checks that a date naming what a statement speaks
// of ("the May 3 attack") dates the statement between it and publication,
// while one that dates the happening itself stays a day.
func TestEventNamedDate(t *testing.T) {
	pub, err := knowledge.ParseDate("2023-05-25")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"Officials told the newspaper that the May 3 attack may have been carried out by a special unit.\n", "2023-05-03/2023-05-25"},
		{"Two drones were flown on May 3 toward the palace.\n", "2023-05-03"},
		// The date of what the words were said in dates the saying.
		{"The flaw is limited, said an analyst in a Monday analysis of the code.\n", "2023-05-22"},
	} {
		evs := Events(c.text, nil, pub)
		if len(evs) != 1 || evs[0].Date.String() != c.want {
			t.Errorf("Events(%q) = %+v; want one event dated %s", c.text, evs, c.want)
		}
	}
}

// TestQuotedToday checks that "today" in someone's words is not taken
// for the publication day: they may have said it the day before.
func TestQuotedToday(t *testing.T) {
	pub, err := knowledge.ParseDate("2019-11-20")
	if err != nil {
		t.Fatal(err)
	}
	const text = "\"Today's hearing changed nothing,\" the press secretary said in a statement.\n"
	evs := Events(text, Extract(text, nil), pub)
	if len(evs) != 1 || evs[0].Date.String() != "../2019-11-20" || !strings.Contains(evs[0].DateNote, "in someone's words") {
		t.Errorf("Events(%q) = %+v; want one event on or before publication, its note saying why", text, evs)
	}
}

// TestQuotedFullDate checks that someone's words that name a day in
// passing ("the May 3 meeting") and a happening printed in full ("were
// published on June 9, 2024") give an event of the date in full.
func TestQuotedFullDate(t *testing.T) {
	pub, err := knowledge.ParseDate("2024-11-19")
	if err != nil {
		t.Fatal(err)
	}
	const text = "\"The board acted alone,\" Roe said in her statement. \"I was not at the May 3 meeting. I learned of it only when the minutes were published on June 9, 2024.\"\n"
	for _, e := range Events(text, Extract(text, nil), pub) {
		if strings.Contains(e.Sentence, "June 9") && e.Date.String() != "2024-06-09" {
			t.Errorf("event %q dated %s; want 2024-06-09, printed in full", e.Sentence, e.Date)
		}
		if strings.Contains(e.Sentence, "June 9") {
			return
		}
	}
	t.Errorf("no event of %q", text)
}

// TestDraftNarrowedPublication checks that a publication date known only
// as a year starts no earlier than what the article reports as past: a
// weekday is dated as that narrower range, and what is scheduled falls
// after it, each with its note, while the source keeps the date given.
func TestDraftNarrowedPublication(t *testing.T) {
	const text = "A man was arrested in April for a call he made to the mayor's office.\n\n" +
		"The man pleaded guilty to the charges, the city's prosecutor announced Monday.\n\n" +
		"His sentencing is scheduled for Feb. 14, according to the office.\n\n" +
		"The mayor's office confirmed the call.\n"
	d := draftAlone(t, text, Meta{SourceID: "plea", Title: "Plea", Name: "plea.txt", Published: "2019"})
	y := string(d.YAML())
	draftHolds(t, y,
		"    published: \"2019\"\n",
		"date: \"2019-04\"\n",
		"date: \"2019-04/2019-12\"\n",
		"the publication date 2019 taken as 2019-04/2019-12, since the article reports “in April” as past",
		"date: \"2020-02-14\"\n",
		// What the article does not date is bounded by the
		// publication date as given.
		"date: \"../2019\"\n    date_note: \"the article does not say when; it happened before the article was published (2019)\"\n",
	)
}

// TestDraftCountedDates checks the drafted events of counted days: back
// from publication ("two days ago") and on from the sentence before
// ("a day later"), each with its note.
func TestDraftCountedDates(t *testing.T) {
	const text = "The ministry closed the border crossing two days ago, officials said.\n\n" +
		"A day later, the ministry reopened the crossing to trucks.\n"
	d := draftAlone(t, text, Meta{SourceID: "border", Title: "Border", Name: "border.txt", Published: "2019-11-19"})
	y := string(d.YAML())
	draftHolds(t, y,
		"date: \"2019-11-17\"\n    date_note: \"“two days ago” in the article, counted back from its publication date 2019-11-19\"\n",
		"date: \"2019-11-18\"\n    date_note: \"“A day later” in the article, counted from 2019-11-17, the date of the sentence before\"\n",
	)
}

// TestDraftWeekdayInRange checks the drafted event of a weekday in an
// article published on one of a few days: the interval of the days it
// may be, and a note that names them, not a guess of one.
func TestDraftWeekdayInRange(t *testing.T) {
	const text = "Prosecutors dropped the investigation on Tuesday, the authority said.\n\n" +
		"The authority confirmed the decision in a statement.\n"
	d := draftAlone(t, text, Meta{SourceID: "case", Title: "Case", Name: "case.txt", Published: "2019-11-18/2019-11-22"})
	draftHolds(t, string(d.YAML()),
		"date: \"2019-11-12/2019-11-19\"\n    date_note: \"“Tuesday” in the article: the Tuesday on or before its publication date 2019-11-18/2019-11-22, which is 2019-11-12 or 2019-11-19\"\n",
	)
}
